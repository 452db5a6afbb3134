/**
 * Load-in: arrive, walk the venue, set the listening area and merch table, run power.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Load-in: arrive, walk the venue, set the listening area and merch table, run power.
 *
 * @category templates
 * @example
 * ```ts
 * import { loadIn, schedule } from "@microdrop/checklists"
 * schedule(loadIn).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const loadIn: Template = {
  id: "load-in",
  title: "Load-in",
  anchors: showAnchors,
  items: [
    {
      id: "arrive",
      title: "Arrive and unload the van",
      owner: "crew",
      anchor: "doors",
      offset: -300,
      duration: 30,
      critical: true,
      notes: "Park at the loading door; keep the kit cases together."
    },
    {
      id: "walkthrough",
      title: "Walk the venue with the house contact",
      owner: "crew",
      anchor: "doors",
      offset: -270,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "arrive" }],
      notes: "Power points, exits, Wi-Fi and where the queue goes."
    },
    {
      id: "place-listening-area",
      title: "Set the listening area: seats, speakers, headphone station",
      owner: "crew",
      anchor: "doors",
      offset: -255,
      duration: 45,
      dependsOn: [{ item: "walkthrough" }]
    },
    {
      id: "place-merch-table",
      title: "Place the merch table by the exit flow",
      owner: "merch",
      anchor: "doors",
      offset: -255,
      duration: 20,
      dependsOn: [{ item: "walkthrough" }]
    },
    {
      id: "run-power",
      title: "Run power to stage, stream desk and merch table",
      owner: "tech",
      anchor: "doors",
      offset: -240,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "walkthrough" }, { item: "place-listening-area", type: "SS", lag: 15 }]
    },
    {
      id: "signage",
      title: "Put up signage: tickets, VIP headphones, drop times",
      owner: "merch",
      anchor: "doors",
      offset: -150,
      duration: 20,
      dependsOn: [{ item: "place-merch-table" }]
    },
    {
      id: "load-in-done",
      title: "Load-in done: cases stowed, walkways clear",
      owner: "crew",
      anchor: "doors",
      offset: -120,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "run-power" }, { item: "place-listening-area" }]
    }
  ]
}
