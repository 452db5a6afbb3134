import { resolve } from "node:path"
import { defineConfig } from "tsup"

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  // The kit's types are inlined into the .d.ts too. tsup hands the declaration build the tsconfig's
  // `paths` without the directory they are relative to, so it fell back to the workspace link and
  // left `import … from "@microdrop/kit"` (an unpublished package) in dist: name the file absolutely.
  dts: {
    compilerOptions: { paths: { "@microdrop/kit": [resolve(import.meta.dirname, "../kit/src/index.ts")] } }
  },
  clean: true,
  sourcemap: true,
  target: "node20",
  treeshake: true,
  // The private store kit is inlined: the published tarball stays self-contained.
  noExternal: ["@microdrop/kit"]
})
