/**
 * The Redis store: every decision is one Lua script, which Redis runs atomically (no other
 * command runs in between), so any number of app instances can share one drop.
 *
 * **Expiry: neither key TTLs nor a sweeper.** Holds are queued by creation time (every hold of a
 * drop lasts `holdMs`): a list for holds created in order, a sorted set for the few created out
 * of order (clocks of instances differ); every script first moves the holds whose time has come
 * back to stock (exactly once, since only a `held` hold can expire), then decides. A TTL would delete a hold's key
 * without giving its units back, and a sweeper could lag behind a rush; with lazy expiry inside
 * the script, availability is right at every decision even if no process ran for hours. Reading
 * availability or a snapshot runs the same expiry step.
 *
 * The time is the caller's Effect `Clock`, passed to the script, so tests drive expiry with the
 * test clock (and instances should run NTP-synchronised clocks, as for any hold timer).
 *
 * **Events across instances** (with a `subscriber` connection): the script that applies a batch
 * also `PUBLISH`es what it did, so a batch is announced if and only if it was applied, in the
 * order batches were applied; receivers decode the message with the same decoders as the
 * script's reply and derive the events with the same function as the local stream.
 *
 * Keys share a hash tag per drop (`<prefix>{<dropId>}:…`), so one drop lives on one Redis Cluster
 * slot.
 *
 * @since 0.1.0
 */
import {
  DEFAULT_STORE_TIMEOUT_MS,
  formatIssues,
  inputIssues,
  makeBatcher,
  ok,
  type RedisLike,
  redisScript
} from "@microdrop/kit"
import { Effect, type Layer } from "effect"
import type { Drop } from "./Drop.ts"
import type { BatchOutcome, DropBackend, EntryList, EventRelay } from "./DropBackend.ts"
import { type DropStore, makeDropStore } from "./DropStore.ts"
import { type InvalidStoreOptions, StoreUnavailable } from "./errors.ts"
import type { DropSnapshot } from "./Hold.ts"
import { anObject, requireArgument } from "./internal/arguments.ts"
import type { Op } from "./internal/engine.ts"
import { type REDIS_PARTS, redisKey } from "./internal/keys.ts"
import { APPLY, CREATE, ENTRY_ADD, ENTRY_LIST, ENTRY_REMOVE } from "./internal/lua.generated.ts"
import {
  badIds,
  decodeAvailability,
  decodeDrop,
  decodeEntryRecord,
  decodeExpired,
  decodeResult,
  encodeLines,
  encodeOp,
  isHoldKeyRecord,
  keyRecordHoldId,
  parseHold,
  receivedEvents
} from "./internal/redisRecords.ts"
import { boundedCalls, noAnswer, storeFailure } from "./internal/storeCall.ts"
import { storeLayer } from "./internal/storeLayer.ts"
import {
  checkedNewId,
  checkStoreOptions,
  dieOnBadNewId,
  hasMethods,
  isFunction,
  isNonEmptyString,
  isString,
  isTimeout,
  isWholeAtLeast1,
  type OptionCheck
} from "./internal/storeOptions.ts"
import { instanceIdOf, listenScoped } from "./internal/wire.ts"

/**
 * The Redis client a store takes: any client with `call(command, ...args)`, as an `ioredis` client
 * has (`new Redis(url)`). The toolkit's one Redis contract: pass the same client to
 * `@microdrop/codes` and `@microdrop/drops`.
 *
 * @category models
 * @since 0.1.0
 */
export type { RedisLike } from "@microdrop/kit"

/**
 * The parts of a dedicated `ioredis` connection the store uses to hear other instances' events
 * (a connection in subscriber mode can run no other command, so it cannot be `client`).
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisSubscriberLike {
  psubscribe(pattern: string): Promise<unknown>
  punsubscribe(pattern: string): Promise<unknown>
  on(event: "pmessage", listener: (pattern: string, channel: string, message: string) => void): unknown
  off(event: "pmessage", listener: (pattern: string, channel: string, message: string) => void): unknown
}

/**
 * Options of the Redis store.
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisStoreOptions {
  /** An `ioredis` client (`new Redis(url)`). The caller owns it and closes it. */
  readonly client: RedisLike
  /** Prefix of every key (default `microdrop:drops:`). */
  readonly prefix?: string
  /** Makes hold ids (default `crypto.randomUUID`). */
  readonly newId?: () => string
  /** Most operations per script call (default 64). */
  readonly maxBatch?: number
  /** Batches per drop running at once from this process (default 2: this process prepares the next batch while Redis runs one). */
  readonly inFlight?: number
  /**
   * A second, dedicated `ioredis` connection (`client.duplicate()`) for cross-instance events:
   * with it, the script that applies a batch also `PUBLISH`es what the batch did on
   * `<prefix>events:<dropId>` (atomically with it: sent if and only if the batch was applied, in
   * the order batches were applied), and other instances' events reach this instance's
   * subscribers. The caller owns it and closes it. Without it, events stay in this instance.
   */
  readonly subscriber?: RedisSubscriberLike
  /** This instance's id in published events (default `crypto.randomUUID`). */
  readonly instanceId?: string
  /**
   * Bound of one store call in milliseconds (default 10,000): a command Redis has not answered by
   * then (a connection killed while ioredis does not resend, a server that hangs) fails with the
   * retryable `StoreUnavailable` (a hold: retry with the same idempotency key) instead of waiting
   * for ever.
   */
  readonly timeoutMs?: number
}

const redisOptions: Readonly<Record<string, OptionCheck>> = {
  client: hasMethods("an ioredis client (new Redis(url))", ["call"]),
  prefix: isString,
  newId: isFunction,
  maxBatch: isWholeAtLeast1,
  inFlight: isWholeAtLeast1,
  subscriber: hasMethods("a dedicated ioredis connection (client.duplicate())", [
    "psubscribe",
    "punsubscribe",
    "on",
    "off"
  ]),
  instanceId: isNonEmptyString,
  timeoutMs: isTimeout
}

interface Pending {
  readonly drop: Drop
  readonly ops: ReadonlyArray<Op>
  readonly now: number
}

// the scripts are the files in src/internal/lua (see scripts/lua.mjs)
const createScript = redisScript(CREATE)
const applyScript = redisScript(APPLY)
const entryAddScript = redisScript(ENTRY_ADD)
const entryListScript = redisScript(ENTRY_LIST)
const entryRemoveScript = redisScript(ENTRY_REMOVE)
const SCRIPTS = [CREATE, APPLY, ENTRY_ADD, ENTRY_LIST, ENTRY_REMOVE]

/**
 * A hash's fields and values (`HGETALL`): `call` answers the flat reply (`[field, value, …]`);
 * a client that turns it into an object (as `ioredis`'s `hgetall` does) works too.
 */
const hashOf = async (client: RedisLike, key: string): Promise<Record<string, string>> => {
  const reply = await client.call("HGETALL", key)
  if (!Array.isArray(reply)) return (reply ?? {}) as Record<string, string>
  const out: Record<string, string> = {}
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  return out
}

/**
 * The Redis backend (for {@link makeDropStore}); loads its scripts first.
 *
 * @category constructors
 * @since 0.1.0
 */
export const redisBackend = (
  options: RedisStoreOptions
): Effect.Effect<DropBackend, StoreUnavailable | InvalidStoreOptions> => {
  const invalid = checkStoreOptions("redis", options, redisOptions, ["client"])
  if (invalid !== undefined) return Effect.fail(invalid)
  const client = options.client
  const prefix = options.prefix ?? "microdrop:drops:"
  const newId =
    options.newId === undefined ? () => globalThis.crypto.randomUUID() : checkedNewId("redis", options.newId)
  const maxBatch = options.maxBatch ?? 64
  const inFlight = options.inFlight ?? 2
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS
  const bounded = boundedCalls("redis", timeoutMs)
  const key = (dropId: string, part: (typeof REDIS_PARTS)[number]) => redisKey(prefix, dropId, part)
  const dropKeys = (dropId: string) =>
    (["items", "holds", "due", "customers", "keys", "queue"] as const).map((p) => key(dropId, p))
  const entryKeys = (dropId: string, list: EntryList) => [
    key(dropId, `${list}:order`),
    key(dropId, `${list}:data`)
  ]
  const configs = new Map<string, string>()
  // with a subscriber, the script publishes each batch on the drop's channel (see APPLY)
  const publishing = options.subscriber !== undefined
  const instanceId = instanceIdOf(options)
  const configOf = (drop: Drop): string => {
    let c = configs.get(drop.id)
    if (c === undefined) {
      c = JSON.stringify({
        dropId: drop.id,
        holdMs: drop.holdMs,
        lateConfirm: drop.lateConfirm,
        skus: drop.items.map((i) => i.sku),
        ...(drop.limits.perCustomer === undefined ? {} : { perCustomer: drop.limits.perCustomer }),
        ...(publishing ? { pub: `${prefix}events:${drop.id}`, inst: instanceId } : {})
      })
      configs.set(drop.id, c)
    }
    return c
  }

  return Effect.gen(function* () {
    // loaded up front, so a layer whose Redis is unreachable fails to build (and NOSCRIPT is rare)
    yield* bounded("loadScripts", () =>
      Promise.all(SCRIPTS.map((script) => client.call("SCRIPT", "LOAD", script)))
    )
    type Reply = readonly [ReadonlyArray<number>, string, string]
    /** One script call for a batch; each pending call gets its own results and the shared rest. */
    const runScript = async (drop: Drop, batch: ReadonlyArray<Pending>): Promise<Array<BatchOutcome>> => {
      const args: Array<string> = [configOf(drop)]
      const asked: Array<ReturnType<typeof encodeOp>> = []
      for (const p of batch) {
        if (p.ops.length === 0) asked.push(encodeOp(args, drop, undefined, p.now, newId))
        else for (const op of p.ops) asked.push(encodeOp(args, drop, op, p.now, newId))
      }
      const [avail, expiredText, resultText] = (await applyScript.run(
        client,
        dropKeys(drop.id),
        args
      )) as Reply
      const availability = decodeAvailability(drop, avail)
      const expired = decodeExpired(drop, expiredText)
      const results = resultText.split("\n")
      let at = 0
      return batch.map((p, n) => {
        const start = at
        at += p.ops.length === 0 ? 1 : p.ops.length
        const opResults = p.ops.map((_, j) => decodeResult(drop, results[start + j], asked[start + j]))
        // expiries are reported once, with the first call of the batch
        return { results: opResults, availability, expired: n === 0 ? expired : [] }
      })
    }
    const batcher = makeBatcher<Pending, BatchOutcome>({
      maxBatch,
      inFlight,
      timeoutMs,
      exec: async (_, batch) => (await runScript((batch[0] as Pending).drop, batch)).map(ok),
      timeout: () => new StoreUnavailable({ store: "redis", operation: "run", cause: noAnswer(timeoutMs) }),
      tooFew: (answered, items) =>
        new StoreUnavailable({
          store: "redis",
          operation: "run",
          cause: `${answered} results for ${items} calls`
        })
    })

    const backend: DropBackend = {
      name: "redis",
      newId,
      synchronous: false,
      insertDrop: (drop) =>
        bounded(
          "createDrop",
          async () =>
            (await createScript.run(
              client,
              [key(drop.id, "drop"), key(drop.id, "items")],
              [JSON.stringify(drop), JSON.stringify(drop.items)]
            )) === 1
        ),
      loadDrop: (dropId) =>
        Effect.flatMap(
          bounded("getDrop", () => client.call("GET", key(dropId, "drop"))),
          (body) =>
            body === null || body === undefined
              ? Effect.succeed(undefined)
              : Effect.mapError(
                  decodeDrop(body),
                  (e) =>
                    new StoreUnavailable({
                      store: "redis",
                      operation: "decodeDrop",
                      cause: `drop ${dropId}: ${formatIssues(inputIssues(e))}`
                    })
                )
        ),
      run: (drop, ops, now) => {
        const bad = ops.find(badIds)
        if (bad !== undefined)
          return Effect.fail(
            new StoreUnavailable({
              store: "redis",
              operation: "run",
              cause: `ids must be non-empty and without spaces (see Id), as the Redis store separates fields with spaces: ${JSON.stringify(bad.request)}`
            })
          )
        return dieOnBadNewId(
          // the batcher bounds each batch by timeoutMs
          Effect.tryPromise({
            try: () => batcher.submit(drop.id, { drop, ops, now }),
            catch: storeFailure("redis", "run")
          })
        )
      },
      addEntry: (drop, list, entry) =>
        bounded(
          "addEntry",
          async () =>
            (await entryAddScript.run(client, entryKeys(drop.id, list), [
              entry.customerId,
              encodeLines(entry.lines),
              entry.token
            ])) === 1
        ),
      listEntries: (drop, list) =>
        Effect.flatMap(
          bounded(
            "listEntries",
            async () => (await entryListScript.run(client, entryKeys(drop.id, list), [])) as Array<string>
          ),
          (flat) => {
            const rows: Array<readonly [string, string]> = []
            for (let i = 0; i + 1 < flat.length; i += 2) rows.push([flat[i] as string, flat[i + 1] as string])
            return Effect.forEach(rows, ([customerId, record]) =>
              Effect.mapError(
                decodeEntryRecord(customerId, record),
                (e) =>
                  new StoreUnavailable({
                    store: "redis",
                    operation: "decodeEntry",
                    cause: `the ${list} entry of customer ${customerId}: ${formatIssues(inputIssues(e))}`
                  })
              )
            )
          }
        ),
      removeEntry: (drop, list, customerId) =>
        bounded("removeEntry", async () => {
          await entryRemoveScript.run(client, entryKeys(drop.id, list), [customerId])
        }),
      snapshot: (drop, now) =>
        Effect.gen(function* () {
          const out = yield* backend.run(drop, [], now)
          const [holds, keys] = yield* bounded("snapshot", () =>
            Promise.all([hashOf(client, key(drop.id, "holds")), hashOf(client, key(drop.id, "keys"))])
          )
          return {
            availability: { dropId: drop.id, at: now, items: [...out.availability] },
            holds: Object.entries(holds)
              .map(([id, record]) => parseHold(id, drop, record, 0))
              .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
            holdKeys: Object.entries(keys)
              .filter(([, record]) => isHoldKeyRecord(record))
              .map(([k, record]) => ({ key: k, holdId: keyRecordHoldId(record) }))
          } satisfies DropSnapshot
        })
    }
    return backend
  })
}

/**
 * A Redis `DropStore` layer. The caller owns the client (and closes it). Building it fails with
 * `InvalidStoreOptions` naming an option it cannot use (an unknown key, a `client` that is not an
 * `ioredis` client, a `maxBatch` of 0 …), and with `StoreUnavailable` when Redis cannot be reached
 * to load the scripts.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerRedis = (
  options: RedisStoreOptions
): Layer.Layer<DropStore, StoreUnavailable | InvalidStoreOptions> =>
  storeLayer(options, redisBackend, redisRelay)

/**
 * The listening side of Redis events (pub/sub on `<prefix>events:<dropId>`), or undefined without
 * a subscriber connection. The sending side is the decision script itself (`PUBLISH` inside it).
 * Build it from the same options object as the backend (or give both the same `instanceId`), so
 * this instance's own messages are skipped.
 *
 * @category constructors
 * @since 0.1.0
 */
export const redisRelay = (options: RedisStoreOptions): EventRelay | undefined => {
  requireArgument("redisRelay", "options", anObject, options)
  const subscriber = options.subscriber
  if (subscriber === undefined) return undefined
  const channelPrefix = `${options.prefix ?? "microdrop:drops:"}events:`
  const pattern = `${channelPrefix.replace(/[*?[\]\\]/g, "\\$&")}*`
  const instanceId = instanceIdOf(options)
  // this instance's own messages start with its id (cjson leaves plain ids as they are)
  const own = /^[\w.:-]+$/.test(instanceId) ? `["${instanceId}",` : undefined
  return {
    listen: (known, deliver) => {
      // one connection hears messages in the order the scripts ran
      const listener = (p: string, _channel: string, message: string) => {
        if (p !== pattern || (own !== undefined && message.startsWith(own))) return
        const events = receivedEvents(instanceId, known, message)
        if (events !== undefined && events.length > 0) deliver(events)
      }
      return listenScoped({
        store: "redis",
        operation: "listen",
        attach: () => subscriber.on("pmessage", listener),
        detach: () => subscriber.off("pmessage", listener),
        start: () => subscriber.psubscribe(pattern),
        stop: () => subscriber.punsubscribe(pattern)
      })
    }
  }
}
