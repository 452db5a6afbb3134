/**
 * Raffles in a store: entering during the window, and the draw after it (winners get their holds,
 * everyone else joins the waiting list in rank order). The draw itself is `drawRaffle` in
 * raffle.ts; this module runs it against a store. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Schema } from "effect"
import { Id } from "../Drop.ts"
import type { EntryRequest, RaffleOutcome } from "../Entry.ts"
import {
  type DropNotFound,
  type InvalidDropInput,
  InvalidSeed,
  RaffleStillOpen,
  type StoreUnavailable,
  WrongMode
} from "../errors.ts"
import type { Hold } from "../Hold.ts"
import { commitSeed, drawRaffle as draw, stockOf } from "../raffle.ts"
import { checkWindow } from "../rules.ts"
import { decodeInput } from "./decodeInput.ts"
import type { OpResult } from "./engine.ts"
import { addEntry, awardOp, checkEntry, newToken } from "./entries.ts"
import type { StoreParts } from "./storeParts.ts"

const decodeDraw = decodeInput(Schema.Struct({ dropId: Id, seed: Schema.String }), "draw")

/** Enters a raffle drop during its window (see `DropStoreShape.enterRaffle`); the entry. */
export const enterRaffle = (
  { backend, drops }: StoreParts,
  request: EntryRequest
  // the errors are inferred: DropStoreShape.enterRaffle lists them, and the store is checked against it
) =>
  Effect.gen(function* () {
    const { drop, valid } = yield* checkEntry(drops, request)
    if (drop.mode !== "raffle")
      return yield* new WrongMode({ dropId: drop.id, mode: drop.mode, operation: "raffle entries" })
    const now = yield* Clock.currentTimeMillis
    const closed = checkWindow(drop, valid.passes ?? [], now)
    if (closed !== undefined) return yield* closed
    return yield* addEntry(backend, drop, "raffle", valid)
  })

/** Draws a raffle after its windows closed, with the revealed seed (see `DropStoreShape.drawRaffle`). */
export const drawRaffle = (
  { backend, drops, events }: StoreParts,
  request: { readonly dropId: string; readonly seed: string }
): Effect.Effect<
  RaffleOutcome,
  DropNotFound | WrongMode | InvalidSeed | RaffleStillOpen | InvalidDropInput | StoreUnavailable
> =>
  Effect.gen(function* () {
    const { dropId, seed } = yield* decodeDraw(request)
    const drop = yield* drops.get(dropId)
    if (drop.mode !== "raffle" || drop.commitment === undefined)
      return yield* new WrongMode({ dropId, mode: drop.mode, operation: "a raffle draw" })
    if (commitSeed(seed) !== drop.commitment) return yield* new InvalidSeed({ dropId })
    const now = yield* Clock.currentTimeMillis
    const closesAt = Math.max(...drop.windows.map((w) => w.closesAt))
    if (now < closesAt) return yield* new RaffleStillOpen({ dropId, closesAt })
    const stored = yield* backend.listEntries(drop, "raffle")
    const entries = stored.map((e) => ({ customerId: e.customerId, lines: e.lines }))
    const tokens = new Map(stored.map((e) => [e.customerId, e.token]))
    const outcome = draw(seed, entries, stockOf(drop.items))
    const holds: Array<Hold> = []
    for (const w of outcome.winners) {
      const op = awardOp(drop, w.customerId, w.lines, `raffle:${tokens.get(w.customerId)}`, false)
      const out = yield* backend.run(drop, [op], now)
      const result = out.results[0] as OpResult
      if (result.ok) {
        holds.push(result.hold)
        if (events.listening()) yield* events.publish(drop, now, [op], out)
      }
    }
    // Drawing again must not put back an entry that was already offered its hold (and left the
    // list): those are the entries whose waiting-list hold key exists.
    const offered = new Set(
      (yield* backend.snapshot(drop, now)).holdKeys
        .filter((k) => k.key.startsWith("waitlist:"))
        .map((k) => k.key)
    )
    for (const w of outcome.waitingList) {
      const token = tokens.get(w.customerId) ?? newToken(backend)
      if (offered.has(`waitlist:${token}`)) continue
      yield* backend.addEntry(drop, "waiting", { customerId: w.customerId, lines: w.lines, token })
    }
    return {
      dropId,
      seed,
      entries,
      winners: outcome.winners,
      holds,
      waitingList: outcome.waitingList
    } satisfies RaffleOutcome
  })
