// Type-level promises of the promise entry, checked by `tsc` (the package's typecheck includes test/):
// `startRelay` and `relayLayer` take the config Schema's encoded type, so editors complete the settings
// and a typo is refused before run time (and at run time, see RelayConfig.test.ts).
import { expectTypeOf } from "vitest"
import { type RelayConfig, relayLayer } from "../src/index.ts"
import { startRelay } from "../src/promise.ts"

const required = { publicKeys: ["1:key"], publisherSecret: "at-least-16-characters" }

expectTypeOf(startRelay).parameter(0).toEqualTypeOf<RelayConfig>()
expectTypeOf(relayLayer).parameter(0).toEqualTypeOf<RelayConfig>()
expectTypeOf<RelayConfig["workers"]>().toEqualTypeOf<number | undefined>()
expectTypeOf<RelayConfig["seatPolicy"]>().toEqualTypeOf<"replace-oldest" | "refuse" | undefined>()

export const ok = () => startRelay({ ...required, workers: 2, upstreamIdleMs: 1_000, takeover: "refuse" })
// @ts-expect-error a typo of `workers` is not a setting
export const typo = () => startRelay({ ...required, worker: 2 })
// @ts-expect-error `publisherSecret` is required
export const missing = () => startRelay({ publicKeys: ["1:key"] })
// @ts-expect-error a duration is a number of milliseconds, not a string
export const text = () => startRelay({ ...required, upstreamIdleMs: "3000" })
// @ts-expect-error the policies are literals
export const policy = () => relayLayer({ ...required, seatPolicy: "oldest" })
// @ts-expect-error the configuration is not `unknown` any more
export const anything = (x: unknown) => startRelay(x)
