/** A template option (built-in id or custom template) resolved to a checked template. */
import { InvalidLabelInput } from "../errors.js"
import { type BuiltInTemplateId, decodeTemplate, type Template, template } from "../Template.js"

export const resolveTemplate = (t: BuiltInTemplateId | Template | undefined): Template => {
  if (typeof t === "string") return template(t)
  if (t === undefined)
    throw new InvalidLabelInput({ target: "options", path: "template", rule: "is required" })
  return decodeTemplate(t)
}
