import { defineConfig, mergeConfig } from "vitest/config"
import { sharedConfig } from "../../vitest.shared.ts"

// One test file at a time: the join-storm, Chromium and aiortc files each start real peers (hundreds of
// DTLS handshakes in storm.test), and two of them at once on a 2-core CI machine measure the machine,
// not the relay (CI saw a storm refused or a stream gap only when files overlapped).
export default mergeConfig(sharedConfig, defineConfig({ test: { fileParallelism: false } }))
