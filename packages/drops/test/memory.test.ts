import { layerMemory } from "../src/index.ts"
import { conformanceSuite } from "../src/testing.ts"

await conformanceSuite("memory", () => layerMemory(), { numRuns: 60 })
