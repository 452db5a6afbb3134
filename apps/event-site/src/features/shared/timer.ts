// Browser side of a page's timer: rewrites the element every second and, at zero, reloads the
// page so the server shows the new state (a lapsed hold, an opened or closed window).

/**
 * Starts ticking a `role=timer` element.
 *
 * @param timer - The element.
 * @param until - The instant it counts down to (ms since the epoch).
 * @param format - Formats the time left.
 * @param reloadAfterMs - Delay of the reload after zero.
 */
export const tickTimer = (
  timer: HTMLElement,
  until: number,
  format: (ms: number) => string,
  reloadAfterMs: number
): void => {
  const tick = () => {
    const left = until - Date.now()
    timer.textContent = format(left)
    if (left <= 0) {
      clearInterval(handle)
      setTimeout(() => location.reload(), reloadAfterMs)
    }
  }
  const handle = setInterval(tick, 1000)
  tick()
}
