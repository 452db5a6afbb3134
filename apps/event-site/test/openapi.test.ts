// The OpenAPI document lists the door's staff routes with the Schemas their bodies are decoded with.
import { describe, expect, it } from "vitest"
import { openApiDocument } from "../src/features/api/openapi.ts"

describe("the OpenAPI document", () => {
  it("describes the door's routes, their request bodies and their staff-only refusal", () => {
    const doc = openApiDocument("night-tapes", []) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: unknown }> }
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/door/data.json", "/door/code", "/door/sync"])
    )
    for (const [path, method] of [
      ["/door/data.json", "get"],
      ["/door/code", "post"],
      ["/door/sync", "post"]
    ] as const)
      expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {})).toContain("401")
    expect(Object.keys(doc.components.schemas["DoorSyncRequest"]?.properties ?? {}).sort()).toEqual([
      "doorId",
      "scans"
    ])
    expect(Object.keys(doc.components.schemas["DoorCodeRequest"]?.properties ?? {})).toEqual(["code"])
  })
})
