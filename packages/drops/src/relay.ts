/**
 * The wire side of cross-instance events, shared by the Redis and PostgreSQL relays: events sent
 * during one tick are coalesced into one message per drop (`{"i":<instance>,"e":[events]}`), and
 * received messages are decoded with the `DropEvent` schema, skipping this instance's own.
 *
 * @since 0.2.0
 */
import { type Effect, Schema, type Scope } from "effect"
import type { EventRelay } from "./DropStore.ts"
import type { StoreUnavailable } from "./errors.ts"
import { DropEvent } from "./model.ts"

const Message = Schema.Struct({ i: Schema.String, e: Schema.Array(DropEvent) })
const decodeMessage = Schema.decodeUnknownOption(Schema.fromJsonString(Message))
const encodeEvents = Schema.encodeSync(Schema.Array(DropEvent))

/** What a store gives {@link makeRelay}: how to send one message, and how to hear them. */
export interface RelayWire {
  /** This instance's id (in every message, to skip our own). */
  readonly instanceId: string
  /** Most characters in one message (PostgreSQL `NOTIFY` payloads stop at 8000 bytes). */
  readonly maxChars?: number
  /** Sends one message for a drop; failures are reported to `onError`, not thrown. */
  readonly send: (dropId: string, message: string) => Promise<unknown>
  /** Starts hearing messages (every drop); stops with the scope. */
  readonly listen: (
    onMessage: (message: string) => void
  ) => Effect.Effect<void, StoreUnavailable, Scope.Scope>
  /** Told when a message could not be sent (default: ignored; delivery is at most once). */
  readonly onError?: (error: unknown) => void
}

/** Builds an {@link EventRelay} from a wire (internal to the stores). */
export const makeRelay = (wire: RelayWire): EventRelay => {
  const maxChars = wire.maxChars ?? Number.POSITIVE_INFINITY
  const pending = new Map<string, Array<DropEvent>>()
  let scheduled = false
  // one message at a time: a pool may send two on different connections, which could arrive swapped
  let chain: Promise<unknown> = Promise.resolve()
  const sendText = (dropId: string, text: string) => {
    chain = chain.then(() => wire.send(dropId, text)).catch((error: unknown) => wire.onError?.(error))
  }
  const head = `{"i":${JSON.stringify(wire.instanceId)},"e":[`
  const flush = () => {
    scheduled = false
    for (const [dropId, events] of pending) {
      const encoded = (encodeEvents(events) as ReadonlyArray<unknown>).map((e) => JSON.stringify(e))
      let body = ""
      for (const e of encoded) {
        if (body !== "" && head.length + body.length + e.length + 3 > maxChars) {
          sendText(dropId, `${head}${body}]}`)
          body = ""
        }
        body += body === "" ? e : `,${e}`
      }
      if (body !== "") sendText(dropId, `${head}${body}]}`)
    }
    pending.clear()
  }
  return {
    send: (dropId, events) => {
      const list = pending.get(dropId)
      if (list === undefined) pending.set(dropId, [...events])
      else list.push(...events)
      if (!scheduled) {
        scheduled = true
        setTimeout(flush, 0)
      }
    },
    listen: (deliver) =>
      wire.listen((message) => {
        const decoded = decodeMessage(message)
        if (decoded._tag === "None" || decoded.value.i === wire.instanceId) return
        deliver(decoded.value.e)
      })
  }
}
