/** Decodes unknown input with a Schema, throwing `InvalidLabelInput` with the first issue's path and rule. */
import { Result, Schema, SchemaIssue } from "effect"
import { InvalidLabelInput } from "../errors.js"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const readable = (message: string): string => (message === "Missing key" ? "is required" : message)

/** Makes a decoder that throws `InvalidLabelInput` (target, dotted path, rule) on the first issue. */
export const decoderFor = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  target: string
): ((input: unknown, pathPrefix?: string) => S["Type"]) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (input, pathPrefix = "") => {
    const r = decode(input, { errors: "first" })
    if (Result.isSuccess(r)) return r.success
    const issue = formatter(r.failure.issue).issues[0]
    const path = (issue?.path ?? [])
      .map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p))
      .join(".")
    const full = [pathPrefix, path].filter((s) => s !== "").join(".")
    throw new InvalidLabelInput({ target, path: full, rule: readable(issue?.message ?? "is invalid") })
  }
}
