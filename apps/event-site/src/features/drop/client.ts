// The drop page's countdown: ticks every second; at zero the page reloads to show the new state
// (the window opened or closed). Live stock comes from the event page's script.
import { countdown } from "../shared/countdown.ts"
import { tickTimer } from "../shared/timer.ts"

const timer = document.querySelector<HTMLElement>("[role=timer][data-until]")
if (timer !== null) tickTimer(timer, Number(timer.dataset["until"]), countdown, 1000)
