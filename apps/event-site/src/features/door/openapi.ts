/** The door's part of the OpenAPI document: the staff-only routes a door device calls. */
import type { Schema } from "effect"
import { DoorCodeBody, DoorSyncBody } from "./routes.tsx"

type Json = Record<string, unknown>

/**
 * The door API's paths. Every route needs a staff session (the promoter's login or a door link):
 * without one it answers 401.
 *
 * @param ref - Registers a Schema as a component and returns its reference.
 * @param json - Wraps a schema as a JSON body.
 * @param error - The error response's reference.
 */
export const doorApiPaths = (
  ref: (schema: Schema.Top, name: string) => Json,
  json: (schema: Json) => Json,
  error: Json
): Json => {
  const staffOnly = { "401": { description: "No staff session: log in or open a door link", ...json(error) } }
  const invalid = { "400": { description: "A field breaks its rule", ...json(error) } }
  return {
    "/door/data.json": {
      get: {
        summary:
          "What a door keeps to work offline: the token public keys, the signed revocation list, hashes of the typed short codes",
        responses: {
          "200": {
            description: "The door's data (never cached by the browser's HTTP cache)",
            ...json({ type: "object" })
          },
          ...staffOnly
        }
      }
    },
    "/door/code": {
      post: {
        summary: "Check a short code typed at the door, online",
        requestBody: { required: true, ...json(ref(DoorCodeBody, "DoorCodeRequest")) },
        responses: {
          "200": {
            description: "The door ticket the code names",
            ...json({
              type: "object",
              required: ["id", "kind"],
              properties: { id: { type: "string" }, kind: { type: "string", enum: ["ga", "vip"] } }
            })
          },
          ...invalid,
          ...staffOnly,
          "422": { description: "A typo, not a door ticket, or a revoked ticket", ...json(error) },
          "429": { description: "Too many wrong codes from this door; see Retry-After", ...json(error) }
        }
      }
    },
    "/door/sync": {
      post: {
        summary:
          "Upload a door's offline scans to the ledger; a ticket already used at another door comes back as a conflict",
        requestBody: { required: true, ...json(ref(DoorSyncBody, "DoorSyncRequest")) },
        responses: {
          "200": {
            description: "The ledger's sync report (accepted scans and conflicts)",
            ...json({ type: "object" })
          },
          ...invalid,
          ...staffOnly
        }
      }
    }
  }
}
