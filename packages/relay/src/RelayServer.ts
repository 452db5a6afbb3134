/**
 * The relay's HTTP server as an Effect service: listens while its layer is open, and closes the
 * server and every peer connection when the layer is released.
 *
 * @since 0.1.0
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Context, Effect, Layer } from "effect"
import type { InvalidRelayConfig } from "./errors.ts"
import { Relay } from "./Relay.ts"
import type { RelayConfig, ResolvedConfig } from "./RelayConfig.ts"
import { resolveConfigEffect } from "./RelayConfig.ts"
import { makeRequestListener } from "./RelayHttp.ts"
import { makeMetricsRegistry } from "./RelayMetrics.ts"
import { watchRevocationFile } from "./RevocationFile.ts"

/**
 * A listening relay server.
 *
 * @category services
 * @since 0.1.0
 */
export class RelayServer extends Context.Service<
  RelayServer,
  {
    /** Base URL, e.g. "http://127.0.0.1:8080". */
    readonly url: string
    /** The TCP port it listens on. */
    readonly port: number
  }
>()("@microdrop/relay/RelayServer") {
  /**
   * Serves the {@link Relay} in context over HTTP.
   *
   * @param http - Port, host, CORS origin and body limit.
   * @returns A layer providing {@link RelayServer}; needs {@link Relay}.
   * @since 0.1.0
   */
  static readonly layer = (http: ResolvedConfig["http"]): Layer.Layer<RelayServer, never, Relay> =>
    Layer.effect(
      RelayServer,
      Effect.gen(function* () {
        const relay = yield* Relay
        const registry = makeMetricsRegistry(() => Effect.runPromise(relay.stats))
        const server = createServer(makeRequestListener(relay, registry, http))
        server.keepAliveTimeout = 5_000
        const port = yield* Effect.acquireRelease(
          Effect.callback<number>((resume) => {
            server.listen(http.port, http.host, () =>
              resume(Effect.succeed((server.address() as AddressInfo).port))
            )
          }),
          () =>
            Effect.callback<void>((resume) => {
              server.close(() => resume(Effect.void))
              server.closeAllConnections()
            })
        )
        const shown = http.host === "0.0.0.0" || http.host === "::" ? "127.0.0.1" : http.host
        return RelayServer.of({ url: `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`, port })
      })
    )
}

/**
 * The whole relay (service + HTTP server) from a configuration as given.
 *
 * @param input - The relay configuration ({@link RelayConfig}; typed, and still checked at run time).
 * @returns A layer providing {@link Relay} and {@link RelayServer}; fails with `InvalidRelayConfig` naming the
 *   field and the rule, or every key that is not a relay setting.
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { RelayServer, relayLayer } from "@microdrop/relay"
 * const program = Effect.gen(function* () {
 *   const server = yield* RelayServer
 *   console.log(`WHIP: ${server.url}/whip/main`)
 * })
 * // Effect.runPromise(Layer.launch(relayLayer({ publicKeys, publisherSecret })))
 * ```
 * @category layers
 * @since 0.1.0
 */
export const relayLayer = (input: RelayConfig): Layer.Layer<Relay | RelayServer, InvalidRelayConfig> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const config = yield* resolveConfigEffect(input)
      const watched = config.revocations
      // with a revocation file, passes are checked against the newest list it held
      const relay =
        watched === undefined
          ? config.relay
          : { ...config.relay, verifier: watched.verifier(yield* watchRevocationFile(watched)) }
      return RelayServer.layer(config.http).pipe(Layer.provideMerge(Relay.layer(relay)))
    })
  )
