/**
 * Every record the Redis store keeps or exchanges with its scripts, and their TypeScript codecs, in
 * one place. The Lua scripts (src/internal/lua/*.lua) read and write the same texts; their header
 * comments point here. The formats are the stored data's: changing one breaks data already in Redis.
 *
 * Ids, keys and SKUs never contain a space (the store refuses them: {@link badIds}), so fields are
 * separated by single spaces and the last field may be "the rest". Lines are `sku*qty,sku*qty`
 * (SKUs have no `*` or `,`: the `Drop` schema refuses them).
 *
 * Keys (`<prefix>{<dropId>}:<part>`, see keys.ts):
 * - `drop`: the drop as JSON (the `Drop` schema's encoding).
 * - `items`: hash; `s:<sku>` stock, `h:<sku>` units held, `c:<sku>` units confirmed, `q` the creation
 *   time of the last hold appended to `queue`.
 * - `holds`: hash by hold id; **Hold** record `<status> <createdAt> <lines> <customerId>` (the
 *   customer id is the rest of the text; a hold lasts the drop's `holdMs`, so `expiresAt` is not
 *   stored).
 * - `keys`: hash by idempotency key; **key record** `<fingerprint>\n<status>\n<holdId>` (the status
 *   the hold had when the key was last used: a replay answers the hold with that status).
 * - `queue`: list of `<createdAt> <holdId>` for holds created in time order; `due`: sorted set of
 *   hold ids scored by creation time for the few created out of order. Both are cleaned lazily: a
 *   hold no longer `held` when its time comes is skipped.
 * - `customers`: hash; units a customer holds or owns (only with a `perCustomer` limit).
 * - `<list>:order` (list of customer ids) and `<list>:data` (hash by customer id) per entry list
 *   (`raffle`, `waiting`); **entry record** `<lines> <token>`.
 *
 * **Operations** (apply.lua's ARGV after the config JSON), one string each:
 * - `h|w <now> <new hold id> <key> <customer> <lines> <fingerprint>`: a hold (`w`: a waiting-list offer)
 * - `p <now> <key> <fingerprint> <error JSON>`: a hold refused before the store
 * - `c|r <now> <hold id> <key> <fingerprint>`: a confirm or a release
 * - `x <now>`: nothing (availability, expiry)
 *
 * **Reply** of apply.lua: `[availability numbers (stock, held, confirmed per SKU in the drop's order),
 * expired holds (a line `<id> <hold record>` each), results (a line each)]`, a result being `n<id>`
 * a fresh hold, `h<id> <hold record>` a hold, `r<status> <id> <hold record>` a replay (the key's
 * status), `e<error JSON>` a refusal, `x` no operation.
 *
 * **Published message** (with a subscriber), JSON: `[instance, drop id, availability, expired holds,
 * "<kind><now>" per operation (space-separated), results (a line each)]`; a fresh hold is published
 * as `h<id> <hold record>`, a refusal or a replay as its letter only.
 *
 * Internal: not part of the public API.
 */
import { type Effect, Schema } from "effect"
import { Drop } from "../Drop.ts"
import type { DropEvent } from "../DropEvent.ts"
import { StoredEntry } from "../Entry.ts"
import { DomainError, StoreUnavailable } from "../errors.ts"
import type { Hold, Line, SkuAvailability } from "../Hold.ts"
import { sumLines } from "../rules.ts"
import { deriveEvents, type OpKind, type ResultFact } from "./deriveEvents.ts"
import { type Op, type OpResult, precheckHold } from "./engine.ts"

const decodeError = Schema.decodeUnknownSync(DomainError)

const spaced = /\s/
const badId = (id: string): boolean => id === "" || spaced.test(id)
/** Does an operation carry an id the script could not split (empty or with whitespace)? */
export const badIds = (op: Op): boolean =>
  badId(op.request.idempotencyKey) ||
  ("holdId" in op.request
    ? badId(op.request.holdId)
    : badId(op.request.customerId) || (op.request.passes ?? []).some(badId))
const encodeError = Schema.encodeSync(DomainError)
export const decodeDrop = Schema.decodeUnknownEffect(Schema.fromJsonString(Drop))

/** Lines as the store keeps them (holds, entries, ops): `sku*qty,sku*qty` (SKUs have no `*`, `,` or space). */
export const encodeLines = (lines: ReadonlyArray<Line>): string => {
  let text = ""
  for (const l of lines) text += `${text === "" ? "" : ","}${l.sku}*${l.quantity}`
  return text
}

/** Reads `sku*qty,…`; a part without `*` gets quantity NaN (the caller's schema refuses it). */
export const parseLines = (text: string): Array<Line> => {
  const lines: Array<Line> = []
  for (const part of text.split(",")) {
    const star = part.indexOf("*")
    lines.push(
      star < 0
        ? { sku: part, quantity: Number.NaN }
        : { sku: part.slice(0, star), quantity: Number(part.slice(star + 1)) }
    )
  }
  return lines
}

const decodeStoredEntry = Schema.decodeUnknownEffect(StoredEntry)

/**
 * Decodes an entry record `sku*qty,… token`; anything else (a hand-edited key, an older encoding)
 * fails with a `SchemaError` naming the field, never a crash.
 */
export const decodeEntryRecord = (
  customerId: string,
  record: string
): Effect.Effect<StoredEntry, Schema.SchemaError> => {
  const space = record.indexOf(" ")
  const lines = parseLines(space < 0 ? record : record.slice(0, space))
  return decodeStoredEntry({ customerId, lines, token: space < 0 ? undefined : record.slice(space + 1) })
}

/**
 * A hold as the script stores it: `status createdAt sku*qty,… customerId` (the customer id is the
 * rest of the text), starting at `from` in `text`.
 */
export const parseHold = (id: string, drop: Drop, text: string, from: number): Hold => {
  const a = text.indexOf(" ", from)
  const b = text.indexOf(" ", a + 1)
  const c = text.indexOf(" ", b + 1)
  const lines = parseLines(text.slice(b + 1, c))
  const createdAt = Number(text.slice(a + 1, b))
  return {
    id,
    dropId: drop.id,
    customerId: text.slice(c + 1),
    lines,
    status: text.slice(from, a) as Hold["status"],
    createdAt,
    expiresAt: createdAt + drop.holdMs
  }
}

/** `<id> <record>` from `from` in `text`. */
const parseIdHold = (drop: Drop, text: string, from: number): Hold => {
  const space = text.indexOf(" ", from)
  return parseHold(text.slice(from, space), drop, text, space + 1)
}

/** The script's availability numbers (stock, held, confirmed per SKU in the drop's order). */
export const decodeAvailability = (
  drop: Drop,
  avail: ReadonlyArray<number | string>
): Array<SkuAvailability> =>
  drop.items.map((item, i) => {
    const stock = Number(avail[3 * i])
    const held = Number(avail[3 * i + 1])
    const confirmed = Number(avail[3 * i + 2])
    return { sku: item.sku, stock, held, confirmed, available: stock - held - confirmed }
  })

/** The script's expired holds, one `<id> <record>` per line. */
export const decodeExpired = (drop: Drop, text: string): Array<Hold> =>
  text === "" ? [] : text.split("\n").map((e) => parseIdHold(drop, e, 0))

/** What a fresh hold was asked with (the script answers only its id). */
export interface Asked {
  readonly customerId: string
  readonly lines: ReadonlyArray<Line>
  readonly now: number
}

/** One result of the script (see "Reply" above); `asked` is what a fresh hold was asked with. */
export const decodeResult = (drop: Drop, r: string | undefined, asked: Asked | undefined): OpResult => {
  switch (r?.[0]) {
    case "n": {
      // a fresh hold: the script sends only its id, the rest is what was asked
      const a = asked as Asked
      const hold: Hold = {
        id: r.slice(1),
        dropId: drop.id,
        customerId: a.customerId,
        lines: a.lines,
        status: "held",
        createdAt: a.now,
        expiresAt: a.now + drop.holdMs
      }
      return { ok: true, hold, replayed: false }
    }
    case "h":
      return { ok: true, hold: parseIdHold(drop, r, 1), replayed: false }
    case "r": {
      // the first result is the hold with the status the key recorded
      const space = r.indexOf(" ")
      const hold = parseIdHold(drop, r, space + 1)
      return {
        ok: true,
        hold: { ...hold, status: r.slice(1, space) as Hold["status"] },
        replayed: true
      }
    }
    case "e":
      return { ok: false, error: decodeError(JSON.parse(r.slice(1))) }
    default:
      throw new StoreUnavailable({
        store: "redis",
        operation: "run",
        cause: "the drop script returned no result for an operation"
      })
  }
}

/**
 * Appends one operation as one string to `args` (see "Operations" above); returns what a fresh
 * hold was asked with (the script answers only its id). A hold the rules refuse before the store
 * (`precheckHold`) travels as `p`, so its idempotency key is still checked by the script.
 */
export const encodeOp = (
  args: Array<string>,
  drop: Drop,
  op: Op | undefined,
  now: number,
  newId: () => string
): Asked | undefined => {
  if (op === undefined) {
    args.push(`x ${now}`)
    return undefined
  }
  const { idempotencyKey } = op.request
  if (op._tag === "hold") {
    const error = op.award === true ? undefined : precheckHold(drop, op.request, now)
    if (error !== undefined) {
      args.push(`p ${now} ${idempotencyKey} ${op.fingerprint} ${JSON.stringify(encodeError(error))}`)
      return undefined
    }
    const lines = sumLines(op.request.lines)
    const text = encodeLines(lines)
    const kind = op.promoted === true ? "w" : "h"
    args.push(
      `${kind} ${now} ${newId()} ${idempotencyKey} ${op.request.customerId} ${text} ${op.fingerprint}`
    )
    return { customerId: op.request.customerId, lines, now }
  }
  args.push(
    `${op._tag === "confirm" ? "c" : "r"} ${now} ${op.request.holdId} ${idempotencyKey} ${op.fingerprint}`
  )
  return undefined
}

/**
 * What the script publishes with a subscriber configured: `[instance, drop id, availability,
 * expired holds, "<kind><now>" per operation (space-separated), results (a line each)]`.
 */
const Published = Schema.fromJsonString(
  Schema.Tuple([
    Schema.String,
    Schema.String,
    Schema.Array(Schema.Number),
    Schema.String,
    Schema.String,
    Schema.String
  ])
)
const decodePublished = Schema.decodeUnknownOption(Published)

/** `<kind><now>` of one published operation. */
const PUBLISHED_OP = /^[hwpcrx]\d+$/
/** A hold record (see "Hold" above), as a pattern. */
const RECORD = "(?:held|confirmed|released|expired) \\d+ \\S+ \\S+"
/** One published result: a letter for nothing changed, or `h<id> <record>`. */
const PUBLISHED_RESULT = new RegExp(`^(?:[eprx]|h\\S+ ${RECORD})$`)
/** One published expired hold: `<id> <record>`. */
const PUBLISHED_EXPIRED = new RegExp(`^\\S+ ${RECORD}$`)

const opKinds: Record<string, OpKind> = {
  h: { _tag: "hold" },
  w: { _tag: "hold", promoted: true },
  c: { _tag: "confirm" },
  r: { _tag: "release" }
}
const UNCHANGED: ResultFact = { ok: false }
const NO_OPS: ReadonlyArray<OpKind> = []

/**
 * The events of a batch another instance published, decoded with the script's own decoders and
 * derived like the local stream's; undefined for a message of this instance, about a drop this
 * instance has not loaded, or not a batch at all.
 */
export const receivedEvents = (
  instanceId: string,
  known: (dropId: string) => Drop | undefined,
  message: string
): Array<DropEvent> | undefined => {
  const decoded = decodePublished(message)
  if (decoded._tag === "None") return undefined
  const [sender, dropId, avail, expiredText, meta, resultText] = decoded.value
  const drop = sender === instanceId ? undefined : known(dropId)
  if (drop === undefined) return undefined
  // a message that is not exactly what the script publishes is dropped whole
  const kinds = meta.split(" ")
  const results = resultText.split("\n")
  const lapsed = expiredText === "" ? [] : expiredText.split("\n")
  if (
    avail.length !== 3 * drop.items.length ||
    !avail.every(Number.isSafeInteger) ||
    results.length !== kinds.length ||
    !kinds.every((k) => PUBLISHED_OP.test(k)) ||
    !results.every((r) => PUBLISHED_RESULT.test(r)) ||
    !lapsed.every((e) => PUBLISHED_EXPIRED.test(e))
  )
    return undefined
  try {
    const availability = decodeAvailability(drop, avail)
    const expired = decodeExpired(drop, expiredText)
    const events: Array<DropEvent> = []
    kinds.forEach((m, i) => {
      const op = opKinds[m[0] as string]
      const r = results[i] as string
      // refusals and replays travel as their letter only: they change nothing
      const result = op === undefined || r.length <= 1 ? UNCHANGED : decodeResult(drop, r, undefined)
      events.push(
        ...deriveEvents(drop.id, Number(m.slice(1)), op === undefined ? NO_OPS : [op], {
          results: op === undefined ? [] : [result],
          availability,
          expired: i === 0 ? expired : []
        })
      )
    })
    return events
  } catch {
    return undefined
  }
}

/** Was the key record written by a hold (its fingerprint starts with the operation, see engine.ts)? */
export const isHoldKeyRecord = (record: string): boolean => record.startsWith("hold|")

/** The hold id a key record names (its last line). */
export const keyRecordHoldId = (record: string): string => record.slice(record.lastIndexOf("\n") + 1)
