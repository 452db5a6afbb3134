// Live stock on the event page: the server streams each product's free units over SSE (from the
// drops event stream); this rewrites the stock line. Without JavaScript the page still works.
const lines = new Map<string, HTMLElement>()
for (const el of document.querySelectorAll<HTMLElement>("[data-stock]")) {
  if (el.dataset["stock"] !== undefined) lines.set(el.dataset["stock"], el)
}
const form = document.querySelector<HTMLFormElement>("form[action$='/orders']")
const action = form?.getAttribute("action")
if (action !== null && action !== undefined && lines.size > 0) {
  const source = new EventSource(action.replace(/\/orders$/, "/stock"))
  source.addEventListener("stock", (message) => {
    const data = JSON.parse((message as MessageEvent<string>).data) as { sku: string; available: number }
    const el = lines.get(data.sku)
    if (el === undefined) return
    const input = document.getElementById(`qty-${data.sku}`) as HTMLInputElement | null
    if (data.available === 0) {
      el.textContent = "Sold out"
      if (input !== null) input.disabled = true
    } else {
      el.textContent = `${data.available} of ${el.dataset["total"] ?? "?"} left`
      if (input !== null) input.disabled = false
    }
  })
}
