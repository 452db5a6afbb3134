// The build every published library package shares: ESM and CommonJS for Node ≥ 20, declarations,
// source maps, and one copy of each module in CommonJS too. esbuild splits only ESM by default;
// without `splitting` every CommonJS entry carried its own copy of the error classes, so
// `e instanceof CodeNotFound` (from "@microdrop/codes") was false for an error from
// "@microdrop/codes/promise" in `require` (scripts/pack-check.mjs now refuses a class defined twice).
// No type is imported from tsup: this file sits outside the packages, where tsup does not resolve (each
// package's tsup.config.ts passes the result to tsup's defineConfig, which checks it).
import { resolve } from "node:path"

/** What a package may add or override. */
export interface ExtraOptions {
  /** Modules left to the user's install (peers). */
  readonly external?: Array<string>
}

/**
 * @param dir - the package's directory (`import.meta.dirname`)
 * @param entry - entry name → source file
 * @param extra - anything else (e.g. `external`)
 */
export const libraryConfig = (dir: string, entry: Record<string, string>, extra: ExtraOptions = {}) => ({
  entry,
  format: ["esm", "cjs"] as Array<"esm" | "cjs">,
  // The private store kit ships inside each bundle, its types inlined into the .d.ts: users install
  // nothing more, and no import of the unpublished kit may remain. tsup hands the declaration build the
  // tsconfig's `paths` without the directory they are relative to, so the kit's path is named absolutely.
  dts: {
    compilerOptions: { paths: { "@microdrop/kit": [resolve(dir, "../kit/src/index.ts")] } }
  },
  noExternal: ["@microdrop/kit"],
  clean: true,
  sourcemap: true,
  target: "node20",
  treeshake: true,
  splitting: true,
  ...extra
})
