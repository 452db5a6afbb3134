/**
 * Raffle and waiting-list entries: the checks an entry request passes before it is stored, adding
 * one entry per customer, and the hold the store offers an entry itself (a raffle win, a
 * waiting-list offer). Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { Drop } from "../Drop.ts"
import type { DropBackend, EntryList } from "../DropBackend.ts"
import { type EntryLines, EntryRequest, type StoredEntry } from "../Entry.ts"
import {
  AlreadyEntered,
  type DropNotFound,
  type InvalidDropInput,
  LimitExceeded,
  type StoreUnavailable,
  UnknownSku
} from "../errors.ts"
import type { HoldRequest } from "../Hold.ts"
import { totalUnits } from "../rules.ts"
import { decodeInput } from "./decodeInput.ts"
import type { DropCache } from "./dropCache.ts"
import { fingerprint, type Op } from "./engine.ts"

const decodeEntryRequest = decodeInput(EntryRequest, "entryRequest")

/** A fresh entry token (it names the entry's hold key, so an entry is offered one hold at most). */
export const newToken = (backend: DropBackend): string => `entry-${backend.newId()}`

/** Fails with `LimitExceeded` when an entry's units break `perOrder` or `perCustomer` on their own. */
const checkEntryLimits = (drop: Drop, quantity: number): Effect.Effect<void, LimitExceeded> => {
  const { perOrder, perCustomer } = drop.limits
  if (perOrder !== undefined && quantity > perOrder)
    return Effect.fail(
      new LimitExceeded({
        dropId: drop.id,
        limit: "perOrder",
        max: perOrder,
        requested: quantity,
        already: 0
      })
    )
  if (perCustomer !== undefined && quantity > perCustomer)
    return Effect.fail(
      new LimitExceeded({
        dropId: drop.id,
        limit: "perCustomer",
        max: perCustomer,
        requested: quantity,
        already: 0
      })
    )
  return Effect.void
}

/**
 * Checks an entry request before anything uses it: the schema (non-empty lines, each SKU once,
 * whole quantities), then its drop, the SKUs the drop sells, and its total units against the
 * limits (the same meaning as for a hold: `perOrder` = units in one order, `perCustomer` = units
 * one customer may own).
 *
 * @param drops - the store's drop cache
 * @param request - the entry request as the caller passed it
 * @returns the drop and the decoded request
 */
export const checkEntry = (
  drops: DropCache,
  request: EntryRequest
): Effect.Effect<
  { readonly drop: Drop; readonly valid: EntryRequest },
  InvalidDropInput | DropNotFound | StoreUnavailable | UnknownSku | LimitExceeded
> =>
  Effect.gen(function* () {
    const valid = yield* decodeEntryRequest(request)
    const drop = yield* drops.get(valid.dropId)
    for (const line of valid.lines)
      if (!drop.items.some((item) => item.sku === line.sku))
        return yield* new UnknownSku({ dropId: drop.id, sku: line.sku })
    yield* checkEntryLimits(drop, totalUnits(valid.lines))
    return { drop, valid }
  })

/**
 * Stores a checked request as a fresh entry of `list`, once per customer.
 *
 * @returns the entry; fails with `AlreadyEntered` when the customer is on the list already
 */
export const addEntry = (
  backend: DropBackend,
  drop: Drop,
  list: EntryList,
  valid: EntryRequest
): Effect.Effect<StoredEntry, AlreadyEntered | StoreUnavailable> => {
  const entry: StoredEntry = { customerId: valid.customerId, lines: valid.lines, token: newToken(backend) }
  return Effect.flatMap(backend.addEntry(drop, list, entry), (added) =>
    added
      ? Effect.succeed(entry)
      : Effect.fail(new AlreadyEntered({ dropId: drop.id, customerId: valid.customerId, list }))
  )
}

/**
 * A hold the store offers itself: a raffle win, or (`promoted`) a waiting-list offer. It skips the
 * window and limit prechecks (`award`) and its idempotency key comes from the entry's token.
 */
export const awardOp = (
  drop: Drop,
  customerId: string,
  lines: EntryLines,
  key: string,
  promoted: boolean
): Op => {
  const request: HoldRequest = { dropId: drop.id, customerId, lines, idempotencyKey: key }
  return { _tag: "hold", request, fingerprint: fingerprint("hold", request), award: true, promoted }
}
