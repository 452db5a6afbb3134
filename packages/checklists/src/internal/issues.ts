/**
 * A Schema decoding failure as one InvalidChecklistInput: the first issue's dotted path
 * (`items.3.offset`), its rule, the id of the item it belongs to, and its source line when known.
 */
import type { SchemaIssue } from "effect"
import { SchemaIssue as Issues } from "effect"
import { InvalidChecklistInput } from "../errors.ts"

const format = Issues.makeFormatterStandardSchemaV1()

/** Finds the 1-based source line of a path, when the input came from text. */
export type Locate = (path: ReadonlyArray<PropertyKey>) => number | undefined

/**
 * The first issue of a failed decode. `items` names where item arrays sit (`["items"]` for a
 * template, `["template", "items"]` for a stored run) so the error can name the item's id.
 */
export const firstIssue = (
  input: unknown,
  issue: SchemaIssue.Issue,
  options: { readonly locate?: Locate; readonly items?: ReadonlyArray<string> } = {}
): InvalidChecklistInput => {
  const first = format(issue).issues[0]
  const path = (first?.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p))
  const prefix = options.items ?? ["items"]
  let raw: unknown
  if (prefix.every((p, i) => path[i] === p) && typeof path[prefix.length] === "number") {
    let node: unknown = input
    for (const key of [...prefix, path[prefix.length] as number, "id"])
      node =
        typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined
    raw = node
  }
  const line = options.locate?.(path)
  return new InvalidChecklistInput({
    path: path.map(String).join("."),
    rule: first?.message ?? "the expected shape",
    ...(typeof raw === "string" ? { item: raw } : {}),
    ...(line === undefined ? {} : { line })
  })
}
