/**
 * The wire side of cross-instance events shared by the PostgreSQL and Redis stores: an instance's
 * id (to skip its own messages), and the PostgreSQL `NOTIFY` message (`{"i":<instance>,"s":<seq>,
 * "e":[events]}`), split under the payload limit and decoded with the `DropEvent` schema. The Redis
 * store publishes its own compact message from its script (see redis.ts). Sending is part of each
 * store's commit, so there is no sending side here.
 *
 * @since 0.1.0
 */
import { Effect, Schema, type Scope } from "effect"
import { DropEvent } from "../DropEvent.ts"
import { type StoreOperation, StoreUnavailable } from "../errors.ts"

const ids = new WeakMap<object, string>()

/**
 * The instance id of a store's options: `options.instanceId`, or one random id per options object,
 * so a backend and a relay built from the same options agree on it.
 */
export const instanceIdOf = (options: { readonly instanceId?: string | undefined }): string => {
  if (options.instanceId !== undefined) return options.instanceId
  let id = ids.get(options)
  if (id === undefined) {
    id = globalThis.crypto.randomUUID()
    ids.set(options, id)
  }
  return id
}

const Message = Schema.Struct({ i: Schema.String, s: Schema.Number, e: Schema.Array(DropEvent) })
const decodeMessage = Schema.decodeUnknownOption(Schema.fromJsonString(Message))

/** A decoded event message: the sending instance and its events. */
export interface EventMessage {
  /** The instance that committed the events. */
  readonly i: string
  /** The events, in commit order. */
  readonly e: ReadonlyArray<DropEvent>
}

/** Decodes an event message; undefined if it is not one (a foreign or broken payload). */
export const decodeEventMessage = (text: string): EventMessage | undefined => {
  const decoded = decodeMessage(text)
  return decoded._tag === "None" ? undefined : decoded.value
}

const utf8 = new TextEncoder()

/** How every message of an instance starts (receivers skip their own by it, before decoding). */
export const messagePrefix = (instanceId: string): string => `{"i":${JSON.stringify(instanceId)},`

/**
 * Encodes events as messages of at most `maxBytes` UTF-8 bytes each (an event is never split; the
 * events' `Type` is their JSON form). `seq` numbers the messages, so two payloads are never equal
 * (PostgreSQL folds equal notifications of one transaction into one).
 */
export const encodeEventMessages = (
  instanceId: string,
  events: ReadonlyArray<DropEvent>,
  maxBytes: number,
  seq: () => number
): Array<string> => {
  const out: Array<string> = []
  const prefix = messagePrefix(instanceId)
  const head = () => `${prefix}"s":${seq()},"e":[`
  // the most a head and the closing brackets take (the largest safe integer as seq)
  const frame = utf8.encode(`${prefix}"s":${Number.MAX_SAFE_INTEGER},"e":[]}`).length
  let body = ""
  let bytes = 0
  for (const event of events) {
    const e = JSON.stringify(event)
    const size = utf8.encode(e).length + 1
    if (body !== "" && frame + bytes + size > maxBytes) {
      out.push(`${head()}${body}]}`)
      body = ""
      bytes = 0
    }
    body += body === "" ? e : `,${e}`
    bytes += size
  }
  if (body !== "") out.push(`${head()}${body}]}`)
  return out
}

/**
 * Hears a connection's messages for the life of a scope: attaches the handler, then starts
 * listening (`LISTEN`, `PSUBSCRIBE`); on close, detaches it and stops (a failure to stop is
 * ignored: the connection is the caller's). Failing to start detaches and fails the scope.
 */
export const listenScoped = (options: {
  readonly store: string
  readonly operation: StoreOperation
  readonly attach: () => void
  readonly detach: () => void
  readonly start: () => Promise<unknown>
  readonly stop: () => Promise<unknown>
}): Effect.Effect<void, StoreUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        options.attach()
        await options.start()
      },
      catch: (cause) => {
        options.detach()
        return new StoreUnavailable({ store: options.store, operation: options.operation, cause })
      }
    }),
    () =>
      Effect.promise(async () => {
        options.detach()
        await options.stop().catch(() => undefined)
      })
  )
