// A doomed app instance: `node holdThenDie.ts '<{ ns, dropId, customerId }>'` holds one unit
// through its own relayed store, then SIGKILLs itself in the same fiber step the hold resolved in,
// before any timer or pending I/O of this process could run. Whatever the other instances hear
// about the hold must have been sent as part of the commit.
import { Effect, ManagedRuntime } from "effect"
import { DropStore } from "../../src/DropStore.ts"
import { type Namespace, relayedInstance } from "./instances.ts"

const cfg = JSON.parse(process.argv[2] ?? "{}") as {
  readonly ns: Namespace
  readonly dropId: string
  readonly customerId: string
}
const runtime = ManagedRuntime.make(relayedInstance(cfg.ns))
await runtime
  .runPromise(
    DropStore.use((store) =>
      store.hold({
        dropId: cfg.dropId,
        customerId: cfg.customerId,
        lines: [{ sku: "TAPE", quantity: 1 }],
        idempotencyKey: `k-${cfg.customerId}`
      })
    ).pipe(Effect.tap(() => Effect.sync(() => process.kill(process.pid, "SIGKILL"))))
  )
  .catch((error: unknown) => {
    console.error("holdThenDie: the hold failed", error)
    process.exit(3)
  })
// only reached if the kill did not happen
process.exit(4)
