// The build every published library package shares: ESM and CommonJS for Node ≥ 20, declarations,
// source maps, and one copy of each module in CommonJS too. esbuild splits only ESM by default;
// without `splitting` every CommonJS entry carried its own copy of the error classes, so
// `e instanceof CodeNotFound` (from "@microdrop/codes") was false for an error from
// "@microdrop/codes/promise" in `require` (scripts/pack-check.mjs now refuses a class defined twice).
import { resolve } from "node:path"
import type { Options } from "tsup"

/**
 * @param dir - the package's directory (`import.meta.dirname`)
 * @param entry - entry name → source file
 * @param extra - anything else (e.g. `external`)
 */
export const libraryConfig = (dir: string, entry: Record<string, string>, extra: Options = {}): Options => ({
  entry,
  format: ["esm", "cjs"],
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
