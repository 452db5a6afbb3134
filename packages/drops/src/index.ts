/**
 * `@microdrop/drops`: limited drops that never oversell. Model (effect Schemas), tagged errors,
 * the rules as plain functions, the `DropStore` service and its memory layer. PostgreSQL/PGlite and
 * Redis stores live at `@microdrop/drops/postgres` and `@microdrop/drops/redis`; the conformance
 * suite at `@microdrop/drops/testing`; a promise API at `@microdrop/drops/promise`.
 *
 * @since 0.1.0
 */
export * from "./DropStore.ts"
export {
  type Counters,
  checkWindow,
  DropState,
  fingerprint,
  type IdemRecord,
  type Op,
  type OpResult,
  precheckHold,
  sumLines,
  totalUnits
} from "./engine.ts"
export * from "./errors.ts"
export * from "./memory.ts"
export * from "./model.ts"
export * from "./raffle.ts"
