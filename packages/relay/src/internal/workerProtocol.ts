// Messages between the main thread and listener worker threads (`workers: N`). A track is keyed
// "<room>/<track>" (names cannot contain '/').
import type { ListenerStats } from "../RelayStats.ts"
import type { SdpFrag } from "../SdpFrag.ts"
import type { PatchOutcome } from "./icePatch.ts"

export type ToWorker =
  | { readonly t: "rtp"; readonly key: string; readonly data: Uint8Array }
  | { readonly t: "source"; readonly key: string }
  | {
      readonly t: "listen"
      readonly req: number
      readonly id: string
      readonly pass: string
      readonly key: string
      readonly offer: string
    }
  | { readonly t: "end"; readonly id: string }
  | { readonly t: "switch"; readonly req: number; readonly id: string; readonly key: string }
  | {
      readonly t: "patch"
      readonly req: number
      readonly id: string
      readonly frag: SdpFrag
      readonly ifMatch: string | undefined
    }
  | { readonly t: "stats"; readonly req: number }
  | { readonly t: "stop"; readonly req: number }

export interface WorkerTrackStats {
  readonly key: string
  readonly listeners: number
  readonly packetsOut: number
  readonly bytesOut: number
  readonly latencyP50Ms: number
  readonly latencyP99Ms: number
  readonly sumFractionLost: number
  readonly packetsLost: number
  readonly sumJitterMs: number
}

export interface WorkerStats {
  readonly tracks: ReadonlyArray<WorkerTrackStats>
  readonly listeners: ReadonlyArray<ListenerStats>
}

export type ToMain =
  | {
      readonly t: "reply"
      readonly req: number
      readonly ok: true
      readonly value: string
    }
  | {
      readonly t: "reply"
      readonly req: number
      readonly ok: false
      readonly error: { readonly tag: string; readonly reason: string }
    }
  | { readonly t: "stats"; readonly req: number; readonly stats: WorkerStats }
  | { readonly t: "patched"; readonly req: number; readonly outcome: PatchOutcome }
  | { readonly t: "closed"; readonly id: string }
  /** The listener's peer connected (its DTLS handshake is over): the main thread frees its join slot. */
  | { readonly t: "connected"; readonly id: string }
