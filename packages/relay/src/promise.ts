/**
 * The relay for code that does not use Effect: start it from a configuration, read its stats, close it.
 *
 * @since 0.1.0
 */
import { ManagedRuntime } from "effect"
import { Relay } from "./Relay.ts"
import type { RelayConfig } from "./RelayConfig.ts"
import { RelayServer, relayLayer } from "./RelayServer.ts"
import type { RelayStats } from "./RelayStats.ts"

/**
 * A running relay.
 *
 * @category models
 * @since 0.1.0
 */
export interface RunningRelay {
  /** Base URL, e.g. "http://127.0.0.1:8080". */
  readonly url: string
  /** The TCP port. */
  readonly port: number
  /** A snapshot of traffic per track and listener. */
  readonly stats: () => Promise<RelayStats>
  /** Ends every session and stops the HTTP server. */
  readonly close: () => Promise<void>
}

/**
 * Starts a relay.
 *
 * @param config - The relay configuration ({@link RelayConfig}: `publicKeys` and `publisherSecret` are
 *   required). It is typed for autocomplete and still checked at run time (a value read from JSON may be
 *   anything).
 * @returns The running relay; rejects with `InvalidRelayConfig` when the configuration is wrong, naming the
 *   field and the rule, or every key that is not a relay setting (e.g. `worker` for `workers`).
 * @example
 * ```ts
 * import { startRelay } from "@microdrop/relay/promise"
 * const relay = await startRelay({ port: 8080, publicKeys: ["1:<base64url key>"], publisherSecret: "at-least-16-characters" })
 * console.log(`${relay.url}/whip/main`, `${relay.url}/whep/main`)
 * await relay.close()
 * ```
 * @category constructors
 * @since 0.1.0
 */
export const startRelay = async (config: RelayConfig): Promise<RunningRelay> => {
  const runtime = ManagedRuntime.make(relayLayer(config))
  try {
    const server = await runtime.runPromise(RelayServer.useSync((s) => s))
    return {
      url: server.url,
      port: server.port,
      stats: () => runtime.runPromise(Relay.use((r) => r.stats)),
      close: () => runtime.dispose()
    }
  } catch (e) {
    await runtime.dispose()
    throw e
  }
}

export type { RelayConfig } from "./RelayConfig.ts"
export type { RelayStats } from "./RelayStats.ts"
