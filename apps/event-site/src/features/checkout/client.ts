// The hold timer on the checkout page: counts down each second and, at zero, reloads the page,
// which then says the hold lapsed and offers to try again.
import { minutesLeft } from "../shared/countdown.ts"

const timer = document.querySelector<HTMLElement>("[role=timer][data-expires]")
if (timer !== null) {
  const expires = Number(timer.dataset["expires"])
  const tick = () => {
    const s = Math.max(0, Math.ceil((expires - Date.now()) / 1000))
    timer.textContent = minutesLeft(expires - Date.now())
    if (s === 0) {
      clearInterval(handle)
      setTimeout(() => location.reload(), 500)
    }
  }
  const handle = setInterval(tick, 1000)
  tick()
}
