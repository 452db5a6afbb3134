// The "verify this draw" page's script: fetches the published draw and repeats it in the browser
// with the same code the site drew with (`verifyDraw` of @microdrop/drops, bundled by esbuild with
// a SHA-256 shim), then says whether it matches. Its own file: the drop page stays small.
import type { PublishedDraw } from "../../db/tables.ts"
import { checkPublishedDraw } from "../../services/publishedDraw.ts"

const button = document.querySelector<HTMLButtonElement>("#verify[data-drop]")
const verdict = document.getElementById("verdict")
const commitment = document.querySelector<HTMLElement>("[data-commitment]")?.dataset["commitment"]
if (button !== null && verdict !== null && commitment !== undefined) {
  button.disabled = false
  button.addEventListener("click", async () => {
    verdict.textContent = "Checking…"
    try {
      const response = await fetch(`/api/drops/${button.dataset["drop"]}/draw`)
      const draw = (await response.json()) as PublishedDraw
      const check = checkPublishedDraw(draw, commitment)
      verdict.className = check.ok ? "ok" : "error"
      verdict.textContent = check.ok
        ? `Verified: the seed matches the commitment, the entries match their digest, and drawing again gives the same ${draw.winners.length} winners.`
        : `This draw does not verify: ${check.reason}.`
    } catch (error) {
      verdict.className = "error"
      verdict.textContent = `This draw does not verify: the published data is malformed (${error instanceof Error ? error.message : String(error)}).`
    }
  })
}
