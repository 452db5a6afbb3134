/**
 * Teardown: stream ended and saved, sales reconciled, kit powered down and packed, venue swept, loaded out.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Teardown: stream ended and saved, sales reconciled, kit powered down and packed, venue swept, loaded out.
 *
 * @category templates
 * @example
 * ```ts
 * import { teardown, schedule } from "@microdrop/checklists"
 * schedule(teardown).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const teardown: Template = {
  id: "teardown",
  title: "Teardown",
  anchors: showAnchors,
  items: [
    {
      id: "end-stream",
      title: "End the stream and save the recording",
      owner: "tech",
      anchor: "teardown",
      offset: 0,
      duration: 10,
      critical: true
    },
    {
      id: "reconcile-sales",
      title: "Count stock and reconcile sales per SKU",
      owner: "merch",
      anchor: "teardown",
      offset: 0,
      duration: 30,
      critical: true,
      notes: "Card reader totals, redemption codes and remaining stock."
    },
    {
      id: "pack-merch",
      title: "Pack unsold merch and label rolls",
      owner: "merch",
      anchor: "teardown",
      offset: 30,
      duration: 20,
      dependsOn: [{ item: "reconcile-sales" }]
    },
    {
      id: "power-down",
      title: "Power down in reverse order; batteries off charge",
      owner: "tech",
      anchor: "teardown",
      offset: 10,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "end-stream" }]
    },
    {
      id: "pack-kit",
      title: "Pack the streaming kit and cables into their cases",
      owner: "tech",
      anchor: "teardown",
      offset: 25,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "power-down" }]
    },
    {
      id: "venue-sweep",
      title: "Sweep the venue for gear and rubbish",
      owner: "crew",
      anchor: "teardown",
      offset: 55,
      duration: 15,
      dependsOn: [{ item: "pack-kit", type: "SS", lag: 15 }]
    },
    {
      id: "load-out",
      title: "Load out and sign off with the house contact",
      owner: "crew",
      anchor: "teardown",
      offset: 70,
      duration: 20,
      critical: true,
      dependsOn: [{ item: "pack-kit" }, { item: "pack-merch" }, { item: "venue-sweep" }]
    }
  ]
}
