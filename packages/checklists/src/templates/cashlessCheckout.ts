/**
 * Cashless checkout: readers charged and paired, catalog loaded, a test payment and refund, offline mode tested.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Cashless checkout: readers charged and paired, catalog loaded, a test payment and refund, offline mode tested.
 *
 * @category templates
 * @example
 * ```ts
 * import { cashlessCheckout, schedule } from "@microdrop/checklists"
 * schedule(cashlessCheckout).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const cashlessCheckout: Template = {
  id: "cashless-checkout",
  title: "Cashless checkout",
  anchors: showAnchors,
  items: [
    {
      id: "charge-readers",
      title: "Charge the card readers and the backup phone",
      owner: "merch",
      anchor: "doors",
      offset: -1440,
      duration: 120,
      critical: true
    },
    {
      id: "pair-readers",
      title: "Pair the card readers with the checkout app",
      owner: "merch",
      anchor: "doors",
      offset: -120,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "charge-readers" }]
    },
    {
      id: "load-catalog",
      title: "Load the catalog and prices into the checkout",
      owner: "merch",
      anchor: "doors",
      offset: -110,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "pair-readers", type: "SS" }],
      notes: "Tickets, VIP add-on, bundles, micro-drop items."
    },
    {
      id: "test-payment",
      title: "Take and refund a small test payment on every reader",
      owner: "merch",
      anchor: "doors",
      offset: -90,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "load-catalog" }]
    },
    {
      id: "test-offline",
      title: "Test offline mode: take a payment with the uplink off",
      owner: "merch",
      anchor: "doors",
      offset: -70,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "test-payment" }]
    },
    {
      id: "qr-payment-link",
      title: "Print the QR payment link for remote buyers",
      owner: "merch",
      anchor: "doors",
      offset: -60,
      duration: 10,
      dependsOn: [{ item: "load-catalog" }]
    },
    {
      id: "queue-layout",
      title: "Mark the queue: one line, pay, collect",
      owner: "merch",
      anchor: "doors",
      offset: -30,
      duration: 10
    }
  ]
}
