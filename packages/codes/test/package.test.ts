// Packs the built package as npm would publish it, installs the tarball into a fresh project and
// loads it with `import` and with `require`, on this Node and on the machine's own Node (≥ 20).
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { nodes, type Packed, packAndInstall } from "../../../scripts/test-support/packed.ts"

const pkgDir = join(import.meta.dirname, "..")
let packed: Packed

beforeAll(() => {
  packed = packAndInstall(pkgDir, "@microdrop/codes")
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
    exports: Record<string, unknown>
  }
  const subpaths = Object.keys(manifest.exports).filter((k) => k !== "./package.json" && k !== ".")
  const names = subpaths.map((s) => `@microdrop/codes/${s.slice(2)}`)
  packed.write(
    "subpaths.mjs",
    `const out = {}\nfor (const n of ${JSON.stringify(names)}) out[n] = Object.keys(await import(n)).length\nconsole.log(JSON.stringify(out))\n`
  )
  packed.write(
    "subpaths.cjs",
    `const out = {}\nfor (const n of ${JSON.stringify(names)}) out[n] = Object.keys(require(n)).length\nconsole.log(JSON.stringify(out))\n`
  )
  packed.write(
    "esm.mjs",
    'import { generateCode, verifyCheck } from "@microdrop/codes"\nconst c = generateCode({ length: 8, prefix: "MD" })\nconsole.log(JSON.stringify({ c, ok: verifyCheck(c).ok }))\n'
  )
  packed.write(
    "cjs.cjs",
    'const { generateCode, verifyCheck } = require("@microdrop/codes")\nconst c = generateCode({ length: 8, prefix: "MD" })\nconsole.log(JSON.stringify({ c, ok: verifyCheck(c).ok }))\n'
  )
  // an error from one subpath is an instance of the class the index exports, in both module systems
  const errors = (load: (id: string) => string) =>
    `${load("@microdrop/codes")}\n${load("@microdrop/codes/promise")}\nconst l = createLedger()\n` +
    `const notFound = await l.status("NOPE0000").catch((e) => e)\n` +
    `const invalid = await l.issue({ code: "" }).catch((e) => e)\nawait l.dispose()\n` +
    `console.log(JSON.stringify([notFound instanceof CodeNotFound, invalid instanceof InvalidLedgerInput, notFound._tag]))\n`
  packed.write(
    "errors.mjs",
    errors((id) =>
      id.endsWith("promise")
        ? `import { createLedger } from "${id}"`
        : `import { CodeNotFound, InvalidLedgerInput } from "${id}"`
    )
  )
  packed.write(
    "errors.cjs",
    `;(async () => {\n${errors((id) =>
      id.endsWith("promise")
        ? `const { createLedger } = require("${id}")`
        : `const { CodeNotFound, InvalidLedgerInput } = require("${id}")`
    )}})()\n`
  )
}, 120_000)

afterAll(() => packed?.remove())

describe("the packed tarball", () => {
  it("ships only dist, package.json, README and CHANGELOG", () => {
    expect(packed.unexpectedFiles()).toEqual([])
  })

  for (const node of nodes) {
    for (const entry of ["esm.mjs", "cjs.cjs"]) {
      it(`loads with ${entry.startsWith("esm") ? "import" : "require"} on ${node} and generates a valid code`, () => {
        const out = packed.run(node, entry)
        const { c, ok } = JSON.parse(out) as { c: string; ok: boolean }
        expect(c).toMatch(/^MD-\w{4}-\w{4}-\w$/)
        expect(ok).toBe(true)
      })
    }
    for (const entry of ["errors.mjs", "errors.cjs"]) {
      it(`rejects from /promise with the index's error classes (instanceof) with ${entry.endsWith("mjs") ? "import" : "require"} on ${node}`, () => {
        expect(JSON.parse(packed.run(node, entry))).toEqual([true, true, "CodeNotFound"])
      })
    }
    for (const entry of ["subpaths.mjs", "subpaths.cjs"]) {
      it(`loads every subpath export with ${entry.endsWith("mjs") ? "import" : "require"} on ${node}`, () => {
        const out = JSON.parse(packed.run(node, entry)) as Record<string, number>
        expect(Object.keys(out).length).toBeGreaterThan(0)
        for (const [name, count] of Object.entries(out)) expect(count, name).toBeGreaterThan(0)
      })
    }
  }
})

describe("package.json and README, as npm users see them", () => {
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Record<
    string,
    Record<string, unknown> | string | undefined
  >
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8")

  it("makes effect a peer dependency (~4.1.0) and a dev dependency, never a dependency", () => {
    expect((manifest["dependencies"] as Record<string, unknown> | undefined)?.["effect"]).toBeUndefined()
    expect((manifest["peerDependencies"] as Record<string, unknown>)["effect"]).toBe("~4.1.0")
    expect((manifest["devDependencies"] as Record<string, unknown>)["effect"]).toBeDefined()
    expect(readme).toMatch(/pnpm add @microdrop\/codes effect/)
  })

  it("names its repository, homepage and issue tracker", () => {
    expect(manifest["repository"]).toEqual({
      type: "git",
      url: "git+https://github.com/microdrop/microdrop.git",
      directory: "packages/codes"
    })
    expect(manifest["homepage"]).toBe(
      "https://github.com/microdrop/microdrop/tree/main/packages/codes#readme"
    )
    expect(manifest["bugs"]).toBe("https://github.com/microdrop/microdrop/issues")
  })

  it("links only to absolute URLs or anchors, so every README link works on the npm page", () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] as string)
    for (const link of links) expect(link, link).toMatch(/^(https:\/\/|#)/)
  })
})
