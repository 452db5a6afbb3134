/** Turns a Schema decoding failure into `InputIssue`s: a dotted path and the rule, in words. */
import { Result, type Schema, SchemaIssue } from "effect"
import type { InputIssue } from "../errors.js"
import { InvalidInput } from "../errors.js"
import type { Result as PricingResult } from "../Result.js"
import { err, ok } from "./result.js"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const KINDS = /"kind": "([a-z-]+)"/g

const readable = (message: string): string => {
  // A union of structs tagged by `kind` reports every member; say which kinds are allowed instead.
  if (message.startsWith("Expected ") && message.includes('"kind"')) {
    const kinds = [...message.matchAll(KINDS)].map((m) => m[1])
    const rule = `kind must be one of ${kinds.join(", ")} (with that kind's fields)`
    return message.startsWith("Expected number |") ? `must be a number, or an object whose ${rule}` : rule
  }
  if (message === "Missing key") return "is required"
  return message
}

export const toIssues = (error: Schema.SchemaError): InputIssue[] =>
  formatter(error.issue).issues.map((i) => ({
    path: (i.path ?? [])
      .map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p))
      .join("."),
    rule: readable(i.message)
  }))

export const decodeWith =
  <A>(
    decode: (input: unknown, options: { readonly errors: "all" }) => Result.Result<A, Schema.SchemaError>,
    target: InvalidInput["target"]
  ) =>
  (input: unknown): PricingResult<A, InvalidInput> => {
    const r = decode(input, { errors: "all" })
    return Result.isSuccess(r)
      ? ok(r.success)
      : err(new InvalidInput({ target, issues: toIssues(r.failure) }))
  }
