/**
 * A signed revocation list kept in a file, so a promoter can revoke a leaked pass during an event
 * without restarting the relay: write a newer list (`signRevocationList` from `@microdrop/codes`)
 * over the file and the relay picks it up at its next look.
 *
 * @since 0.1.0
 */
import { readFile } from "node:fs/promises"
import { openRevocationList, type RevocationList, type TokenPublicKey } from "@microdrop/codes"
import { Effect, type Scope } from "effect"
import { InvalidRelayConfig } from "./errors.ts"
import { DURATION_MS, timeProblem } from "./internal/time.ts"

/**
 * Where the list lives and how it is checked.
 *
 * @category models
 * @since 0.1.0
 */
export interface RevocationFileOptions {
  /** The file holding the list as text (what `signRevocationList` returns). */
  readonly file: string
  /** How often to look for a newer list, in ms. */
  readonly pollMs: number
  /** The issuer's public keys: the list must be signed with one of them. */
  readonly publicKeys: ReadonlyArray<TokenPublicKey>
}

const read = (file: string): Effect.Effect<string, string> =>
  Effect.tryPromise({
    try: () => readFile(file, "utf8"),
    catch: (e) => `cannot read ${file} (${e instanceof Error ? e.message : String(e)})`
  }).pipe(Effect.map((text) => text.trim()))

const open = (
  text: string,
  publicKeys: ReadonlyArray<TokenPublicKey>,
  current: RevocationList | undefined
): Effect.Effect<RevocationList, string> => {
  const r = openRevocationList(text, publicKeys, { minVersion: current?.version })
  return r.ok ? Effect.succeed(r.value) : Effect.fail(r.error.message)
}

/**
 * Reads the list now (a missing, unreadable or badly signed list fails with `InvalidRelayConfig` on
 * `revocationFile`), then looks at the file every `pollMs` until the scope closes. A newer list
 * replaces the current one; an older one, a broken one or a failed read is logged and ignored, so
 * a half-written file never lifts a revocation. A `pollMs` that is not a finite number of milliseconds
 * ≥ 1 fails with `InvalidRelayConfig` naming `pollMs`.
 *
 * @param options - The file, the poll interval and the public keys.
 * @returns A function giving the newest good list (for `codesPassVerifier`'s `revocations`).
 * @category constructors
 * @since 0.1.0
 */
export const watchRevocationFile = (
  options: RevocationFileOptions
): Effect.Effect<() => RevocationList | undefined, InvalidRelayConfig, Scope.Scope> =>
  Effect.gen(function* () {
    const badPoll = timeProblem("pollMs", options.pollMs, DURATION_MS)
    if (badPoll !== undefined) return yield* badPoll
    const first = yield* read(options.file).pipe(
      Effect.flatMap((text) =>
        Effect.map(open(text, options.publicKeys, undefined), (list) => ({ text, list }))
      ),
      Effect.mapError((rule) => new InvalidRelayConfig({ field: "revocationFile", rule }))
    )
    let lastText = first.text
    let current = first.list
    const check = read(options.file).pipe(
      Effect.flatMap((text) => {
        if (text === lastText) return Effect.void
        lastText = text
        return Effect.flatMap(open(text, options.publicKeys, current), (list) =>
          Effect.sync(() => {
            current = list
          }).pipe(
            Effect.andThen(
              Effect.logInfo(
                `revocation list version ${list.version} loaded from ${options.file} (${list.tokenIds.size} passes revoked)`
              )
            )
          )
        )
      }),
      Effect.catch((reason) =>
        Effect.logWarning(
          `revocation list in ${options.file} ignored, keeping version ${current.version}: ${reason}`
        )
      )
    )
    // the first look is one interval after the read above
    yield* Effect.forkScoped(Effect.forever(Effect.andThen(Effect.sleep(options.pollMs), check)))
    return () => current
  })
