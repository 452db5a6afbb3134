/**
 * `@microdrop/drops`: limited drops that never oversell. Model (effect Schemas), tagged errors,
 * the rules a page can check itself, the `DropStore` service and its memory layer, and the raffle's
 * verifiable draw. PostgreSQL/PGlite and Redis stores live at `@microdrop/drops/postgres` and
 * `@microdrop/drops/redis`; the conformance suite at `@microdrop/drops/testing`; a promise API at
 * `@microdrop/drops/promise`.
 *
 * @since 0.1.0
 */

export {
  Count,
  Drop,
  DropItem,
  DropMode,
  DurationMs,
  decodeDrop,
  Id,
  Instant,
  LateConfirmPolicy,
  Limits,
  MAX_INSTANT,
  MAX_UNITS,
  Quantity,
  SaleWindow,
  Sku
} from "./Drop.ts"
export type { BatchOutcome, DropBackend, EntryList, EventRelay } from "./DropBackend.ts"
export { DropEvent } from "./DropEvent.ts"
export { DropStore, type DropStoreShape, makeDropStore, makeRelayedDropStore } from "./DropStore.ts"
export { layerMemory, type MemoryStoreOptions, memoryBackend } from "./DropStoreMemory.ts"
export { EntryLines, EntryRequest, RaffleEntry, RaffleOutcome, StoredEntry } from "./Entry.ts"
export {
  AlreadyEntered,
  type ConfirmError,
  DomainError,
  DropAlreadyExists,
  DropClientDisposed,
  DropInputKind,
  DropNotFound,
  HoldAlreadyConfirmed,
  HoldAlreadyExpired,
  HoldAlreadyReleased,
  type HoldError,
  HoldNotFound,
  IdempotencyKeyReused,
  InvalidDropArgument,
  InvalidDropInput,
  InvalidSeed,
  InvalidStoreOptions,
  InvalidTime,
  LimitExceeded,
  OutOfStock,
  RaffleStillOpen,
  type ReleaseError,
  RequestInFlight,
  StoreOperation,
  StoreUnavailable,
  UnknownSku,
  WindowNotOpen,
  WrongMode
} from "./errors.ts"
export {
  Availability,
  DropSnapshot,
  decodeHoldAction,
  decodeHoldRequest,
  Hold,
  HoldAction,
  HoldRequest,
  HoldStatus,
  Line,
  SkuAvailability
} from "./Hold.ts"
export {
  commitSeed,
  type Draw,
  drawRaffle,
  Entry,
  entryFits,
  offerInOrder,
  rankEntries,
  type Stock,
  stockOf,
  type VerifyResult,
  verifyDraw
} from "./raffle.ts"
export { checkWindow, sumLines, totalUnits } from "./rules.ts"
