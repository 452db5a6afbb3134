// A rush client process: `node worker.ts '<RushConfig JSON>'`. Sends its RushReport to the parent
// over IPC (or, in "hang" mode, reports its first hold and keeps claiming until it is killed).
import { ManagedRuntime } from "effect"
import { embedded, type RushConfig, runClients, storeLayer } from "./clients.ts"
import { layerRemote } from "./remote.ts"

const cfg = JSON.parse(process.argv[2] ?? "{}") as RushConfig & { readonly hang?: boolean }
const runtime = ManagedRuntime.make(embedded(cfg.store) ? layerRemote() : storeLayer(cfg))
let told = false
const report = await runClients(runtime, cfg, () => {
  if (cfg.hang === true && !told) {
    told = true
    process.send?.({ type: "holding" })
  }
})
process.send?.({ type: "report", report }, () => {
  void runtime.dispose().then(() => process.exit(0))
})
