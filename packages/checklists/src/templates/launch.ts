/**
 * The playbook's final checklist for launching a hybrid micro-event, as a template.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

const DAY = 1440

/**
 * Launch your first hybrid micro-event (the playbook's final checklist): streaming kit and backup
 * power confirmed; 50 VIP headphone bundles and 100 base tickets with clear drop windows; labels and
 * SKU tags preprinted; a short live stream with a purchasable micro-drop link, and the purchase flow
 * tested end to end before the drop window opens.
 *
 * @category templates
 * @example
 * ```ts
 * import { instantiate, launch } from "@microdrop/checklists"
 * instantiate(launch, { anchors: { doors: "2026-10-25T19:00:00+01:00" }, timeZone: "Europe/Berlin" })
 * ```
 * @since 0.1.0
 */
export const launch: Template = {
  id: "launch",
  title: "Launch a hybrid micro-event",
  anchors: showAnchors,
  items: [
    {
      id: "publish-base-tickets",
      title: "Publish 100 base tickets",
      owner: "promoter",
      anchor: "doors",
      offset: -14 * DAY,
      duration: 60,
      critical: true,
      notes: "Low price, high volume, in-room experience."
    },
    {
      id: "prepare-vip-bundles",
      title: "Prepare 50 VIP headphone bundles",
      owner: "merch",
      anchor: "doors",
      offset: -3 * DAY,
      duration: 240,
      critical: true,
      notes: "Headphones, binaural/spatial master access, artist Q&A pass."
    },
    {
      id: "set-drop-windows",
      title: "Set clear drop windows for VIP bundles and base tickets",
      owner: "promoter",
      anchor: "doors",
      offset: -3 * DAY,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "publish-base-tickets" }, { item: "prepare-vip-bundles", type: "SS" }]
    },
    {
      id: "preprint-labels",
      title: "Preprint labels and SKU tags for on-site micro-retail",
      owner: "merch",
      anchor: "doors",
      offset: -2 * DAY,
      duration: 90,
      critical: true,
      dependsOn: [{ item: "prepare-vip-bundles" }]
    },
    {
      id: "confirm-stream-kit",
      title: "Confirm the compact streaming kit",
      owner: "tech",
      anchor: "doors",
      offset: -DAY,
      duration: 60,
      critical: true,
      notes: "Low latency, multichannel audio, quick to deploy."
    },
    {
      id: "confirm-backup-power",
      title: "Confirm the backup power plan",
      owner: "tech",
      anchor: "doors",
      offset: -DAY,
      duration: 30,
      critical: true,
      dependsOn: [{ item: "confirm-stream-kit", type: "SS" }]
    },
    {
      id: "publish-stream",
      title: "Publish a short live stream with a purchasable micro-drop link",
      owner: "tech",
      anchor: "show-start",
      offset: -90,
      duration: 20,
      critical: true,
      dependsOn: [{ item: "confirm-stream-kit" }, { item: "set-drop-windows" }]
    },
    {
      id: "test-purchase",
      title: "Test the purchase flow end to end (buy, pay, receive the code)",
      owner: "promoter",
      anchor: "show-start",
      offset: -70,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "publish-stream" }, { item: "preprint-labels" }]
    },
    {
      id: "brief-crew",
      title: "Brief the crew on tickets, VIP bundles and the drop window",
      owner: "promoter",
      anchor: "doors",
      offset: -30,
      duration: 10,
      dependsOn: [{ item: "test-purchase", lag: 5 }]
    },
    {
      id: "announce-drop",
      title: "Announce the micro-drop in the room and on the stream",
      owner: "host",
      anchor: "drop-window",
      offset: -5,
      duration: 5,
      dependsOn: [{ item: "test-purchase" }]
    }
  ]
}
