// The embedded stores (memory, PGlite) live inside one process: the event site's server. To race
// them from several OS processes, the parent process hosts the store and each client process
// reaches it over the IPC channel, as browsers reach the site over HTTP. A killed client process
// leaves behind exactly what the host had already decided for it (holds that must lapse).
import type { ChildProcess } from "node:child_process"
import { Cause, Effect, Exit, Layer, type ManagedRuntime } from "effect"
import { DropStore, type DropStoreShape } from "../../src/DropStore.ts"
import { StoreUnavailable } from "../../src/errors.ts"

/** The operations the rush and fault tests forward; the others are not part of the wire. */
const forwarded = ["getDrop", "hold", "confirm", "release", "availability", "snapshot"] as const
type Method = (typeof forwarded)[number]

interface Call {
  readonly type: "call"
  readonly id: number
  readonly method: Method
  readonly arg: unknown
}
interface Reply {
  readonly type: "reply"
  readonly id: number
  readonly ok: boolean
  readonly value: unknown
}

/** A failure as plain data: its tag, its fields and its message survive the JSON channel. */
const plainError = (error: unknown): unknown =>
  typeof error === "object" && error !== null
    ? { ...error, _tag: (error as { _tag?: string })._tag, message: (error as { message?: string }).message }
    : { _tag: "Defect", message: String(error) }

/** Serves a child's calls from the parent's store runtime. */
export const serveStore = (
  child: ChildProcess,
  runtime: ManagedRuntime.ManagedRuntime<DropStore, unknown>
): void => {
  child.on("message", (m: { readonly type?: string }) => {
    if (m.type !== "call") return
    const call = m as Call
    if (!forwarded.includes(call.method)) return
    const run = DropStore.use((s) =>
      (s[call.method] as (arg: unknown) => Effect.Effect<unknown, unknown>)(call.arg)
    )
    void runtime.runPromiseExit(run).then((exit) => {
      const reply: Reply = Exit.isSuccess(exit)
        ? { type: "reply", id: call.id, ok: true, value: exit.value }
        : { type: "reply", id: call.id, ok: false, value: plainError(Cause.squash(exit.cause)) }
      // the child may have been killed meanwhile: its answer is simply lost, as over a dropped socket
      if (child.connected) child.send(reply, (error) => error && undefined)
    })
  })
}

/** A `DropStore` in a client process that forwards to the parent over IPC. */
export const layerRemote = (): Layer.Layer<DropStore> =>
  Layer.sync(DropStore, () => {
    let next = 0
    const waiting = new Map<number, (reply: Reply) => void>()
    process.on("message", (m: { readonly type?: string }) => {
      if (m.type !== "reply") return
      const reply = m as Reply
      waiting.get(reply.id)?.(reply)
      waiting.delete(reply.id)
    })
    const forward =
      (method: Method) =>
      (arg: unknown): Effect.Effect<never, never> =>
        Effect.callback((resume) => {
          const id = next++
          waiting.set(id, (reply) =>
            resume(reply.ok ? Effect.succeed(reply.value as never) : Effect.fail(reply.value as never))
          )
          const call: Call = { type: "call", id, method, arg }
          process.send?.(call, (error: Error | null) => {
            if (error === null) return
            waiting.delete(id)
            resume(
              Effect.fail(new StoreUnavailable({ store: "remote", operation: "run", cause: error }) as never)
            )
          })
        })
    const notForwarded = (what: string) => () =>
      Effect.die(new Error(`${what} is not forwarded to the store host`))
    const shape: DropStoreShape = {
      name: "remote",
      createDrop: notForwarded("createDrop"),
      getDrop: forward("getDrop"),
      hold: forward("hold"),
      confirm: forward("confirm"),
      release: forward("release"),
      availability: forward("availability"),
      snapshot: forward("snapshot"),
      subscribe: notForwarded("subscribe"),
      enterRaffle: notForwarded("enterRaffle"),
      drawRaffle: notForwarded("drawRaffle"),
      joinWaitingList: notForwarded("joinWaitingList"),
      waitingList: notForwarded("waitingList"),
      promoteWaitingList: notForwarded("promoteWaitingList")
    }
    return DropStore.of(shape)
  })
