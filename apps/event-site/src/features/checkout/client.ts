// The hold timer on the checkout page: counts down each second and, at zero, reloads the page,
// which then says the hold lapsed and offers to try again.
import { minutesLeft } from "../shared/countdown.ts"
import { tickTimer } from "../shared/timer.ts"

const timer = document.querySelector<HTMLElement>("[role=timer][data-expires]")
if (timer !== null) tickTimer(timer, Number(timer.dataset["expires"]), minutesLeft, 500)
