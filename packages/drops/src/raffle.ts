/**
 * Raffles anyone can verify, and waiting lists that keep groups together, as plain functions.
 *
 * Commit/reveal: before the entry window opens, the organiser picks a secret seed and publishes
 * `commitSeed(seed)` (its SHA-256) as the drop's `commitment`. After entries close the seed is
 * revealed and the draw is a deterministic function of the seed, the entries and the stock per
 * SKU: each entry's rank is the SHA-256 of `seed + ":" + customerId`, so neither the order entries
 * arrived in nor the organiser can change the outcome once the commitment is out.
 * {@link verifyDraw} lets anyone repeat the draw.
 *
 * An entry names its lines (units per SKU, each SKU once) like a hold does. The group rule, shared
 * by the draw and the waiting list: entries are served in order, and an entry is served only if
 * EVERY one of its lines fits in what is left of that line's SKU; then all its lines are served
 * together. Otherwise it is skipped (keeping its place for later) and the next entry is tried, so
 * an entry for SKU B is served while SKU A is sold out.
 *
 * Stock is passed per SKU as a record `{ [sku]: units }` (a SKU missing from the record has 0
 * units); for a drop, {@link stockOf} builds it from the drop's items.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import type { DropItem } from "./Drop.ts"
import { RaffleEntry } from "./Entry.ts"
import { InvalidDropArgument } from "./errors.ts"
import { aStock, aString, requireArgument, someEntries } from "./internal/arguments.ts"

const itemsKind = [
  "must be an array of { sku, stock } items",
  (v: unknown) =>
    Array.isArray(v) &&
    v.every(
      (i) => typeof i === "object" && i !== null && typeof i.sku === "string" && typeof i.stock === "number"
    )
] as const

/**
 * An entry in a raffle or a waiting list: one per customer, for a group of lines (units per SKU)
 * served together or not at all. The same schema as {@link RaffleEntry}.
 *
 * @category models
 * @since 0.1.0
 */
export const Entry = RaffleEntry
/** @category models @since 0.1.0 */
export type Entry = RaffleEntry

/**
 * Units per SKU offered to a draw or a waiting list: `{ [sku]: units }`. A SKU missing from the
 * record has 0 units.
 *
 * @category models
 * @since 0.1.0
 */
export type Stock = Readonly<Record<string, number>>

/**
 * The stock a raffle draws from: each item's initial stock, by SKU.
 *
 * @param items - The drop's items.
 * @returns `{ [sku]: stock }`.
 * @example
 * ```ts
 * import { stockOf } from "@microdrop/drops"
 * stockOf([{ sku: "TAPE", stock: 3 }, { sku: "PRINT", stock: 1 }]) // => { TAPE: 3, PRINT: 1 }
 * ```
 * @category raffle
 * @since 0.1.0
 */
export const stockOf = (items: ReadonlyArray<DropItem>): Record<string, number> => {
  requireArgument("stockOf", "items", itemsKind, items)
  return Object.fromEntries(items.map((item) => [item.sku, item.stock]))
}

/**
 * The outcome of a draw.
 *
 * @category models
 * @since 0.1.0
 */
export interface Draw {
  /** Every entry, best rank first. */
  readonly ranking: ReadonlyArray<Entry>
  /** Entries that win (in rank order); per SKU their units never exceed that SKU's stock. */
  readonly winners: ReadonlyArray<Entry>
  /** Everyone else, in rank order: the waiting list. */
  readonly waitingList: ReadonlyArray<Entry>
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex")

/**
 * The commitment to publish for a seed: its SHA-256 in hex. Use a seed of at least 128 random bits
 * (e.g. `crypto.randomBytes(16).toString("hex")`), kept secret until the draw.
 *
 * @category raffle
 * @since 0.1.0
 */
export const commitSeed = (seed: string): string => {
  requireArgument("commitSeed", "seed", aString, seed)
  return sha256(seed)
}

/** Throws if two entries share a customer (a programming error: one entry per customer). */
const checkUnique = (fn: string, entries: ReadonlyArray<Entry>): void => {
  const seen = new Set<string>()
  for (const e of entries) {
    if (seen.has(e.customerId))
      throw new InvalidDropArgument({
        function: fn,
        argument: "entries",
        rule: `must have one entry per customer: customer ${e.customerId} has two`
      })
    seen.add(e.customerId)
  }
}

/**
 * Ranks entries for a seed: by SHA-256 of `seed:customerId`, ties (never in practice) by customer.
 * The order of `entries` does not matter.
 *
 * @category raffle
 * @since 0.1.0
 */
export const rankEntries = (seed: string, entries: ReadonlyArray<Entry>): Array<Entry> =>
  rank("rankEntries", seed, entries)

const rank = (fn: string, seed: string, entries: ReadonlyArray<Entry>): Array<Entry> => {
  requireArgument(fn, "seed", aString, seed)
  requireArgument(fn, "entries", someEntries, entries)
  checkUnique(fn, entries)
  return entries
    .map((e) => ({ e, key: sha256(`${seed}:${e.customerId}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.e.customerId < b.e.customerId ? -1 : 1))
    .map((x) => x.e)
}

/**
 * Does every line of `entry` fit in `left` (units per SKU)? Lines naming one SKU twice are summed.
 */
const fits = (entry: Pick<Entry, "lines">, left: ReadonlyMap<string, number>): boolean => {
  const demand = new Map<string, number>()
  for (const line of entry.lines) demand.set(line.sku, (demand.get(line.sku) ?? 0) + line.quantity)
  for (const [sku, quantity] of demand) if (quantity > (left.get(sku) ?? 0)) return false
  return true
}

/**
 * Does an entry fit in the stock now: does every one of its lines fit in what is left of its SKU?
 * This is the test the draw and the waiting list apply to each entry in turn.
 *
 * @param entry - The entry (its lines).
 * @param stock - Units left per SKU (`{ [sku]: units }`; a missing SKU has 0).
 * @returns True if all its lines fit together.
 * @example
 * ```ts
 * import { entryFits } from "@microdrop/drops"
 * entryFits({ lines: [{ sku: "TAPE", quantity: 1 }, { sku: "PRINT", quantity: 2 }] }, { TAPE: 5, PRINT: 1 }) // => false
 * ```
 * @category waiting list
 * @since 0.1.0
 */
export const entryFits = (entry: Pick<Entry, "lines">, stock: Stock): boolean => {
  requireArgument("entryFits", "entry", someEntries, [{ customerId: "", ...(entry as object) }])
  requireArgument("entryFits", "stock", aStock, stock)
  return fits(entry, new Map(Object.entries(stock)))
}

/**
 * Walks entries in order and offers units while they last, with the group rule: an entry is
 * served only if every one of its lines fits in what is left of its SKU (then all its lines are
 * taken together); otherwise it is skipped and the next entry is tried. Returns the served entries
 * and the rest, both in the given order.
 *
 * @param entries - Entries in the order they are served (rank order, or waiting-list order).
 * @param stock - Units on offer per SKU (`{ [sku]: units }`; a missing SKU has 0).
 * @returns The entries served and the entries skipped, each in the given order.
 * @example
 * ```ts
 * import { offerInOrder } from "@microdrop/drops"
 * const { served, waiting } = offerInOrder(
 *   [
 *     { customerId: "a", lines: [{ sku: "TAPE", quantity: 1 }, { sku: "PRINT", quantity: 1 }] },
 *     { customerId: "b", lines: [{ sku: "PRINT", quantity: 1 }] }
 *   ],
 *   { TAPE: 0, PRINT: 1 }
 * )
 * served.map((e) => e.customerId) // => ["b"]
 * waiting.map((e) => e.customerId) // => ["a"]
 * ```
 * @category waiting list
 * @since 0.1.0
 */
export const offerInOrder = (
  entries: ReadonlyArray<Entry>,
  stock: Stock
): { readonly served: Array<Entry>; readonly waiting: Array<Entry> } => offer("offerInOrder", entries, stock)

const offer = (
  fn: string,
  entries: ReadonlyArray<Entry>,
  stock: Stock
): { readonly served: Array<Entry>; readonly waiting: Array<Entry> } => {
  requireArgument(fn, "entries", someEntries, entries)
  requireArgument(fn, "stock", aStock, stock)
  // a Map, not an object: a SKU may be any Sku text, "__proto__" included
  const left = new Map(Object.entries(stock))
  const served: Array<Entry> = []
  const waiting: Array<Entry> = []
  for (const e of entries) {
    if (fits(e, left)) {
      served.push(e)
      for (const line of e.lines) left.set(line.sku, (left.get(line.sku) ?? 0) - line.quantity)
    } else waiting.push(e)
  }
  return { served, waiting }
}

/**
 * Draws a raffle: ranks the entries with the revealed seed, then serves them in rank order with
 * the group rule per SKU: an entry wins if every one of its lines fits in what is left of its SKU,
 * otherwise it goes to the waiting list (keeping its rank) and the next entry is tried.
 *
 * @param seed - The revealed seed (its hash is the drop's commitment).
 * @param entries - One per customer, in any order.
 * @param stock - Units on offer per SKU (`{ [sku]: units }`, e.g. `stockOf(drop.items)`).
 * @returns The ranking, the winners and the waiting list (both in rank order).
 * @throws {@link InvalidDropArgument} if two entries share a customer (one entry per customer), or
 *   an argument is of the wrong kind.
 * @example
 * ```ts
 * import { drawRaffle } from "@microdrop/drops"
 * const draw = drawRaffle("seed", [{ customerId: "ann", lines: [{ sku: "TAPE", quantity: 2 }] }], { TAPE: 1 })
 * draw.waitingList.map((e) => e.customerId) // => ["ann"]
 * ```
 * @category raffle
 * @since 0.1.0
 */
export const drawRaffle = (seed: string, entries: ReadonlyArray<Entry>, stock: Stock): Draw =>
  draw("drawRaffle", seed, entries, stock)

const draw = (fn: string, seed: string, entries: ReadonlyArray<Entry>, stock: Stock): Draw => {
  const ranking = rank(fn, seed, entries)
  const { served, waiting } = offer(fn, ranking, stock)
  return { ranking, winners: served, waitingList: waiting }
}

/**
 * Why a draw failed verification.
 *
 * @category raffle
 * @since 0.1.0
 */
export type VerifyResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "seed does not match commitment" | "winners differ from the draw" }

/**
 * Checks a published draw: the seed matches the commitment, and the winners (customers and every
 * line, in rank order) are exactly what the draw gives for these entries and this stock per SKU.
 * The stock is needed: a list of winners can be a valid draw for another stock (with a big group
 * that only fits in more units).
 *
 * @param commitment - The SHA-256 published before the window opened.
 * @param seed - The revealed seed.
 * @param entries - All entries, in any order.
 * @param winners - The published winners, in rank order.
 * @param stock - Units per SKU the drop offered in the raffle (public in the drop: `stockOf(drop.items)`).
 * @returns `{ ok: true }`, or `{ ok: false, reason }`.
 * @category raffle
 * @since 0.1.0
 */
export const verifyDraw = (
  commitment: string,
  seed: string,
  entries: ReadonlyArray<Entry>,
  winners: ReadonlyArray<Entry>,
  stock: Stock
): VerifyResult => {
  requireArgument("verifyDraw", "commitment", aString, commitment)
  requireArgument("verifyDraw", "seed", aString, seed)
  requireArgument("verifyDraw", "winners", someEntries, winners)
  if (commitSeed(seed) !== commitment.toLowerCase())
    return { ok: false, reason: "seed does not match commitment" }
  const drawn = draw("verifyDraw", seed, entries, stock)
  const same =
    drawn.winners.length === winners.length &&
    drawn.winners.every((w, i) => {
      const published = winners[i]
      return (
        published !== undefined &&
        w.customerId === published.customerId &&
        w.lines.length === published.lines.length &&
        w.lines.every(
          (l, j) => l.sku === published.lines[j]?.sku && l.quantity === published.lines[j]?.quantity
        )
      )
    })
  return same ? { ok: true } : { ok: false, reason: "winners differ from the draw" }
}
