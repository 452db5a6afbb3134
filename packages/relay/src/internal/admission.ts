// Admission control for listener joins: a cap on listener sessions per process (`maxListeners`), and a
// bound on joins in flight (`maxJoinsInFlight`: SDP, ICE gathering and the DTLS handshake, the work
// that starves the publisher's stream when a storm of joins runs at once). A join past the bound waits
// in a FIFO queue of `maxQueuedJoins`; past the cap, or with the queue full, it is refused at once with
// `RelayAtCapacity` (503 + Retry-After). Publishers are never queued.
import { Effect } from "effect"
import { RelayAtCapacity } from "../errors.ts"

/** The admission limits (validated by the relay's options). */
export interface AdmissionLimits {
  /** Listener sessions this process serves at most (`Infinity`: no cap). */
  readonly maxListeners: number
  /** Listener joins (answer + ICE + DTLS handshake) in progress at once. */
  readonly maxJoinsInFlight: number
  /** Joins that may wait for a slot; more are refused. */
  readonly maxQueuedJoins: number
}

/** A join's place and slot. Both methods are idempotent. */
export interface JoinTicket {
  /** The session now exists (its listener counts in the sessions table): drop the place reserved for it. */
  readonly placed: () => void
  /** The handshake is over (connected, failed, closed, or took longer than the slot lasts): free the slot. */
  readonly done: () => void
}

/** What admission reports in stats and metrics. */
export interface AdmissionCounts {
  readonly joinsInFlight: number
  readonly joinsQueued: number
  readonly refusedListeners: number
  readonly refusedJoins: number
}

export interface Admission {
  /**
   * Admits a join that adds `growth` listeners (0 when it replaces the pass's oldest session): waits for a
   * slot in the queue, or fails at once with `RelayAtCapacity`.
   */
  readonly enter: (growth: number) => Effect.Effect<JoinTicket, RelayAtCapacity>
  readonly counts: () => AdmissionCounts
  /**
   * The relay is closing: every join still waiting, and every later one, fails with `RelayAtCapacity`
   * (`limit: "closing"`), so no handshake starts while the relay shuts down.
   */
  readonly close: () => void
}

/**
 * Default joins in flight per process: 4 per thread that runs handshakes (the main thread without
 * workers, else each worker), and the default queue length.
 */
export const defaultJoinsInFlight = (workers: number): number => 4 * Math.max(1, workers)
export const DEFAULT_QUEUED_JOINS = 1024

/** Seconds a refused listener is told to wait: someone must leave (cap), or the queue must drain (busy). */
export const RETRY_AFTER_FULL_S = 10
export const RETRY_AFTER_BUSY_S = 2
/** A slot is freed at the latest this long after the join entered (a peer that never finishes its handshake). */
export const SLOT_MS = 10_000

/** A join waiting for a slot: woken with one, or refused when the relay closes. */
interface Waiter {
  readonly wake: () => void
  readonly refuse: () => void
}

export const makeAdmission = (limits: AdmissionLimits, listeners: () => number): Admission => {
  let inFlight = 0
  let reserved = 0
  let refusedListeners = 0
  let refusedJoins = 0
  const queue: Array<Waiter> = []
  let closed = false
  const closing = () =>
    new RelayAtCapacity({ limit: "closing", capacity: 0, retryAfterSeconds: RETRY_AFTER_BUSY_S })

  const ticket = (growth: number): JoinTicket => {
    let isPlaced = false
    let isDone = false
    const timer = setTimeout(() => done(), SLOT_MS)
    timer.unref()
    const placed = () => {
      if (isPlaced) return
      isPlaced = true
      reserved -= growth
    }
    const done = () => {
      if (isDone) return
      isDone = true
      clearTimeout(timer)
      const next = queue.shift()
      // The slot passes straight to the oldest waiter (it stays in flight), so no later join overtakes it.
      // setImmediate: packets already received (the publisher's, the listeners' RTCP) are handled first.
      if (next !== undefined) setImmediate(next.wake)
      else inFlight--
    }
    return {
      placed,
      done: () => {
        placed()
        done()
      }
    }
  }

  const enter = (growth: number): Effect.Effect<JoinTicket, RelayAtCapacity> =>
    Effect.suspend(() => {
      if (closed) return Effect.fail(closing())
      if (listeners() + reserved + growth > limits.maxListeners) {
        refusedListeners++
        return Effect.fail(
          new RelayAtCapacity({
            limit: "listeners",
            capacity: limits.maxListeners,
            retryAfterSeconds: RETRY_AFTER_FULL_S
          })
        )
      }
      if (inFlight < limits.maxJoinsInFlight) {
        inFlight++
        reserved += growth
        return Effect.succeed(ticket(growth))
      }
      if (queue.length >= limits.maxQueuedJoins) {
        refusedJoins++
        return Effect.fail(
          new RelayAtCapacity({
            limit: "joins",
            capacity: limits.maxJoinsInFlight + limits.maxQueuedJoins,
            retryAfterSeconds: RETRY_AFTER_BUSY_S
          })
        )
      }
      // Waits for a slot; the place is reserved while it waits, so a burst cannot overshoot the cap.
      reserved += growth
      return Effect.callback<JoinTicket, RelayAtCapacity>((resume) => {
        // A waiter given up (its fiber interrupted: the client left) after a slot was passed to it but
        // before the wake ran gives that slot straight back, so no slot is ever lost.
        let gaveUp = false
        const waiter: Waiter = {
          wake: () => {
            const t = ticket(growth)
            if (gaveUp) t.done()
            else resume(Effect.succeed(t))
          },
          refuse: () => {
            reserved -= growth
            resume(Effect.fail(closing()))
          }
        }
        queue.push(waiter)
        return Effect.sync(() => {
          gaveUp = true
          const i = queue.indexOf(waiter)
          if (i >= 0) {
            queue.splice(i, 1)
            reserved -= growth
          }
        })
      })
    })

  return {
    enter,
    counts: () => ({ joinsInFlight: inFlight, joinsQueued: queue.length, refusedListeners, refusedJoins }),
    close: () => {
      closed = true
      for (const waiter of queue.splice(0)) waiter.refuse()
    }
  }
}
