/**
 * Issues what a paid order bought: door tickets (an Ed25519 QR token and a short typed code from
 * `@microdrop/codes`, both naming the ticket id the ledger knows), remote passes (the same, kind
 * `remote`) and redemption codes for the bundle's digital master. Ids are derived from the order
 * id with an HMAC, so issuing an order again (a retry after a crash) gives the same tickets, and
 * the ledger's `CodeAlreadyIssued` just confirms it.
 */
import { createHmac } from "node:crypto"
import { CodeAlreadyIssued, encode, generateCode, normalize, signShort, signToken } from "@microdrop/codes"
import type { PromiseLedger } from "@microdrop/codes/promise"
import type { CartLine, Tables, TicketKind } from "../db/tables.ts"
import type { EventDefinition } from "./event.ts"
import type { SiteKeys } from "./keys.ts"

/** What a paid order issues, unit by unit, in a stable order. */
export const unitsOf = (
  event: EventDefinition,
  cart: ReadonlyArray<CartLine>
): ReadonlyArray<{ readonly kind: TicketKind; readonly label: string }> => {
  const count = (issues: string) =>
    cart
      .filter((l) => event.products.find((p) => p.sku === l.sku)?.issues === issues)
      .reduce((n, l) => n + l.quantity, 0)
  const tickets = count("ticket")
  const vip = Math.min(count("vip"), tickets)
  const units: Array<{ kind: TicketKind; label: string }> = []
  for (let i = 0; i < tickets; i++)
    units.push(
      i < vip ? { kind: "vip", label: "Ticket with VIP headphones" } : { kind: "ga", label: "Ticket" }
    )
  for (let i = 0; i < count("remote"); i++) units.push({ kind: "remote", label: "Remote pass" })
  for (let i = 0; i < count("digital"); i++) units.push({ kind: "digital", label: "Digital master code" })
  return units
}

/** The dependencies of issuing. */
export interface TicketDeps {
  readonly ledger: PromiseLedger
  readonly keys: SiteKeys
  readonly event: EventDefinition
}

const issueOnce = async (ledger: PromiseLedger, request: { code: string; expiresAt?: number }) => {
  await ledger.issue(request).catch((error: unknown) => {
    if (!(error instanceof CodeAlreadyIssued)) throw error
  })
}

/**
 * Issues an order's tickets, passes and codes in the ledger (idempotent). The caller records the
 * rows (with the order's paid status, in one write).
 *
 * @param deps - Ledger, keys and the event.
 * @param order - The paid order.
 * @returns The order's ticket rows to record, in position order.
 */
export const issueTickets = async (
  deps: TicketDeps,
  order: { readonly id: string; readonly cart: ReadonlyArray<CartLine> }
): Promise<ReadonlyArray<Tables["tickets"]["$inferSelect"]>> => {
  const { event, keys } = deps
  const nbf = Math.floor((event.startsAt - 30 * 24 * 3_600_000) / 1000)
  const exp = Math.floor((event.endsAt + 6 * 3_600_000) / 1000)
  const rows = []
  const issues: Array<Promise<void>> = []
  for (const [position, unit] of unitsOf(event, order.cart).entries()) {
    // Length-prefixed, so (order, position) pairs never collide.
    const digest = createHmac("sha256", keys.idSecret)
      .update(`${order.id.length}:${order.id}:${position}`)
      .digest()
    if (unit.kind === "digital") {
      const code = generateCode({ length: 12, random: (size) => new Uint8Array(digest.subarray(0, size)) })
      const normalized = normalize(code)
      const canonical = normalized.ok ? normalized.value : code
      issues.push(issueOnce(deps.ledger, { code: canonical }))
      rows.push({ id: canonical, position, kind: unit.kind, label: unit.label, token: null, shortCode: code })
    } else {
      const payload = new Uint8Array(digest.subarray(0, 5))
      const id = `T${encode(payload)}`
      const token = signToken({ id, event: event.id, kind: unit.kind, nbf, exp }, keys.tokenPrivateKey)
      const shortCode = signShort(payload, keys.shortKey)
      issues.push(issueOnce(deps.ledger, { code: id, expiresAt: exp * 1000 }))
      rows.push({ id, position, kind: unit.kind, label: unit.label, token, shortCode })
    }
  }
  // The codes are issued together (a pool runs them at once); every one is in the ledger before its row is written.
  await Promise.all(issues)
  if (rows.length === 0) return []
  const createdAt = Date.now()
  return rows.map((r) => ({ ...r, orderId: order.id, createdAt }))
}
