/**
 * The Redis contract every Microdrop store on Redis takes, and its script loader. A store sends
 * every command through `call` (as `ioredis`'s `redis.call(command, ...args)` does), so any client
 * with that one method works; a team passes the same `ioredis` client to codes and drops.
 *
 * Scripts run by SHA (`EVALSHA`); when the server answers `NOSCRIPT` (it restarted, or someone ran
 * `SCRIPT FLUSH`, or this is a replica that was promoted) the loader sends `SCRIPT LOAD` and runs the
 * script again, so a store never fails for a script the server forgot.
 */
import { createHash } from "node:crypto"

/**
 * The parts of an `ioredis` client a store uses (structural, so no entry imports `ioredis`).
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisLike {
  /** Sends one command and resolves with its reply. */
  call(command: string, ...args: Array<string | number>): Promise<unknown>
}

/**
 * A Lua script a store runs by SHA.
 *
 * @category models
 * @since 0.1.0
 */
export interface RedisScript {
  /** The script's SHA-1, as Redis names it. */
  readonly sha: string
  /** Runs the script with `keys` and `args`; loads it first if the server does not know it. */
  readonly run: (
    redis: RedisLike,
    keys: ReadonlyArray<string>,
    args: ReadonlyArray<string | number>
  ) => Promise<unknown>
}

const isNoScript = (error: unknown): boolean => error instanceof Error && error.message.startsWith("NOSCRIPT")

/**
 * Makes a script from its Lua source.
 *
 * @param source - The Lua source (its file, loaded at build time).
 * @returns A `RedisScript` that runs by `EVALSHA` and reloads on `NOSCRIPT`.
 * @category constructors
 * @since 0.1.0
 */
export const redisScript = (source: string): RedisScript => {
  const sha = createHash("sha1").update(source).digest("hex")
  return {
    sha,
    run: async (redis, keys, args) => {
      try {
        return await redis.call("EVALSHA", sha, keys.length, ...keys, ...args)
      } catch (error) {
        if (!isNoScript(error)) throw error
        await redis.call("SCRIPT", "LOAD", source)
        return await redis.call("EVALSHA", sha, keys.length, ...keys, ...args)
      }
    }
  }
}
