/**
 * The anchors every built-in template shares, in minutes from doors: doors, show start (+30), the
 * micro-drop window (+75) and teardown (+150).
 *
 * @since 0.1.0
 */
import type { Anchor } from "../Template.ts"

/**
 * Doors, show start, drop window and teardown, placed for a short listening-room show.
 *
 * @category constants
 * @since 0.1.0
 */
export const showAnchors: ReadonlyArray<Anchor> = [
  { id: "doors", title: "Doors", offset: 0 },
  { id: "show-start", title: "Show start", offset: 30 },
  { id: "drop-window", title: "Micro-drop window opens", offset: 75 },
  { id: "teardown", title: "Teardown", offset: 150 }
]
