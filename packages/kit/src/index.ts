/**
 * `@microdrop/kit`: the store plumbing every Microdrop package with stores shares. Private to the
 * workspace: tsup inlines what a package uses into its own bundle, so users install nothing more.
 */
export { type Batcher, type BatcherOptions, batchOptionRule, makeBatcher } from "./batcher.ts"
export { DEFAULT_STORE_TIMEOUT_MS, timeoutRule, withDeadline } from "./deadline.ts"
export { describeValue } from "./describeValue.ts"
export { formatIssues, type InputIssue, inputIssues } from "./inputIssues.ts"
export { type RedisLike, type RedisScript, redisScript } from "./RedisClient.ts"
export { err, ok, type Result } from "./Result.ts"
export { type RestartableRuntime, restartableRuntime } from "./restartableRuntime.ts"
export {
  ignoreConnectionError,
  type PGliteLike,
  type PgPoolClientLike,
  type PgPoolLike,
  pgliteClient,
  pgPoolClient,
  type SqlClient,
  type SqlQueryable
} from "./SqlClient.ts"
