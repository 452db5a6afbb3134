// Every TypeScript block of the README compiles under strict + nodenext; the `ts run` blocks run.
import { join } from "node:path"
import { describeReadme } from "../../../scripts/test-support/readme.ts"

await describeReadme(join(import.meta.dirname, ".."))
