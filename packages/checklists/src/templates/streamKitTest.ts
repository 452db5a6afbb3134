/**
 * Stream-kit test: camera and audio rigged, encoder checked, a private test stream, latency checked, backup recording running.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { showAnchors } from "./anchors.ts"

/**
 * Stream-kit test: camera and audio rigged, encoder checked, a private test stream, latency checked, backup recording running.
 *
 * @category templates
 * @example
 * ```ts
 * import { streamKitTest, schedule } from "@microdrop/checklists"
 * schedule(streamKitTest).paths.length > 0 // => true
 * ```
 * @since 0.1.0
 */
export const streamKitTest: Template = {
  id: "stream-kit-test",
  title: "Stream-kit test",
  anchors: showAnchors,
  items: [
    {
      id: "rig-camera",
      title: "Rig camera and lighting for the stream",
      owner: "tech",
      anchor: "show-start",
      offset: -180,
      duration: 30,
      critical: true
    },
    {
      id: "rig-audio",
      title: "Rig the audio interface and the multichannel feed",
      owner: "tech",
      anchor: "show-start",
      offset: -180,
      duration: 40,
      critical: true,
      notes: "Room mix plus the binaural/spatial mix for VIP headphones."
    },
    {
      id: "encoder-settings",
      title: "Check encoder settings: bitrate, keyframes, low-latency mode",
      owner: "tech",
      anchor: "show-start",
      offset: -135,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "rig-camera" }, { item: "rig-audio" }]
    },
    {
      id: "private-test-stream",
      title: "Run a private test stream for ten minutes",
      owner: "tech",
      anchor: "show-start",
      offset: -120,
      duration: 15,
      critical: true,
      dependsOn: [{ item: "encoder-settings" }]
    },
    {
      id: "latency-check",
      title: "Check latency and lip sync on a remote device",
      owner: "tech",
      anchor: "show-start",
      offset: -100,
      duration: 10,
      critical: true,
      dependsOn: [{ item: "private-test-stream", type: "SS", lag: 5 }]
    },
    {
      id: "backup-recording",
      title: "Start the backup recording",
      owner: "tech",
      anchor: "show-start",
      offset: -5,
      duration: 5,
      critical: true,
      dependsOn: [{ item: "private-test-stream" }]
    },
    {
      id: "go-live",
      title: "Go live",
      owner: "tech",
      anchor: "show-start",
      offset: 0,
      duration: 0,
      critical: true,
      dependsOn: [{ item: "latency-check" }, { item: "backup-recording" }]
    }
  ]
}
