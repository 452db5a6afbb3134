/** The OpenAPI 3.1 document of the JSON API, generated from the Schemas the API decodes with. */
import { Schema } from "effect"
import { doorApiPaths } from "../door/openapi.ts"
import { dropApiPaths } from "../drop/openapi.ts"
import { ErrorResponse, EventResponse, OrderRequest, OrderResponse, PayRequest } from "./schemas.ts"

type Json = Record<string, unknown>

/**
 * Builds the document.
 *
 * @param eventId - The event the API serves.
 * @param drops - The event's drops (each has its drop API).
 */
export const openApiDocument = (eventId: string, drops: Parameters<typeof dropApiPaths>[0] = []): Json => {
  const components: Record<string, unknown> = {}
  const ref = (schema: Schema.Top, name: string): Json => {
    const doc = Schema.toJsonSchemaDocument(schema)
    const rewrite = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'))
    for (const [key, value] of Object.entries(doc.definitions)) components[key] = rewrite(value)
    // A Schema with an identifier comes back as a reference to its own definition.
    const root = rewrite(doc.schema) as Json
    const self = `#/components/schemas/${name}`
    if (root["$ref"] !== self) components[name] = root
    return { $ref: self }
  }
  const json = (schema: Json) => ({ content: { "application/json": { schema } } })
  const error = ref(ErrorResponse, "Error")
  const order = ref(OrderResponse, "Order")
  const orderId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }
  return {
    openapi: "3.1.0",
    info: {
      title: "Microdrop event site API",
      version: "0.1.0",
      description:
        "The same actions as the pages. Sessions are a cookie; unsafe requests must come from the site's own origin (CSRF)."
    },
    paths: {
      [`/api/events/${eventId}`]: {
        get: {
          summary: "The event with live prices and stock",
          responses: { "200": { description: "The event", ...json(ref(EventResponse, "Event")) } }
        }
      },
      [`/api/events/${eventId}/orders`]: {
        post: {
          summary: "Quote a cart and hold it; posting the same submission again returns the same order",
          requestBody: { required: true, ...json(ref(OrderRequest, "OrderRequest")) },
          responses: {
            "201": { description: "Held", ...json(order) },
            "400": { description: "A field breaks its rule", ...json(error) },
            "409": {
              description: "Refused by pricing or drops (sold out, add-on rules, window)",
              ...json(error)
            }
          }
        }
      },
      "/api/orders/{id}": {
        get: {
          summary: "An order of this session",
          parameters: [orderId],
          responses: {
            "200": { description: "The order", ...json(order) },
            "404": { description: "No such order", ...json(error) }
          }
        }
      },
      "/api/orders/{id}/pay": {
        post: {
          summary: "Pay a held order; a second request never charges twice",
          parameters: [orderId],
          requestBody: { required: true, ...json(ref(PayRequest, "PayRequest")) },
          responses: {
            "200": {
              description: "The order after the attempt (paid, held with a message, or lapsed)",
              ...json(order)
            },
            "400": { description: "A field breaks its rule", ...json(error) },
            "404": { description: "No such order", ...json(error) }
          }
        }
      },
      ...dropApiPaths(drops, ref, json, error),
      ...doorApiPaths(ref, json, error)
    },
    components: { schemas: components }
  }
}
