/**
 * Decoding of input from outside into the package's one input error: a Schema failure becomes an
 * {@link InvalidDropInput} whose issues name each field and rule (the kit's `inputIssues`), so no
 * raw `SchemaError` ever reaches a caller. Internal: not part of the public API.
 *
 * @since 0.1.0
 */
import { inputIssues } from "@microdrop/kit"
import { Effect, Schema, type SchemaAST } from "effect"
import { type DropInputKind, InvalidDropInput } from "../errors.ts"

/**
 * A decoder of `schema` that fails with `InvalidDropInput` naming `input`.
 *
 * @param schema - the schema (no services needed to decode it)
 * @param input - what it checks, for the error
 * @param options - Schema's parse options (e.g. `onExcessProperty: "error"`)
 * @returns `decode(value)`
 */
export const decodeInput = <A, I>(
  schema: Schema.Codec<A, I>,
  input: DropInputKind,
  options?: SchemaAST.ParseOptions
): ((value: unknown) => Effect.Effect<A, InvalidDropInput>) => {
  const decode = Schema.decodeUnknownEffect(schema)
  const parse = { errors: "all", ...options } as const
  return (value) =>
    Effect.mapError(
      decode(value, parse),
      (error) => new InvalidDropInput({ input, issues: inputIssues(error) })
    )
}
