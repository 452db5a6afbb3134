import { memoryStore } from "../src/index.js"
import { ledgerSuite } from "./ledgerSuite.js"

ledgerSuite("the memory store", memoryStore)
