// The drop page's countdown: ticks every second; at zero the page reloads to show the new state
// (the window opened or closed). Live stock comes from the event page's script.
const timer = document.querySelector<HTMLElement>("[role=timer][data-until]")
if (timer !== null) {
  const until = Number(timer.dataset["until"])
  const pad = (n: number) => String(n).padStart(2, "0")
  const tick = () => {
    const s = Math.max(0, Math.floor((until - Date.now()) / 1000))
    const d = Math.floor(s / 86_400)
    timer.textContent = `${d > 0 ? `${d}d ` : ""}${Math.floor((s % 86_400) / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m ${pad(s % 60)}s`
    if (s === 0) {
      clearInterval(handle)
      setTimeout(() => location.reload(), 1000)
    }
  }
  const handle = setInterval(tick, 1000)
  tick()
}
