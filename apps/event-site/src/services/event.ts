/**
 * The demo event, from the playbook's revenue model: a listening-room night with 100 base tickets
 * (presale, then general sale), 50 VIP headphone add-ons (binaural master, needs a ticket), remote
 * passes, a micro-drop bundle (cassette + print; each comes with a redemption code for the digital
 * master; a waiting list once it sells out), a raffle of test pressings (entries, then a published
 * draw anyone can verify), a member-only dubplate (needs the membership's member pass) and a
 * monthly membership. Prices, rules and taxes are a `@microdrop/pricing` catalog;
 * stock and windows are `@microdrop/drops` drops. Times hang off one anchor (the instant the event
 * was first seeded, kept in the database) so the demo is on sale whenever it is started.
 */
import type { Drop } from "@microdrop/drops"
import { type Catalog, decodeCatalog } from "@microdrop/pricing"

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** How a product shows on the event page and what its units become once paid. */
export interface ProductInfo {
  readonly sku: string
  /** One sentence for buyers. */
  readonly blurb: string
  /** The drop selling it; absent: not sold through a drop (the membership). */
  readonly dropId?: string
  /** What each paid unit issues. `vip` upgrades that many door tickets of the same order. */
  readonly issues: "ticket" | "vip" | "remote" | "digital" | "none"
  /** Sold on its drop page only (a raffle prize, a member-only item), not on the event page. */
  readonly dropPageOnly?: boolean
}

/** What the demo seeds beyond the anchor: the raffle's commitment and test knobs. */
export interface DemoSeed {
  /** Stock overrides per SKU (tests sell out with small numbers). */
  readonly stock?: Readonly<Record<string, number>>
  /** SHA-256 (hex) of the raffle's secret seed (`commitSeed`), published before entries open. */
  readonly raffleCommitment: string
  /** How long raffle entries stay open after the anchor (default two days; tests: seconds). */
  readonly raffleEntriesMs?: number
}

/** An event: its catalog (prices, rules, taxes), its drops (stock, windows) and its page. */
export interface EventDefinition {
  readonly id: string
  readonly name: string
  readonly venue: string
  readonly startsAt: number
  readonly endsAt: number
  readonly catalog: Catalog
  readonly drops: ReadonlyArray<Drop>
  readonly products: ReadonlyArray<ProductInfo>
  /** The membership's subscription SKU. */
  readonly membershipSku: string
  /** Most units of one product in one order (the page's quantity fields). */
  readonly maxPerLine: number
  /** First-come drops that offer a waiting list once sold out. */
  readonly waitingLists: ReadonlyArray<string>
}

/** The pass drops ask for in member-only windows; members present it with every hold. */
export const MEMBER_PASS = "member"

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * The demo event's definition for an anchor instant.
 *
 * @param anchor - When the demo was first seeded (ms since the epoch).
 * @param seed - The raffle's commitment, stock overrides and the raffle's entry time.
 */
export const demoEvent = (anchor: number, seed: DemoSeed): EventDefinition => {
  const stock = seed.stock ?? {}
  const id = "night-tapes"
  const opens = anchor - HOUR
  const presaleEnds = anchor + 3 * DAY
  const startsAt = anchor + 14 * DAY
  const endsAt = startsAt + 4 * HOUR
  const decoded = decodeCatalog({
    currency: "EUR",
    products: [
      {
        kind: "ticket",
        sku: "TICKET",
        name: "Base ticket",
        price: 1500,
        taxClass: "reduced",
        sale: { from: iso(opens), until: iso(endsAt) }
      },
      {
        kind: "addon",
        sku: "VIP",
        name: "VIP headphone add-on",
        price: 2500,
        taxClass: "standard",
        sale: { from: iso(opens), until: iso(endsAt) }
      },
      {
        kind: "pass",
        sku: "REMOTE",
        name: "Remote pass",
        price: 800,
        taxClass: "standard",
        sale: { from: iso(opens), until: iso(endsAt) }
      },
      { kind: "merch", sku: "CASSETTE", name: "Night Tapes cassette", price: 1200, taxClass: "standard" },
      { kind: "merch", sku: "PRINT", name: "Risograph print", price: 1000, taxClass: "standard" },
      {
        kind: "bundle",
        sku: "BUNDLE",
        name: "Micro-drop bundle",
        price: 1800,
        taxClass: "standard",
        sale: { from: iso(opens), until: iso(endsAt + DAY) },
        components: [
          { sku: "CASSETTE", quantity: 1 },
          { sku: "PRINT", quantity: 1 }
        ]
      },
      {
        kind: "merch",
        sku: "TEST-PRESSING",
        name: "Test pressing",
        price: 3000,
        taxClass: "standard",
        sale: { from: iso(opens), until: iso(endsAt + DAY) }
      },
      {
        kind: "merch",
        sku: "DUBPLATE",
        name: "Members' dubplate",
        price: 3500,
        taxClass: "standard",
        sale: { from: iso(opens), until: iso(endsAt + DAY) }
      },
      {
        kind: "subscription",
        sku: "MEMBER",
        name: "Monthly membership",
        price: 600,
        taxClass: "standard",
        interval: "month"
      }
    ],
    priceRules: [
      { kind: "early-bird", id: "presale", skus: ["TICKET"], until: iso(presaleEnds), price: 1200 },
      { kind: "member", id: "members", skus: ["REMOTE"], price: 500 }
    ],
    discounts: [],
    fees: [{ kind: "per-item", id: "booking", name: "Booking fee", amount: 50, skus: ["TICKET"] }],
    tax: {
      mode: "inclusive",
      rounding: "line",
      classes: {
        reduced: [{ id: "vat7", name: "VAT 7 %", rate: "7" }],
        standard: [{ id: "vat19", name: "VAT 19 %", rate: "19" }]
      }
    }
  })
  // The catalog is the app's own constant: a failure here is a programming error.
  if (!decoded.ok) throw decoded.error
  const ticketsDrop = `${id}.tickets`
  const bundleDrop = `${id}.bundle`
  const raffleDrop = `${id}.test-pressings`
  const membersDrop = `${id}.members`
  return {
    id,
    name: "Night Tapes: a hybrid listening room",
    venue: "Room 3, Hafenstraße 12, Hamburg, and online",
    startsAt,
    endsAt,
    catalog: decoded.value,
    maxPerLine: 6,
    membershipSku: "MEMBER",
    waitingLists: [bundleDrop],
    drops: [
      {
        id: ticketsDrop,
        name: "Tickets and passes",
        items: [
          { sku: "TICKET", stock: stock["TICKET"] ?? 100 },
          { sku: "VIP", stock: stock["VIP"] ?? 50 },
          { sku: "REMOTE", stock: stock["REMOTE"] ?? 1000 }
        ],
        windows: [
          { name: "Presale", opensAt: opens, closesAt: presaleEnds },
          { name: "General sale", opensAt: presaleEnds, closesAt: endsAt }
        ],
        limits: { perOrder: 12 },
        holdMs: 10 * 60_000,
        mode: "fcfs",
        lateConfirm: "reject"
      },
      {
        id: bundleDrop,
        name: "Night Tapes micro-drop",
        items: [{ sku: "BUNDLE", stock: stock["BUNDLE"] ?? 30 }],
        windows: [{ name: "Micro-drop", opensAt: opens, closesAt: endsAt + DAY }],
        limits: { perOrder: 2, perCustomer: 2 },
        holdMs: 10 * 60_000,
        mode: "fcfs",
        lateConfirm: "reject"
      },
      {
        // Ten test pressings, raffled: one entry per customer, a draw when entries close; the
        // winners get a hold to pay for, everyone else waits in rank order.
        id: raffleDrop,
        name: "Test pressing raffle",
        items: [{ sku: "TEST-PRESSING", stock: stock["TEST-PRESSING"] ?? 10 }],
        windows: [
          { name: "Raffle entries", opensAt: opens, closesAt: anchor + (seed.raffleEntriesMs ?? 2 * DAY) }
        ],
        limits: { perOrder: 1, perCustomer: 1 },
        // Winners have half an hour to pay.
        holdMs: 30 * 60_000,
        mode: "raffle",
        lateConfirm: "reject",
        commitment: seed.raffleCommitment
      },
      {
        // Only holders of the member pass may hold a dubplate: the rule is the window's `passes`.
        id: membersDrop,
        name: "Members' dubplate",
        items: [{ sku: "DUBPLATE", stock: stock["DUBPLATE"] ?? 20 }],
        windows: [{ name: "Members only", opensAt: opens, closesAt: endsAt + DAY, passes: [MEMBER_PASS] }],
        limits: { perOrder: 1, perCustomer: 1 },
        holdMs: 10 * 60_000,
        mode: "fcfs",
        lateConfirm: "reject"
      }
    ],
    products: [
      {
        sku: "TICKET",
        blurb: "A seat in the room. Presale price until the general sale opens.",
        dropId: ticketsDrop,
        issues: "ticket"
      },
      {
        sku: "VIP",
        blurb: "Headphones with the binaural master and the artist Q&A. Needs a ticket in the same order.",
        dropId: ticketsDrop,
        issues: "vip"
      },
      { sku: "REMOTE", blurb: "Listen online, live, with the room.", dropId: ticketsDrop, issues: "remote" },
      {
        sku: "BUNDLE",
        blurb: "A limited cassette and a risograph print, with a code for the digital master.",
        dropId: bundleDrop,
        issues: "digital"
      },
      {
        sku: "TEST-PRESSING",
        blurb: "One of ten test pressings of the Night Tapes LP, raffled: enter once, the draw is public.",
        dropId: raffleDrop,
        issues: "none",
        dropPageOnly: true
      },
      {
        sku: "DUBPLATE",
        blurb: "A one-sided dubplate of the night's closing track, for members only.",
        dropId: membersDrop,
        issues: "none",
        dropPageOnly: true
      }
    ]
  }
}
