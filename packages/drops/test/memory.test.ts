import { layerMemory } from "../src/index.ts"
import { conformanceSuite } from "../src/testing.ts"

conformanceSuite("memory", () => layerMemory(), { numRuns: 60 })
