/**
 * The check of a server store's batching options (`maxBatch`, `inFlight`): each must be a whole
 * number of at least 1, or the per-drop queue could never run a batch (a call would wait forever)
 * or would run an empty one. Internal: not part of the public API.
 *
 * @since 0.4.0
 */

/**
 * The first batching option that is not a whole number of at least 1, as a sentence naming it,
 * or `undefined` when both are fine.
 *
 * @category guards
 * @since 0.4.0
 */
export const badBatchOption = (options: {
  readonly maxBatch?: number | undefined
  readonly inFlight?: number | undefined
}): string | undefined => {
  for (const name of ["maxBatch", "inFlight"] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1))
      return `option ${name} must be a whole number of at least 1, got ${String(value)}`
  }
  return undefined
}
