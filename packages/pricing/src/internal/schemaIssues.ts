/** Decodes with a Schema and wraps a failure in `InvalidInput`, its issues read by the kit's `inputIssues`. */
import { err, inputIssues, ok } from "@microdrop/kit"
import { Result, type Schema } from "effect"
import { InvalidInput } from "../errors.ts"
import type { Result as PricingResult } from "../Result.ts"

export const decodeWith =
  <A>(
    decode: (input: unknown, options: { readonly errors: "all" }) => Result.Result<A, Schema.SchemaError>,
    target: InvalidInput["target"]
  ) =>
  (input: unknown): PricingResult<A, InvalidInput> => {
    const r = decode(input, { errors: "all" })
    return Result.isSuccess(r)
      ? ok(r.success)
      : err(new InvalidInput({ target, issues: inputIssues(r.failure) }))
  }
