/** The drop API's part of the OpenAPI document, from the Schemas the drop API decodes with. */
import type { Schema } from "effect"
import { DrawResponse, DropResponse, EntryRequest, EntryResponse } from "./schemas.ts"

type Json = Record<string, unknown>

/**
 * The drop API's paths, for every drop (a path per drop, as the routes are).
 *
 * @param drops - The event's drops: each id, and whether it takes raffle entries or has a waiting list.
 * @param ref - Registers a Schema as a component and returns its reference.
 * @param json - Wraps a schema as a JSON body.
 * @param error - The error response's reference.
 */
export const dropApiPaths = (
  drops: ReadonlyArray<{ readonly id: string; readonly entries: "raffle" | "waiting-list" | "none" }>,
  ref: (schema: Schema.Top, name: string) => Json,
  json: (schema: Json) => Json,
  error: Json
): Json => {
  const entry = ref(EntryResponse, "Entry")
  const request = { required: true, ...json(ref(EntryRequest, "EntryRequest")) }
  const join = (summary: string) => ({
    post: {
      summary,
      requestBody: request,
      responses: {
        "201": { description: "Where this session now stands", ...json(entry) },
        "400": { description: "A field breaks its rule", ...json(error) },
        "409": {
          description: "Refused by drops (members only, entries closed, limits, unknown SKU)",
          ...json(error)
        }
      }
    }
  })
  const paths: Record<string, Json> = {}
  for (const { id, entries } of drops) {
    paths[`/api/drops/${id}`] = {
      get: {
        summary: "The drop: window, stock, members-only, this session's entry and whether it is drawn",
        responses: { "200": { description: "The drop", ...json(ref(DropResponse, "Drop")) } }
      }
    }
    if (entries === "waiting-list")
      paths[`/api/drops/${id}/waiting-list`] = join(
        "Join the waiting list of a sold-out drop (one entry per session; again is a no-op)"
      )
    if (entries !== "raffle") continue
    paths[`/api/drops/${id}/raffle-entries`] = join(
      "Enter the raffle (one entry per session; again is a no-op)"
    )
    paths[`/api/drops/${id}/draw`] = {
      get: {
        summary: "The published draw: seed, commitment, entries, their digest, winners and stock",
        responses: {
          "200": { description: "The draw", ...json(ref(DrawResponse, "Draw")) },
          "404": { description: "Not drawn yet", ...json(error) }
        }
      }
    }
  }
  return paths
}
