// The drop page's countdown: ticks every second; at zero the page reloads to show the new state
// (the window opened or closed). Live stock comes from the event page's script.
import { countdown } from "../shared/countdown.ts"

const timer = document.querySelector<HTMLElement>("[role=timer][data-until]")
if (timer !== null) {
  const until = Number(timer.dataset["until"])
  const tick = () => {
    const s = Math.max(0, Math.floor((until - Date.now()) / 1000))
    timer.textContent = countdown(until - Date.now())
    if (s === 0) {
      clearInterval(handle)
      setTimeout(() => location.reload(), 1000)
    }
  }
  const handle = setInterval(tick, 1000)
  tick()
}
