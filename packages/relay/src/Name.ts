/**
 * Room and track names.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A room or track name: 1-64 characters of letters, digits, `-` and `_` (safe in a URL path).
 *
 * @category schemas
 * @since 0.1.0
 */
export const Name = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{1,64}$/))
