/**
 * Raffles anyone can verify, and waiting lists that keep groups together, as plain functions.
 *
 * Commit/reveal: before the entry window opens, the organiser picks a secret seed and publishes
 * `commitSeed(seed)` (its SHA-256) as the drop's `commitment`. After entries close the seed is
 * revealed and the draw is a deterministic function of the seed and the entries: each entry's
 * rank is the SHA-256 of `seed + ":" + customerId`, so neither the order entries arrived in nor
 * the organiser can change the outcome once the commitment is out. {@link verifyDraw} lets anyone
 * repeat the draw.
 *
 * The group rule, shared by the draw and the waiting list: an entry asking for several units is
 * offered all of them or none; if its group does not fit in what is left, it is skipped (keeping
 * its place for later) and the next entry that fits is served.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Schema } from "effect"
import { Id, Quantity } from "./model.ts"

/**
 * An entry in a raffle or a waiting list: one per customer, possibly for a group of units.
 *
 * @category models
 * @since 0.1.0
 */
export const Entry = Schema.Struct({
  /** The customer (one entry each). */
  customerId: Id,
  /** Units wanted together (a group). */
  quantity: Quantity
})
/** @category models @since 0.1.0 */
export type Entry = typeof Entry.Type

/**
 * The outcome of a draw.
 *
 * @category models
 * @since 0.1.0
 */
export interface Draw {
  /** Every entry, best rank first. */
  readonly ranking: ReadonlyArray<Entry>
  /** Entries that win (in rank order); their units never exceed the stock. */
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
export const commitSeed = (seed: string): string => sha256(seed)

/** Throws if two entries share a customer (a programming error: one entry per customer). */
const checkUnique = (entries: ReadonlyArray<Entry>): void => {
  const seen = new Set<string>()
  for (const e of entries) {
    if (seen.has(e.customerId))
      throw new RangeError(`Customer ${e.customerId} has two raffle entries: keep one entry per customer.`)
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
export const rankEntries = (seed: string, entries: ReadonlyArray<Entry>): Array<Entry> => {
  checkUnique(entries)
  return entries
    .map((e) => ({ e, key: sha256(`${seed}:${e.customerId}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.e.customerId < b.e.customerId ? -1 : 1))
    .map((x) => x.e)
}

/**
 * Walks entries in order and offers units while they last, with the group rule: an entry is
 * served whole or skipped. Returns the served entries and the rest, both in the given order.
 *
 * @category waiting list
 * @since 0.1.0
 */
export const offerInOrder = (
  entries: ReadonlyArray<Entry>,
  units: number
): { readonly served: Array<Entry>; readonly waiting: Array<Entry> } => {
  let left = units
  const served: Array<Entry> = []
  const waiting: Array<Entry> = []
  for (const e of entries) {
    if (e.quantity <= left) {
      served.push(e)
      left -= e.quantity
    } else waiting.push(e)
  }
  return { served, waiting }
}

/**
 * Draws a raffle: ranks the entries with the revealed seed, then serves them in rank order with
 * the group rule until the stock is used up.
 *
 * @param seed - The revealed seed (its hash is the drop's commitment).
 * @param entries - One per customer.
 * @param stock - Units on offer.
 * @category raffle
 * @since 0.1.0
 */
export const drawRaffle = (seed: string, entries: ReadonlyArray<Entry>, stock: number): Draw => {
  const ranking = rankEntries(seed, entries)
  const { served, waiting } = offerInOrder(ranking, stock)
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
 * Checks a published draw: the seed matches the commitment, and the winners are exactly what the
 * draw gives for these entries and this stock. The stock is needed: a list of winners can be a
 * valid draw for another stock (with a big group that only fits in more units).
 *
 * @param commitment - The SHA-256 published before the window opened.
 * @param seed - The revealed seed.
 * @param entries - All entries, in any order.
 * @param winners - The published winners, in rank order.
 * @param stock - Units the drop offered in the raffle (public in the drop).
 * @category raffle
 * @since 0.1.0
 */
export const verifyDraw = (
  commitment: string,
  seed: string,
  entries: ReadonlyArray<Entry>,
  winners: ReadonlyArray<Entry>,
  stock: number
): VerifyResult => {
  if (commitSeed(seed) !== commitment.toLowerCase())
    return { ok: false, reason: "seed does not match commitment" }
  const draw = drawRaffle(seed, entries, stock)
  const same =
    draw.winners.length === winners.length &&
    draw.winners.every(
      (w, i) => w.customerId === winners[i]?.customerId && w.quantity === winners[i]?.quantity
    )
  return same ? { ok: true } : { ok: false, reason: "winners differ from the draw" }
}
