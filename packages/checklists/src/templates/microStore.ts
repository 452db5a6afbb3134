/**
 * Micro-store setup with label printing: label sheets, SKU tags that scan, tagged stock, a lit stall and counted stock.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Micro-store setup with label printing: label sheets, SKU tags that scan, tagged stock, a lit stall and counted stock.
 *
 * @category templates
 * @example
 * ```ts
 * import { microStore, schedule } from "@microdrop/checklists"
 * schedule(microStore).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const microStore: Template = {
  id: "micro-store",
  title: "Micro-store setup and label printing",
  anchors: showAnchors,
  items: [
    {
      id: "print-label-sheets",
      title: "Print the label sheets from the label templates",
      owner: "merch",
      anchor: "doors",
      offset: -2880,
      duration: 45,
      critical: true,
      notes: "Sheets for bundles, cassettes, prints and zines."
    },
    {
      id: "print-sku-tags",
      title: "Print SKU tags with barcodes",
      owner: "merch",
      anchor: "doors",
      offset: -2880,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "print-label-sheets", type: "SS", lag: 15 }]
    },
    {
      id: "scan-test-tags",
      title: "Scan a sample of tags with the checkout scanner",
      owner: "merch",
      anchor: "doors",
      offset: -2820,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "print-sku-tags" }]
    },
    {
      id: "tag-stock",
      title: "Label and tag every unit of stock",
      owner: "merch",
      anchor: "doors",
      offset: -2790,
      duration: 90,
      critical: true,
      dependsOn: [{ item: "scan-test-tags" }]
    },
    {
      id: "pack-pocket-printer",
      title: "Pack the pocket printer, spare label rolls and price cards",
      owner: "merch",
      anchor: "doors",
      offset: -1440,
      duration: 15
    },
    {
      id: "set-stall",
      title: "Set up the stall: lighting, display, price cards",
      owner: "merch",
      anchor: "doors",
      offset: -90,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "tag-stock" }]
    },
    {
      id: "count-stock",
      title: "Count opening stock per SKU",
      owner: "merch",
      anchor: "doors",
      offset: -60,
      duration: 20,
      critical: true,
      dependsOn: [{ item: "set-stall" }]
    },
    {
      id: "set-float",
      title: "Set the change float and the card reader at the stall",
      owner: "merch",
      anchor: "doors",
      offset: -40,
      duration: 10,
      dependsOn: [{ item: "set-stall" }]
    }
  ]
}
