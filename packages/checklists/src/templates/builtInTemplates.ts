/**
 * Every built-in template by id, for listing and lookup.
 *
 * @since 0.1.0
 */
import type { Template } from "../Template.ts"
import { cashlessCheckout } from "./cashlessCheckout.ts"
import { launch } from "./launch.ts"
import { loadIn } from "./loadIn.ts"
import { microStore } from "./microStore.ts"
import { powerAndComms } from "./powerAndComms.ts"
import { streamKitTest } from "./streamKitTest.ts"
import { teardown } from "./teardown.ts"

/**
 * The built-in templates written from the playbook, by id.
 *
 * @category templates
 * @example
 * ```ts
 * import { builtInTemplates } from "@microdrop/checklists"
 * Object.keys(builtInTemplates) // => ["launch", "load-in", "micro-store", "cashless-checkout", "power-and-comms", "stream-kit-test", "teardown"]
 * ```
 * @since 0.1.0
 */
export const builtInTemplates: Readonly<Record<string, Template>> = {
  launch,
  "load-in": loadIn,
  "micro-store": microStore,
  "cashless-checkout": cashlessCheckout,
  "power-and-comms": powerAndComms,
  "stream-kit-test": streamKitTest,
  teardown
}
