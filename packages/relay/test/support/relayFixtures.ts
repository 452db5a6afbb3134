// What several relay tests share: an offer whose peer never connects, a free UDP base port, and the
// options of a Relay.layer built by hand (no HTTP server).
import { probeUdpPorts } from "../../src/internal/udpMux.ts"
import { codesPassVerifier } from "../../src/PassVerifier.ts"
import type { RelayOptions } from "../../src/Relay.ts"
import { issuer, PUBLISHER_SECRET, passKinds } from "./keys.ts"

/** An offer the relay's cheap checks accept; it never connects (enough to be refused, or to hold a place and a join slot). */
export const neverConnectingOffer = [
  "v=0",
  "o=- 1 1 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 0.0.0.0",
  "a=ice-ufrag:abcd",
  "a=ice-pwd:abcdefghijklmnopqrstuvwx",
  "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
  "a=setup:actpass",
  "a=mid:0",
  "a=recvonly",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  ""
].join("\r\n")

/** A UDP base port on 127.0.0.1 with the next two free too (the main thread's and two workers'). */
export const freeUdpBase = async (): Promise<number> => {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000)
    if (
      await probeUdpPorts([base, base + 1, base + 2], "127.0.0.1").then(
        () => true,
        () => false
      )
    )
      return base
  }
}

/** Relay.layer options for the test keys: one room "main", loopback ICE, the default policies. */
export const layerOptions: RelayOptions = {
  publisherSecret: PUBLISHER_SECRET,
  verifier: codesPassVerifier({ publicKeys: [issuer.publicKey], passKinds }),
  takeover: "replace",
  seatPolicy: "replace-oldest",
  rooms: { main: ["main"] },
  connectTimeoutMs: 30_000,
  iceAdditionalHostAddresses: [],
  icePortRange: undefined,
  iceIpv6: false,
  iceTcp: false,
  gatherTimeoutMs: 5_000
}
