/**
 * Decodes request input with a Schema: the first problem becomes an `InvalidRequest` naming the
 * field and the rule, answered with 400.
 */
import { Result, Schema, SchemaIssue } from "effect"
import { InvalidRequest } from "../errors.ts"

const format = SchemaIssue.makeFormatterStandardSchemaV1()

/**
 * Decodes unknown input.
 *
 * @param schema - The input's Schema.
 * @param input - A parsed form or JSON body.
 * @returns The value, or the `InvalidRequest` naming the first bad field.
 */
export const decodeInput = <S extends Schema.Top>(
  schema: S,
  input: unknown
): Result.Result<S["Type"], InvalidRequest> => {
  const r = Schema.decodeUnknownResult(schema as unknown as Schema.Codec<S["Type"], unknown, never, never>)(
    input
  )
  if (Result.isSuccess(r)) return Result.succeed(r.success)
  const issue = format(r.failure.issue).issues[0]
  const path = issue?.path?.map(String).join(".")
  return Result.fail(
    new InvalidRequest({
      field: path === undefined || path === "" ? "body" : path,
      rule: issue?.message ?? r.failure.message
    })
  )
}
