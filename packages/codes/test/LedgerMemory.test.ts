import { memoryStore } from "../src/index.ts"
import { ledgerSuite } from "./ledgerSuite.ts"

ledgerSuite("the memory store", memoryStore)
