/**
 * Decodes request input with a Schema: the first problem becomes an `InvalidRequest` naming the
 * field and the rule, answered with 400.
 */
import { Result, Schema, SchemaIssue } from "effect"
import { InvalidRequest } from "../errors.ts"

const format = SchemaIssue.makeFormatterStandardSchemaV1()

type Decoder = (input: unknown) => Result.Result<unknown, Schema.SchemaError>

/** Each Schema's decoder, built on its first use (the routes' Schemas are module-level values). */
const decoders = new WeakMap<Schema.Top, Decoder>()

const decoderOf = (schema: Schema.Top): Decoder => {
  let decoder = decoders.get(schema)
  if (decoder === undefined) {
    decoder = Schema.decodeUnknownResult(schema as unknown as Schema.Codec<unknown, unknown, never, never>)
    decoders.set(schema, decoder)
  }
  return decoder
}

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
  const r = decoderOf(schema)(input)
  if (Result.isSuccess(r)) return Result.succeed(r.success as S["Type"])
  const issue = format(r.failure.issue).issues[0]
  const path = issue?.path?.map(String).join(".")
  return Result.fail(
    new InvalidRequest({
      field: path === undefined || path === "" ? "body" : path,
      rule: issue?.message ?? r.failure.message
    })
  )
}
