// The drop page's script. Countdowns tick every second (at zero the page reloads to show the new
// state); while the session waits on a list or for a draw, it asks the drop API every two seconds
// and reloads when that changes (a promotion, a published draw). Verifying a draw is draw.js.
import { countdown, minutesLeft } from "../shared/countdown.ts"
import { tickTimer } from "../shared/timer.ts"

const timer = document.querySelector<HTMLElement>("[role=timer][data-until]")
if (timer !== null) tickTimer(timer, Number(timer.dataset["until"]), countdown, 1000)
const hold = document.querySelector<HTMLElement>("[role=timer][data-expires]")
if (hold !== null) tickTimer(hold, Number(hold.dataset["expires"]), minutesLeft, 1000)

const waiting = document.querySelector<HTMLElement>("[data-entry-state=waiting], [data-entry-state=entered]")
const dropId = waiting?.dataset["drop"]
if (waiting !== null && dropId !== undefined) {
  const known = waiting.dataset["entryState"]
  const poll = async () => {
    const response = await fetch(`/api/drops/${dropId}`, { headers: { accept: "application/json" } })
    if (!response.ok) return
    const body = (await response.json()) as { entry: { state: string; place?: number }; drawn: boolean }
    const place = waiting.textContent?.match(/number (\d+) of/)?.[1]
    const moved = body.entry.place !== undefined && String(body.entry.place) !== place
    if (body.entry.state !== known || moved) location.reload()
  }
  setInterval(() => void poll().catch(() => undefined), 2000)
}
