/** The Hono environment of the site's routes. */
import type { SessionVariables } from "./session.ts"

/** Variables the middleware sets for every route. */
export interface SiteEnv {
  readonly Variables: SessionVariables
}
