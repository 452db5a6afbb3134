import { describe, expect, it } from "vitest"
import { decodeTemplate, parseTemplateJson, parseTemplateYaml } from "../src/decodeTemplate.ts"
import {
  DependencyCycle,
  InvalidChecklistInput,
  PinnedBeforeDependency,
  UnknownDependency
} from "../src/errors.ts"

const caught = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a throw")
}

/** A template's head with one anchor, for the items each test adds. */
const base = { id: "t", title: "T", anchors: [{ id: "doors", title: "Doors", offset: 0 }] }

const YAML = `id: show
title: Show night
anchors:
  - { id: doors, title: Doors, offset: 0 }
items:
  - id: load-in
    title: Load in
    owner: tech
    anchor: doors
    offset: -240
    duration: 60
  - id: power
    title: Power up
    owner: tech
    anchor: doors
    offset: 1.5
    duration: 30
`

describe("decodeTemplate", () => {
  it("accepts a valid template and returns it unchanged", () => {
    const t = {
      ...base,
      items: [
        { id: "a", title: "A", owner: "tech", anchor: "doors", offset: -10, duration: 5, critical: true }
      ]
    }
    expect(decodeTemplate(t)).toEqual(t)
  })

  it("names the field, the item and the rule", () => {
    const e = caught(() =>
      decodeTemplate({
        ...base,
        items: [
          { id: "a", title: "A", owner: "tech", anchor: "doors", offset: 0, duration: 5 },
          { id: "b", title: "B", owner: "tech", anchor: "doors", offset: 0, duration: -5 }
        ]
      })
    )
    expect(e).toBeInstanceOf(InvalidChecklistInput)
    expect(e).toMatchObject({ _tag: "InvalidChecklistInput", path: "items.1.duration", item: "b" })
    expect((e as InvalidChecklistInput).rule).toContain("between 0 and")
    expect((e as Error).message).toContain('items.1.duration (item "b")')
  })

  it("rejects unknown keys (a typo must not silently drop a dependency)", () => {
    const e = caught(() =>
      decodeTemplate({
        ...base,
        items: [
          { id: "a", title: "A", owner: "tech", anchor: "doors", offset: 0, duration: 5, dependson: [] }
        ]
      })
    )
    expect(e).toMatchObject({ path: "items.0.dependson", item: "a" })
  })

  it("rejects duplicate ids, unknown dependencies and anchors, cycles and unreachable pins", () => {
    const it_ = (id: string, extra: object = {}) => ({
      id,
      title: id,
      owner: "tech",
      anchor: "doors",
      offset: -60,
      duration: 30,
      ...extra
    })
    expect(caught(() => decodeTemplate({ ...base, items: [it_("a"), it_("b"), it_("a")] }))).toMatchObject({
      _tag: "DuplicateItemId",
      id: "a",
      indexes: [0, 2]
    })
    expect(
      caught(() => decodeTemplate({ ...base, items: [it_("a", { dependsOn: [{ item: "x" }] })] }))
    ).toBeInstanceOf(UnknownDependency)
    expect(caught(() => decodeTemplate({ ...base, items: [it_("a", { anchor: "show" })] }))).toMatchObject({
      path: "items.0.anchor",
      item: "a"
    })
    expect(
      caught(() =>
        decodeTemplate({
          ...base,
          items: [it_("a", { dependsOn: [{ item: "b" }] }), it_("b", { dependsOn: [{ item: "a" }] })]
        })
      )
    ).toBeInstanceOf(DependencyCycle)
    expect(
      caught(() =>
        decodeTemplate({ ...base, items: [it_("a"), it_("b", { pinned: true, dependsOn: [{ item: "a" }] })] })
      )
    ).toBeInstanceOf(PinnedBeforeDependency)
    expect(() =>
      decodeTemplate({ ...base, items: [it_("a"), it_("b", { dependsOn: [{ item: "a" }] })] })
    ).not.toThrow()
  })
})

describe("parseTemplateYaml", () => {
  it("gives the line of the offending value", () => {
    const e = caught(() => parseTemplateYaml(YAML))
    expect(e).toMatchObject({ path: "items.1.offset", item: "power", line: 16 })
    expect((e as Error).message).toContain("on line 16")
  })

  it("gives the line of a YAML syntax error", () => {
    expect(caught(() => parseTemplateYaml("id: t\ntitle: [unclosed\nanchors: []\n"))).toMatchObject({
      _tag: "InvalidChecklistInput",
      path: "",
      line: 3 // the flow sequence opened on line 2 runs into line 3, where the parser stops
    })
  })

  it("gives the line of an unknown anchor found after decoding", () => {
    const e = caught(() =>
      parseTemplateYaml(
        YAML.replace("offset: 1.5", "offset: 0").replace(
          "anchor: doors\n    offset: 0",
          "anchor: show\n    offset: 0"
        )
      )
    )
    expect(e).toMatchObject({ path: "items.1.anchor", line: 15 })
  })
})

describe("parseTemplateJson", () => {
  it("gives the line of the offending value and of a syntax error", () => {
    const text = JSON.stringify(
      {
        id: "t",
        title: "T",
        anchors: [{ id: "doors", title: "Doors", offset: 0 }],
        items: [{ id: "a", title: "A", owner: "tech", anchor: "doors", offset: "soon", duration: 5 }]
      },
      null,
      2
    )
    const line = text.split("\n").findIndex((l) => l.includes('"soon"')) + 1
    expect(caught(() => parseTemplateJson(text))).toMatchObject({ path: "items.0.offset", line })
    expect(caught(() => parseTemplateJson('{\n  "id": "t",\n  oops\n}'))).toMatchObject({ path: "", line: 3 })
  })
})
