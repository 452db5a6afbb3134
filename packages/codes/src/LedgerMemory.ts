/** The in-memory ledger store: one process, no persistence; the default and the reference for the other stores. */
import { Effect, Layer } from "effect"
import { redemptionKey } from "./internal/ledgerKeys.ts"
import type { Attempt } from "./LedgerSchemas.ts"
import { LedgerStore, type RedeemCommand, type RedeemOutcome, type StoredCode } from "./LedgerStore.ts"

interface MutableCode {
  code: string
  maxUses: number
  uses: number
  expiresAt: number | undefined
  revokedAt: number | undefined
  lastUse: { at: number; doorId: string } | undefined
}

interface StoredRedemption {
  readonly use: number | undefined
  readonly at: number
}

const snapshot = (c: MutableCode): StoredCode => ({
  code: c.code,
  maxUses: c.maxUses,
  uses: c.uses,
  ...(c.expiresAt === undefined ? {} : { expiresAt: c.expiresAt }),
  ...(c.revokedAt === undefined ? {} : { revokedAt: c.revokedAt })
})

/** The store's logic over plain maps; every call runs to completion before the next (one JS thread). */
const makeMemory = () => {
  const codes = new Map<string, MutableCode>()
  /** Redemption ids are scoped to their code (a length-prefixed key of both). */
  const redemptions = new Map<string, StoredRedemption>()
  const history = new Map<string, Attempt[]>()
  const failures = new Map<string, { start: number; count: number }>()

  const log = (code: string, attempt: Attempt): void => {
    const list = history.get(code)
    if (list === undefined) history.set(code, [attempt])
    else list.push(attempt)
  }

  const redeem = (cmd: RedeemCommand): RedeemOutcome => {
    const online = cmd.source === "online"
    if (online) {
      const window = failures.get(cmd.client)
      if (window !== undefined && cmd.now < window.start + cmd.windowMs && window.count >= cmd.maxFailures) {
        return { _tag: "RateLimited", retryAfterMs: window.start + cmd.windowMs - cmd.now }
      }
    }
    const attempt = (outcome: Attempt["outcome"], use?: number): Attempt => ({
      at: cmd.at,
      doorId: cmd.doorId,
      redemptionId: cmd.redemptionId,
      source: cmd.source,
      outcome,
      ...(use === undefined ? {} : { use })
    })
    const ridKey = redemptionKey(cmd.code, cmd.redemptionId)
    const previous = redemptions.get(ridKey)
    const c = codes.get(cmd.code)
    if (previous !== undefined) {
      if (!online || previous.use === undefined) return { _tag: "Duplicate" }
      log(cmd.code, attempt("replayed", previous.use))
      return {
        _tag: "Redeemed",
        use: previous.use,
        maxUses: c?.maxUses ?? previous.use,
        at: previous.at,
        replayed: true
      }
    }
    if (c === undefined) {
      if (online) {
        const window = failures.get(cmd.client)
        if (window === undefined || cmd.now >= window.start + cmd.windowMs)
          failures.set(cmd.client, { start: cmd.now, count: 1 })
        else window.count++
      } else redemptions.set(ridKey, { use: undefined, at: cmd.at })
      return { _tag: "NotFound" }
    }
    const refuse = (outcome: Attempt["outcome"], result: RedeemOutcome): RedeemOutcome => {
      if (!online) redemptions.set(ridKey, { use: undefined, at: cmd.at })
      log(cmd.code, attempt(outcome))
      return result
    }
    if (c.revokedAt !== undefined) return refuse("revoked", { _tag: "Revoked", revokedAt: c.revokedAt })
    if (c.expiresAt !== undefined && cmd.at >= c.expiresAt)
      return refuse("expired", { _tag: "Expired", expiresAt: c.expiresAt })
    if (c.uses >= c.maxUses) {
      return online
        ? refuse("exhausted", { _tag: "Exhausted", maxUses: c.maxUses, lastUse: c.lastUse })
        : refuse("conflict", { _tag: "Conflict", maxUses: c.maxUses })
    }
    const use = ++c.uses
    c.lastUse = { at: cmd.at, doorId: cmd.doorId }
    redemptions.set(ridKey, { use, at: cmd.at })
    log(cmd.code, attempt("redeemed", use))
    return { _tag: "Redeemed", use, maxUses: c.maxUses, at: cmd.at, replayed: false }
  }

  return LedgerStore.of({
    issue: (code) =>
      Effect.sync(() => {
        if (codes.has(code.code)) return false
        codes.set(code.code, {
          code: code.code,
          maxUses: code.maxUses,
          uses: 0,
          expiresAt: code.expiresAt,
          revokedAt: undefined,
          lastUse: undefined
        })
        return true
      }),
    redeem: (cmd) => Effect.sync(() => redeem(cmd)),
    revoke: (code, at) =>
      Effect.sync(() => {
        const c = codes.get(code)
        if (c === undefined) return undefined
        c.revokedAt ??= at
        return snapshot(c)
      }),
    status: (code) =>
      Effect.sync(() => {
        const c = codes.get(code)
        return c === undefined ? undefined : snapshot(c)
      }),
    history: (code) => Effect.sync(() => [...(history.get(code) ?? [])])
  })
}

/**
 * The in-memory store: exact and fast in one process, gone when the process ends. Each time the layer
 * is built it starts empty. Use it for tests, a single door device, or a single-process app.
 *
 * @returns A layer providing `LedgerStore`.
 * @example
 * ```ts
 * import { Ledger, memoryStore } from "@microdrop/codes"
 * import { Layer } from "effect"
 * const layer = Ledger.layer().pipe(Layer.provide(memoryStore()))
 * ```
 * @since 0.1.0
 */
export const memoryStore = (): Layer.Layer<LedgerStore> => Layer.sync(LedgerStore, makeMemory)
