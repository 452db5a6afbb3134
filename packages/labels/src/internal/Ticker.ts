/** Yields to the event loop when a slice of synchronous work has run longer than its budget. */
import { setImmediate as yieldNow } from "node:timers/promises"

/** Call `tick()` between units of work: it resolves at once while under budget, else after a yield. */
export interface Ticker {
  readonly tick: () => Promise<void>
}

export const makeTicker = (budgetMs: number): Ticker => {
  let last = performance.now()
  return {
    tick: async () => {
      if (performance.now() - last < budgetMs) return
      await yieldNow()
      last = performance.now()
    }
  }
}
