/**
 * The tagged errors of `@microdrop/labels`. Each is a schema-backed `Error` with a literal `_tag`
 * (match with `switch (e._tag)` or Effect's `catchTag`) and a message built from its fields that says
 * what was wrong and what to do.
 *
 * Every function of this package **throws** these errors (it never returns a result union): label
 * input is program data, and a sheet is either printed right or not at all.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Label input (a template, label, calibration profile or option) that does not match its Schema.
 * `path` is the dotted path of the first offending field (e.g. `labels.3.barcode.data`).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidLabelInput extends Schema.TaggedError<InvalidLabelInput>()("InvalidLabelInput", {
  /** What was being read (e.g. "template", "label", "calibration", "options"). */
  target: Schema.String,
  /** Dotted path of the offending field ("" for the whole value). */
  path: Schema.String,
  /** The rule it broke, in words. */
  rule: Schema.String
}) {
  override get message(): string {
    const where = this.path === "" ? this.target : `${this.target} field ${this.path}`
    return `Invalid ${where}: ${this.rule}. Fix that field and try again.`
  }
}

/**
 * A SKU (built from parts or typed in) that breaks a rule: a part too long, a character outside the
 * safe charset, a wrong check character.
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidSku extends Schema.TaggedError<InvalidSku>()("InvalidSku", {
  /** The part at fault: event, drop, product, variant, check, or "sku" for the whole text. */
  part: Schema.Literals(["event", "drop", "product", "variant", "check", "sku"]),
  /** The rule it broke, in words. */
  rule: Schema.String,
  /** The offending text (SKUs are not secret). */
  value: Schema.String
}) {
  override get message(): string {
    return `SKU ${this.part} "${this.value}" is invalid: ${this.rule}.`
  }
}

/**
 * Two catalog products or variants would get the same SKU. Give them distinct product codes.
 *
 * @category errors
 * @since 0.1.0
 */
export class DuplicateSku extends Schema.TaggedError<DuplicateSku>()("DuplicateSku", {
  /** The SKU both would get. */
  sku: Schema.String,
  /** The first catalog SKU (and variant) that got it. */
  first: Schema.String,
  /** The second. */
  second: Schema.String
}) {
  override get message(): string {
    return `${this.first} and ${this.second} would both get SKU ${this.sku}: pass distinct product codes (option productCode).`
  }
}

/**
 * Barcode data that the symbology cannot encode (e.g. a wrong EAN-13 check digit, a GS1 element string
 * without brackets, a character outside Code 128).
 *
 * @category errors
 * @since 0.1.0
 */
export class InvalidBarcodeData extends Schema.TaggedError<InvalidBarcodeData>()("InvalidBarcodeData", {
  /** The symbology asked for. */
  symbology: Schema.String,
  /** The rule it broke, in words. */
  rule: Schema.String,
  /** The data as given. */
  value: Schema.String
}) {
  override get message(): string {
    return `Cannot encode "${this.value}" as ${this.symbology}: ${this.rule}.`
  }
}

/**
 * A barcode that cannot fit its label at a scannable size. It is never shrunk below the symbology's
 * minimum module width (X) or bar height: use a bigger label, shorter data or a 2D symbology.
 *
 * @category errors
 * @since 0.1.0
 */
export class BarcodeTooSmall extends Schema.TaggedError<BarcodeTooSmall>()("BarcodeTooSmall", {
  /** The symbology. */
  symbology: Schema.String,
  /** The dimension that does not fit. */
  dimension: Schema.Literals(["width", "height"]),
  /** Millimetres needed at the minimum size (quiet zones included). */
  neededMm: Schema.Number,
  /** Millimetres available on the label. */
  availableMm: Schema.Number
}) {
  override get message(): string {
    const mm = (n: number) => n.toFixed(2)
    return (
      `A ${this.symbology} barcode needs ${mm(this.neededMm)} mm of ${this.dimension} at its minimum scannable ` +
      `size but the label has ${mm(this.availableMm)} mm: use a bigger label, shorter data or a 2D symbology.`
    )
  }
}

/**
 * A template whose labels do not fit its page (or roll), or whose geometry is impossible.
 *
 * @category errors
 * @since 0.1.0
 */
export class TemplateDoesNotFit extends Schema.TaggedError<TemplateDoesNotFit>()("TemplateDoesNotFit", {
  /** The template id. */
  template: Schema.String,
  /** The rule it broke, in words (with the numbers). */
  rule: Schema.String
}) {
  override get message(): string {
    return `Template ${this.template} does not fit: ${this.rule}. Check its page size, margins, pitch and label size.`
  }
}

/**
 * No built-in template has this id.
 *
 * @category errors
 * @since 0.1.0
 */
export class UnknownTemplate extends Schema.TaggedError<UnknownTemplate>()("UnknownTemplate", {
  /** The id asked for. */
  id: Schema.String,
  /** The ids that exist. */
  known: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `No built-in template "${this.id}": use one of ${this.known.join(", ")}, or pass a custom template.`
  }
}

/**
 * Text that the chosen font cannot draw (Helvetica covers Latin-1 only).
 *
 * @category errors
 * @since 0.1.0
 */
export class UnencodableText extends Schema.TaggedError<UnencodableText>()("UnencodableText", {
  /** The label field (e.g. "labels.2.title"). */
  field: Schema.String,
  /** The first character the font lacks. */
  character: Schema.String,
  /** The font's name. */
  font: Schema.String
}) {
  override get message(): string {
    const cp = this.character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")
    return `${this.field}: the font ${this.font} has no glyph for "${this.character}" (U+${cp}); pass a TTF font that covers it (option font).`
  }
}

/**
 * A worker of the render pool failed (it crashed or could not start). Retrying may help; rendering
 * without the pool always works.
 *
 * @category errors
 * @since 0.1.0
 */
export class RenderWorkerFailed extends Schema.TaggedError<RenderWorkerFailed>()("RenderWorkerFailed", {
  /** What the worker reported. */
  reason: Schema.String
}) {
  override get message(): string {
    return `A label render worker failed (${this.reason}): retry, or render without the worker pool.`
  }
}

/**
 * A PNG preview could not be made: its renderer (the optional peer dependency `zpl-renderer-js`) is
 * missing or failed.
 *
 * @category errors
 * @since 0.1.0
 */
export class PreviewUnavailable extends Schema.TaggedError<PreviewUnavailable>()("PreviewUnavailable", {
  /** What went wrong. */
  reason: Schema.String
}) {
  override get message(): string {
    return `No label preview: ${this.reason}.`
  }
}
