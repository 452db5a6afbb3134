// The invariants every rush must keep, checked on the store's snapshot and the clients' reports.
import type { DropSnapshot } from "../../src/Hold.ts"
import type { RushReport } from "./clients.ts"

export interface RushFigures {
  readonly stock: number
  readonly confirmed: number
  readonly held: number
  readonly available: number
  readonly oversold: number
  readonly leaked: number
  readonly lostClaims: number
  readonly doubleClaimKeys: number
}

/** Computes the figures; a correct store has oversold = leaked = lostClaims = doubleClaimKeys = 0. */
export const rushFigures = (snap: DropSnapshot, reports: ReadonlyArray<RushReport>): RushFigures => {
  const item = snap.availability.items[0]
  if (item === undefined) throw new Error("drop has no item")
  const byId = new Map(snap.holds.map((h) => [h.id, h]))
  const units = (status: string) =>
    snap.holds.filter((h) => h.status === status).reduce((n, h) => n + (h.lines[0]?.quantity ?? 0), 0)
  const confirmed = units("confirmed")
  const held = units("held")
  let lostClaims = 0
  for (const r of reports)
    for (const c of r.claims) if (byId.get(c.holdId)?.status !== "confirmed") lostClaims++
  const keyToHolds = new Map<string, Set<string>>()
  const add = (k: string, id: string) => keyToHolds.set(k, (keyToHolds.get(k) ?? new Set()).add(id))
  for (const r of reports) for (const [k, ids] of r.keyHolds) for (const id of ids) add(k, id)
  for (const { key, holdId } of snap.holdKeys) add(key, holdId)
  const doubleClaimKeys = [...keyToHolds.values()].filter((s) => s.size > 1).length
  return {
    stock: item.stock,
    confirmed,
    held,
    available: item.available,
    oversold: Math.max(0, confirmed + held - item.stock),
    // units the counters and the holds disagree about, or that left stock + holds + claims
    leaked:
      Math.abs(item.stock - item.available - item.held - item.confirmed) +
      Math.abs(item.held - held) +
      Math.abs(item.confirmed - confirmed),
    lostClaims,
    doubleClaimKeys
  }
}
