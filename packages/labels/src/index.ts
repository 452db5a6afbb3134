/**
 * `@microdrop/labels`: SKUs with a check character, barcodes that scan, and label sheets and thermal
 * rolls that print inside their labels.
 *
 * Every function throws a tagged error from `errors.ts` on bad input (it never returns a result union).
 *
 * @since 0.1.0
 */
export type { BarcodeSpec, BarcodeSymbol, Symbology } from "./Barcode.js"
export { encodeBarcode, gs1CheckDigit, SYMBOLOGIES, SYMBOLOGY_RULES } from "./Barcode.js"
export type { Calibration } from "./Calibration.js"
export { CalibrationSchema, calibrationMatrix, decodeCalibration } from "./Calibration.js"
export { calibrationSheet } from "./calibrationSheet.js"
export type { CatalogSku, CatalogSkusOptions } from "./catalogSkus.js"
export { catalogSkus, safeSkuPart } from "./catalogSkus.js"
export type { EncoderPool } from "./EncoderPool.js"
export { createEncoderPool } from "./EncoderPool.js"
export {
  BarcodeTooSmall,
  DuplicateSku,
  InvalidBarcodeData,
  InvalidLabelInput,
  InvalidSku,
  PreviewUnavailable,
  RenderWorkerFailed,
  TemplateDoesNotFit,
  UnencodableText,
  UnknownTemplate
} from "./errors.js"
export type { Label } from "./Label.js"
export { LabelSchema } from "./Label.js"
export { previewPng } from "./previewPng.js"
export type { GlabelsRefusal, GlabelsTemplate, GlabelsTemplates } from "./readGlabelsTemplates.js"
export { readGlabelsTemplates } from "./readGlabelsTemplates.js"
export type { RenderPdfOptions } from "./renderPdf.js"
export { renderPdf } from "./renderPdf.js"
export type { SkuParts } from "./Sku.js"
export { buildSku, parseSku, SKU_CHARSET, SKU_LIMITS, skuCheckCharacter } from "./Sku.js"
export type { BuiltInTemplateId, Cell, Template } from "./Template.js"
export { BUILT_IN_TEMPLATES, cells, decodeTemplate, TemplateSchema, template } from "./Template.js"
export type { ToZplOptions } from "./toZpl.js"
export { toZpl } from "./toZpl.js"
