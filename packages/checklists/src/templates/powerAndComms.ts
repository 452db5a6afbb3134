/**
 * Power and comms: batteries charged, a power plan checked, encoder on UPS, radios and a backup uplink tested.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Power and comms: batteries charged, a power plan checked, encoder on UPS, radios and a backup uplink tested.
 *
 * @category templates
 * @example
 * ```ts
 * import { powerAndComms, schedule } from "@microdrop/checklists"
 * schedule(powerAndComms).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const powerAndComms: Template = {
  id: "power-and-comms",
  title: "Power and comms",
  anchors: showAnchors,
  items: [
    {
      id: "charge-batteries",
      title: "Charge the battery banks and spare batteries",
      owner: "tech",
      anchor: "doors",
      offset: -1440,
      duration: 180,
      critical: true,
      notes: "Size for the whole show plus an hour."
    },
    {
      id: "check-power-plan",
      title: "Check the power plan: loads per circuit, runtime on battery",
      owner: "tech",
      anchor: "doors",
      offset: -240,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "charge-batteries" }]
    },
    {
      id: "ups-encoder",
      title: "Put the encoder and router on the UPS",
      owner: "tech",
      anchor: "doors",
      offset: -210,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "check-power-plan" }]
    },
    {
      id: "radio-check",
      title: "Radio check on every walkie-talkie channel",
      owner: "crew",
      anchor: "doors",
      offset: -120,
      duration: 10,
      critical: true
    },
    {
      id: "backup-uplink",
      title: "Set up the backup mobile hotspot",
      owner: "tech",
      anchor: "doors",
      offset: -120,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "ups-encoder" }]
    },
    {
      id: "uplink-test",
      title: "Measure uplink speed on the main and backup connection",
      owner: "tech",
      anchor: "doors",
      offset: -100,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "backup-uplink" }]
    },
    {
      id: "spare-kit",
      title: "Lay out spares: cables, adapters, gaffer tape, batteries",
      owner: "tech",
      anchor: "doors",
      offset: -90,
      duration: 10
    }
  ]
}
