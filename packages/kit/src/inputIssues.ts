/**
 * Turns a Schema decoding failure into what every Microdrop input error carries: each problem as a
 * dotted path to the field (`lines.0.quantity`) and the rule it broke, in words a person can act on.
 */
import { type Schema, SchemaIssue } from "effect"

/** One problem with an input: where, and which rule. */
export interface InputIssue {
  /** Dotted path to the field (`lines.0.quantity`); empty for the input as a whole. */
  readonly path: string
  /** The rule the value broke, in words (`must be an integer greater than 0`). */
  readonly rule: string
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const KINDS = /"kind": "([a-z-]+)"/g

/** Rewrites Schema's wording where it would confuse a person. */
const readable = (message: string): string => {
  // A union of structs tagged by `kind` reports every member; say which kinds are allowed instead.
  if (message.startsWith("Expected ") && message.includes('"kind"')) {
    const kinds = [...message.matchAll(KINDS)].map((m) => m[1])
    const rule = `kind must be one of ${kinds.join(", ")} (with that kind's fields)`
    return message.startsWith("Expected number |") ? `must be a number, or an object whose ${rule}` : rule
  }
  if (message === "Missing key") return "is required"
  if (message === "Expected no excess property" || message.startsWith("Unexpected key"))
    return "is not a known field (check its spelling)"
  return message
}

/** Every issue of a Schema decoding failure, as paths and rules. */
export const inputIssues = (error: Schema.SchemaError): ReadonlyArray<InputIssue> =>
  formatter(error.issue).issues.map((i) => ({
    path: (i.path ?? [])
      .map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p))
      .join("."),
    rule: readable(i.message)
  }))

/** The issues as one line: `lines.0.quantity: must be …; currency: is required`. */
export const formatIssues = (issues: ReadonlyArray<InputIssue>): string =>
  issues.map((i) => (i.path === "" ? i.rule : `${i.path}: ${i.rule}`)).join("; ")
