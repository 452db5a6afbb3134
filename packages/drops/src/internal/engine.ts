/**
 * The rules of a drop as plain synchronous functions over a {@link DropState}: checks, holds,
 * confirms, releases and expiry. The memory store runs them on state it keeps forever; the
 * PostgreSQL store loads the rows one batch needs into a fresh state under the drop's lock, runs
 * the same functions and writes back what changed. (Redis runs the same rules as one Lua script.)
 *
 * Invariant kept by every function: for each SKU `stock = available + held + confirmed` with
 * `available >= 0`; a hold leaves `held` exactly once.
 *
 * @since 0.1.0
 */

import type { Drop } from "../Drop.ts"
import {
  type DomainError,
  HoldAlreadyConfirmed,
  HoldAlreadyExpired,
  HoldAlreadyReleased,
  HoldNotFound,
  IdempotencyKeyReused,
  LimitExceeded,
  OutOfStock,
  UnknownSku,
  WrongMode
} from "../errors.ts"
import type { Hold, HoldAction, HoldRequest, Line, SkuAvailability } from "../Hold.ts"
import { checkTime, checkWindow, sumOf, unitsOf } from "../rules.ts"
import { aDrop, anObject, aString, requireArgument, someLines, someStrings } from "./arguments.ts"

/** Counters of one SKU. `available = stock - held - confirmed`. */
export interface Counters {
  readonly stock: number
  held: number
  confirmed: number
}

/** What the store remembers about an idempotency key: the request's fingerprint and its result. */
export interface IdemRecord {
  readonly fingerprint: string
  readonly result: Hold
}

/** A mutating operation with its fingerprint. */
export type Op =
  | {
      readonly _tag: "hold"
      readonly request: HoldRequest
      readonly fingerprint: string
      /** A hold the store offers itself (raffle winner, waiting list): no window or mode check. */
      readonly award?: boolean
      /** A hold offered to a waiting-list entry (its events end with `WaitingListPromoted`). */
      readonly promoted?: boolean
    }
  | { readonly _tag: "confirm"; readonly request: HoldAction; readonly fingerprint: string }
  | { readonly _tag: "release"; readonly request: HoldAction; readonly fingerprint: string }

/** The outcome of one operation. */
export type OpResult =
  | { readonly ok: true; readonly hold: Hold; readonly replayed: boolean }
  | { readonly ok: false; readonly error: DomainError }

const NONE: ReadonlyArray<Hold> = []
const NO_PASSES: ReadonlyArray<string> = []

/**
 * The state the rules read and change. A memory store keeps one per drop; the PostgreSQL store
 * fills one per batch with the rows it needs. Changes are recorded in the `dirty*` sets so a store
 * can write back only what changed.
 */
export class DropState {
  readonly items = new Map<string, Counters>()
  readonly customers = new Map<string, number>()
  readonly holds = new Map<string, Hold>()
  readonly idem = new Map<string, IdemRecord>()
  readonly dirtyHolds = new Set<string>()
  readonly newHolds = new Set<string>()
  readonly dirtyCustomers = new Set<string>()
  readonly newIdem = new Set<string>()
  /** Expiry index: a binary min-heap kept in two parallel arrays (times, hold ids). */
  private readonly heapTimes: Array<number> = []
  private readonly heapIds: Array<string> = []

  /** The drop this state is for. */
  readonly drop: Drop
  /** Record dirty sets (off for the memory store). */
  readonly track: boolean

  constructor(drop: Drop, track: boolean) {
    requireArgument("DropState", "drop", aDrop, drop)
    this.drop = drop
    this.track = track
    for (const item of drop.items) this.items.set(item.sku, { stock: item.stock, held: 0, confirmed: 0 })
  }

  /** Adds a live hold to the expiry index. */
  scheduleExpiry(hold: Hold): void {
    const times = this.heapTimes
    const ids = this.heapIds
    let i = times.length
    times.push(hold.expiresAt)
    ids.push(hold.id)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((times[parent] as number) <= (times[i] as number)) break
      this.swap(parent, i)
      i = parent
    }
  }

  private swap(a: number, b: number): void {
    const times = this.heapTimes
    const ids = this.heapIds
    const t = times[a] as number
    times[a] = times[b] as number
    times[b] = t
    const id = ids[a] as string
    ids[a] = ids[b] as string
    ids[b] = id
  }

  private popDue(now: number): string | undefined {
    const times = this.heapTimes
    const ids = this.heapIds
    if (times.length === 0 || (times[0] as number) > now) return undefined
    const top = ids[0] as string
    const lastTime = times.pop() as number
    const lastId = ids.pop() as string
    const n = times.length
    if (n > 0) {
      times[0] = lastTime
      ids[0] = lastId
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < n && (times[l] as number) < (times[m] as number)) m = l
        if (r < n && (times[r] as number) < (times[m] as number)) m = r
        if (m === i) break
        this.swap(m, i)
        i = m
      }
    }
    return top
  }

  /** Units the customer holds or owns (partial states must have loaded the customer). */
  customerUnits(customerId: string): number {
    return this.customers.get(customerId) ?? 0
  }

  private addCustomerUnits(customerId: string, delta: number): void {
    this.customers.set(customerId, this.customerUnits(customerId) + delta)
    if (this.track) this.dirtyCustomers.add(customerId)
  }

  private setHold(hold: Hold, isNew: boolean): void {
    // callers get this object back: frozen, so editing a result cannot change the stored hold
    Object.freeze(hold)
    this.holds.set(hold.id, hold)
    if (this.track) {
      this.dirtyHolds.add(hold.id)
      if (isNew) this.newHolds.add(hold.id)
    }
  }

  private availableOf(sku: string): number {
    const c = this.items.get(sku) as Counters
    return c.stock - c.held - c.confirmed
  }

  private moveUnits(hold: Hold, held: -1 | 0 | 1, confirmed: 0 | 1): void {
    for (const line of hold.lines) {
      const c = this.items.get(line.sku) as Counters
      c.held += held * line.quantity
      c.confirmed += confirmed * line.quantity
    }
  }

  /**
   * Expires every live hold whose time has come, returning its units to stock exactly once.
   * Returns the holds expired (with their new status).
   */
  expireDue(now: number): ReadonlyArray<Hold> {
    checkTime("now", now)
    const first = this.heapTimes[0]
    if (first === undefined || first > now) return NONE
    const expired: Array<Hold> = []
    for (let id = this.popDue(now); id !== undefined; id = this.popDue(now)) {
      const hold = this.holds.get(id)
      if (hold === undefined || hold.status !== "held" || hold.expiresAt > now) continue
      const done: Hold = { ...hold, status: "expired" }
      this.setHold(done, false)
      this.moveUnits(hold, -1, 0)
      this.addCustomerUnits(hold.customerId, -unitsOf(hold.lines))
      expired.push(done)
    }
    return expired
  }

  /** Availability per SKU, in the drop's order (call {@link expireDue} first). */
  availability(): Array<SkuAvailability> {
    return this.drop.items.map(({ sku }) => {
      const c = this.items.get(sku) as Counters
      return {
        sku,
        stock: c.stock,
        held: c.held,
        confirmed: c.confirmed,
        available: c.stock - c.held - c.confirmed
      }
    })
  }

  private idempotent(key: string, fingerprint: string): OpResult | undefined {
    const rec = this.idem.get(key)
    if (rec === undefined) return undefined
    return rec.fingerprint === fingerprint
      ? { ok: true, hold: rec.result, replayed: true }
      : { ok: false, error: new IdempotencyKeyReused({ key }) }
  }

  private remember(key: string, fingerprint: string, hold: Hold): OpResult {
    this.idem.set(key, { fingerprint, result: hold })
    if (this.track) this.newIdem.add(key)
    return { ok: true, hold, replayed: false }
  }

  /** Checks free stock and the per-customer limit for `lines` (already summed per SKU). */
  private checkStock(customerId: string, lines: ReadonlyArray<Line>): DomainError | undefined {
    const perCustomer = this.drop.limits.perCustomer
    if (perCustomer !== undefined) {
      const already = this.customerUnits(customerId)
      const requested = unitsOf(lines)
      if (already + requested > perCustomer)
        return new LimitExceeded({
          dropId: this.drop.id,
          limit: "perCustomer",
          max: perCustomer,
          requested,
          already
        })
    }
    for (const line of lines) {
      const available = this.availableOf(line.sku)
      if (line.quantity > available)
        return new OutOfStock({ dropId: this.drop.id, sku: line.sku, requested: line.quantity, available })
    }
    return undefined
  }

  /** Places a hold (checks, limits, availability), or returns the first result for a retried key. */
  hold(request: HoldRequest, fingerprint: string, now: number, newId: () => string, award = false): OpResult {
    checkTime("now", now)
    requireArgument("DropState.hold", "request", anObject, request)
    requireArgument("DropState.hold", "fingerprint", aString, fingerprint)
    const again = this.idempotent(request.idempotencyKey, fingerprint)
    if (again !== undefined) return again
    const pre = award ? undefined : precheckHold(this.drop, request, now)
    if (pre !== undefined) return { ok: false, error: pre }
    const lines = sumOf(request.lines)
    const refused = this.checkStock(request.customerId, lines)
    if (refused !== undefined) return { ok: false, error: refused }
    const hold: Hold = {
      id: newId(),
      dropId: this.drop.id,
      customerId: request.customerId,
      lines,
      status: "held",
      createdAt: now,
      expiresAt: now + this.drop.holdMs
    }
    this.setHold(hold, true)
    this.moveUnits(hold, 1, 0)
    this.addCustomerUnits(hold.customerId, unitsOf(lines))
    this.scheduleExpiry(hold)
    return this.remember(request.idempotencyKey, fingerprint, hold)
  }

  /** Confirms a hold into a claim. Confirming a confirmed hold returns it unchanged. */
  confirm(request: HoldAction, fingerprint: string, now: number): OpResult {
    checkTime("now", now)
    requireArgument("DropState.confirm", "request", anObject, request)
    requireArgument("DropState.confirm", "fingerprint", aString, fingerprint)
    const again = this.idempotent(request.idempotencyKey, fingerprint)
    if (again !== undefined) return again
    const hold = this.holds.get(request.holdId)
    const dropId = this.drop.id
    if (hold === undefined) return { ok: false, error: new HoldNotFound({ dropId, holdId: request.holdId }) }
    switch (hold.status) {
      case "confirmed":
        return this.remember(request.idempotencyKey, fingerprint, hold)
      case "released":
        return { ok: false, error: new HoldAlreadyReleased({ dropId, holdId: hold.id }) }
      case "expired": {
        if (this.drop.lateConfirm !== "rehold-if-available")
          return {
            ok: false,
            error: new HoldAlreadyExpired({ dropId, holdId: hold.id, expiredAt: hold.expiresAt })
          }
        const refused = this.checkStock(hold.customerId, hold.lines)
        if (refused !== undefined) return { ok: false, error: refused }
        const claim: Hold = { ...hold, status: "confirmed" }
        this.setHold(claim, false)
        this.moveUnits(hold, 0, 1)
        this.addCustomerUnits(hold.customerId, unitsOf(hold.lines))
        return this.remember(request.idempotencyKey, fingerprint, claim)
      }
      case "held": {
        if (hold.expiresAt <= now)
          return {
            ok: false,
            error: new HoldAlreadyExpired({ dropId, holdId: hold.id, expiredAt: hold.expiresAt })
          }
        const claim: Hold = { ...hold, status: "confirmed" }
        this.setHold(claim, false)
        this.moveUnits(hold, -1, 1)
        return this.remember(request.idempotencyKey, fingerprint, claim)
      }
    }
  }

  /** Releases a live hold back to stock. Releasing a released or expired hold returns it unchanged. */
  release(request: HoldAction, fingerprint: string): OpResult {
    requireArgument("DropState.release", "request", anObject, request)
    requireArgument("DropState.release", "fingerprint", aString, fingerprint)
    const again = this.idempotent(request.idempotencyKey, fingerprint)
    if (again !== undefined) return again
    const hold = this.holds.get(request.holdId)
    const dropId = this.drop.id
    if (hold === undefined) return { ok: false, error: new HoldNotFound({ dropId, holdId: request.holdId }) }
    if (hold.status === "confirmed")
      return { ok: false, error: new HoldAlreadyConfirmed({ dropId, holdId: hold.id }) }
    if (hold.status !== "held") return this.remember(request.idempotencyKey, fingerprint, hold)
    const released: Hold = { ...hold, status: "released" }
    this.setHold(released, false)
    this.moveUnits(hold, -1, 0)
    this.addCustomerUnits(hold.customerId, -unitsOf(hold.lines))
    return this.remember(request.idempotencyKey, fingerprint, released)
  }

  /** Runs one operation (after {@link expireDue}). */
  apply(op: Op, now: number, newId: () => string): OpResult {
    requireArgument("DropState.apply", "op", anObject, op)
    switch (op._tag) {
      case "hold":
        return this.hold(op.request, op.fingerprint, now, newId, op.award === true)
      case "confirm":
        return this.confirm(op.request, op.fingerprint, now)
      case "release":
        return this.release(op.request, op.fingerprint)
      default:
        return requireArgument(
          "DropState.apply",
          "op._tag",
          ['must be "hold", "confirm" or "release"', () => false],
          (op as { readonly _tag?: unknown })._tag
        ) as never
    }
  }
}

/**
 * The checks of a hold that need only the drop and the time, not the stock: mode, SKUs, windows
 * (including pass-only windows), per-order limit. Returns the first failure, or `undefined`.
 *
 * @throws {@link InvalidTime} when `now` is not epoch milliseconds (a whole number from 0 to 8.64e15).
 * @category rules
 * @since 0.1.0
 */
export const precheckHold = (drop: Drop, request: HoldRequest, now: number): DomainError | undefined => {
  requireArgument("precheckHold", "drop", aDrop, drop)
  requireArgument("precheckHold", "request", anObject, request)
  requireArgument("precheckHold", "request.lines", someLines, request.lines)
  checkTime("now", now)
  if (drop.mode !== "fcfs")
    return new WrongMode({ dropId: drop.id, mode: drop.mode, operation: "direct holds" })
  for (const line of request.lines) {
    if (!drop.items.some((i) => i.sku === line.sku)) return new UnknownSku({ dropId: drop.id, sku: line.sku })
  }
  const windowError = checkWindow(drop, request.passes ?? NO_PASSES, now)
  if (windowError !== undefined) return windowError
  const perOrder = drop.limits.perOrder
  const requested = unitsOf(request.lines)
  if (perOrder !== undefined && requested > perOrder)
    return new LimitExceeded({ dropId: drop.id, limit: "perOrder", max: perOrder, requested, already: 0 })
  return undefined
}

/**
 * The fingerprint of a request: its canonical text without the idempotency key. Two requests with
 * the same key are "the same request" exactly when their fingerprints are equal, so the encoding
 * is injective: the operation, then the fields as one JSON array (JSON quotes and escapes every
 * string, so no id, SKU or pass can be mistaken for a separator). Lines keep their order and
 * passes count as a set (sorted, each once): `["a,b"]` and `["b", "a"]` are different requests,
 * `["b", "a"]` and `["a", "b", "a"]` the same.
 *
 * @param op - the operation
 * @param request - the hold request, or the confirm/release action
 * @returns `<op>|<JSON array>`, e.g. `hold|["drop-1","ann",[["TAPE",1]],["vip"]]`
 * @category rules
 * @since 0.1.0
 */
export const fingerprint = (
  op: "hold" | "confirm" | "release",
  request: HoldRequest | HoldAction
): string => {
  if (op !== "hold" && op !== "confirm" && op !== "release")
    requireArgument("fingerprint", "op", ['must be "hold", "confirm" or "release"', () => false], op)
  requireArgument("fingerprint", "request", anObject, request)
  if ("holdId" in request) return `${op}|${JSON.stringify([request.dropId, request.holdId])}`
  requireArgument("fingerprint", "request.lines", someLines, request.lines)
  if (request.passes !== undefined)
    requireArgument("fingerprint", "request.passes", someStrings, request.passes)
  const lines = request.lines.map((l) => [l.sku, l.quantity])
  const passes = request.passes === undefined ? [] : [...new Set(request.passes)].sort()
  return `${op}|${JSON.stringify([request.dropId, request.customerId, lines, passes])}`
}
