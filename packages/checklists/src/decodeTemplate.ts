/**
 * Loading templates from outside: decoding a value, or JSON or YAML text, into a checked Template,
 * with errors that name the field, the item, the rule and the line.
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import { isNode, LineCounter, parseDocument } from "yaml"
import { InvalidChecklistInput } from "./errors.ts"
import { compileGraph } from "./internal/graph.ts"
import { firstIssue, type Locate } from "./internal/issues.ts"
import { computeSchedule, resolveAnchors } from "./internal/passes.ts"
import { Template } from "./Template.ts"

const decode = Schema.decodeUnknownResult(Template)

/** Checks what a Schema cannot: unique ids, known dependencies and anchors, no cycle, pins reachable. */
const checkGraph = (template: Template, locate?: Locate): Template => {
  try {
    computeSchedule(template, compileGraph(template), resolveAnchors(template))
  } catch (e) {
    if (e instanceof InvalidChecklistInput && locate !== undefined) {
      const line = locate(e.path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)))
      if (line !== undefined) throw new InvalidChecklistInput({ ...fields(e), line })
    }
    throw e
  }
  return template
}

const fields = (e: InvalidChecklistInput) => ({
  path: e.path,
  rule: e.rule,
  ...(e.item === undefined ? {} : { item: e.item })
})

const decodeWith = (input: unknown, locate?: Locate): Template => {
  const r = decode(input, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(r)) throw firstIssue(input, r.failure.issue, locate === undefined ? {} : { locate })
  return checkGraph(r.success, locate)
}

/**
 * Decodes and checks a template from an unknown value (parsed JSON, a database row, a literal).
 *
 * @param input - The candidate template.
 * @returns The template, checked: fields, unique ids, known anchors and dependencies, no cycle, and
 *   no pinned item before its dependencies (at the template's own anchor offsets).
 * @throws InvalidChecklistInput (path such as `items.3.offset`, the rule, the item id),
 *   DuplicateItemId, UnknownDependency, DependencyCycle, PinnedBeforeDependency.
 * @example
 * ```ts
 * import { decodeTemplate } from "@microdrop/checklists"
 * decodeTemplate({ id: "t", title: "T", anchors: [{ id: "doors", title: "Doors", offset: 0 }], items: [] })
 * ```
 * @since 0.1.0
 */
export const decodeTemplate = (input: unknown): Template => decodeWith(input)

/** Line (1-based) of the YAML node at `path`, or of its nearest existing parent. */
const locator = (text: string): { value: unknown; locate: Locate } => {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const error = doc.errors[0]
  if (error !== undefined)
    throw new InvalidChecklistInput({
      path: "",
      rule: `well-formed YAML (${error.code.toLowerCase().replaceAll("_", " ")})`,
      line: lineCounter.linePos(error.pos[0]).line
    })
  const locate: Locate = (path) => {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true)
      if (isNode(node) && node.range != null) return lineCounter.linePos(node.range[0]).line
    }
    return undefined
  }
  return { value: doc.toJS(), locate }
}

/**
 * Parses and checks a template written in YAML. Errors carry the line of the offending node.
 *
 * @param text - YAML text of one template.
 * @returns The checked template.
 * @throws InvalidChecklistInput (with `line`), DuplicateItemId, UnknownDependency, DependencyCycle,
 *   PinnedBeforeDependency.
 * @example
 * ```ts
 * import { parseTemplateYaml } from "@microdrop/checklists"
 * parseTemplateYaml("id: t\ntitle: T\nanchors: [{ id: doors, title: Doors, offset: 0 }]\nitems: []\n")
 * ```
 * @since 0.1.0
 */
export const parseTemplateYaml = (text: string): Template => {
  const { value, locate } = locator(text)
  return decodeWith(value, locate)
}

/**
 * Parses and checks a template written in JSON. Errors carry the line of the offending value.
 *
 * @param text - JSON text of one template.
 * @returns The checked template.
 * @throws InvalidChecklistInput (with `line`), DuplicateItemId, UnknownDependency, DependencyCycle,
 *   PinnedBeforeDependency.
 * @example
 * ```ts
 * import { parseTemplateJson } from "@microdrop/checklists"
 * parseTemplateJson('{"id":"t","title":"T","anchors":[{"id":"doors","title":"Doors","offset":0}],"items":[]}')
 * ```
 * @since 0.1.0
 */
export const parseTemplateJson = (text: string): Template => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const position = /position (\d+)/.exec(String((e as Error).message))?.[1]
    const line = position === undefined ? undefined : text.slice(0, Number(position)).split("\n").length
    throw new InvalidChecklistInput({
      path: "",
      rule: "well-formed JSON",
      ...(line === undefined ? {} : { line })
    })
  }
  // JSON is YAML 1.2, so the YAML parser gives the lines of the values JSON.parse produced.
  return decodeWith(value, locator(text).locate)
}
