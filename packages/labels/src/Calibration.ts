/**
 * Printer calibration profiles: an x/y offset and a scale applied to every page, so that a printer
 * that drifts still lands inside its labels.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { decoderFor } from "./internal/decode.js"

const Offset = Schema.Finite.check(
  Schema.isBetween({ minimum: -20, maximum: 20 }, { message: "must be an offset in mm between -20 and 20" })
)
const Scale = Schema.Finite.check(
  Schema.isBetween({ minimum: 0.9, maximum: 1.1 }, { message: "must be a scale between 0.9 and 1.1" })
)

/**
 * The Schema of a calibration profile. Measure it with `calibrationSheet`.
 *
 * @category schemas
 * @since 0.1.0
 */
export const CalibrationSchema = Schema.Struct({
  /** The printer it belongs to, e.g. "office-laser". */
  printer: Schema.optionalKey(Schema.String),
  /** Move everything right by this many mm (negative: left). */
  offsetX: Schema.optionalKey(Offset),
  /** Move everything down by this many mm (negative: up). */
  offsetY: Schema.optionalKey(Offset),
  /** Horizontal scale about the page's top-left corner (1 = none). */
  scaleX: Schema.optionalKey(Scale),
  /** Vertical scale about the page's top-left corner (1 = none). */
  scaleY: Schema.optionalKey(Scale)
})

/**
 * A printer calibration profile.
 *
 * @category models
 * @since 0.1.0
 */
export type Calibration = typeof CalibrationSchema.Type

const decode = decoderFor(CalibrationSchema, "calibration")

/**
 * Decodes a calibration profile (e.g. from a settings file).
 *
 * @param input - `{ printer?, offsetX?, offsetY?, scaleX?, scaleY? }` in mm and plain factors.
 * @returns The profile.
 * @throws InvalidLabelInput naming the field and the rule.
 * @example
 * ```ts
 * import { decodeCalibration } from "@microdrop/labels"
 * decodeCalibration({ printer: "office", offsetX: 1.5, offsetY: -0.5 }).offsetX // => 1.5
 * ```
 * @since 0.1.0
 */
export const decodeCalibration = (input: unknown): Calibration => decode(input)

/**
 * The PDF transformation matrix `[a, b, c, d, e, f]` (points, origin bottom-left) of a profile on a
 * page `pageHeight` points tall: scale about the top-left corner, then offset (y measured downward).
 *
 * @param calibration - The profile.
 * @param pageHeight - Page height in points.
 * @returns The matrix for the `cm` operator.
 * @example
 * ```ts
 * import { calibrationMatrix } from "@microdrop/labels"
 * calibrationMatrix({ offsetX: 25.4 }, 792) // => [1, 0, 0, 1, 72, 0]
 * ```
 * @since 0.1.0
 */
export const calibrationMatrix = (
  calibration: Calibration,
  pageHeight: number
): readonly [number, number, number, number, number, number] => {
  const pt = 72 / 25.4
  const sx = calibration.scaleX ?? 1
  const sy = calibration.scaleY ?? 1
  const tx = (calibration.offsetX ?? 0) * pt
  const ty = (1 - sy) * pageHeight - (calibration.offsetY ?? 0) * pt
  return [sx, 0, 0, sy, tx, ty + 0]
}
