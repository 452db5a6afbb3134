// What npm users see: `effect` is a peer (one copy of Effect in the app), the metadata points at
// the repository, and every README link works on the npm page (which shows only the README).
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const dir = join(import.meta.dirname, "..")
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>
const readme = readFileSync(join(dir, "README.md"), "utf8")
const deps = (field: string) => (pkg[field] ?? {}) as Record<string, string>

describe("package.json", () => {
  it("makes effect a peer dependency (~4.1.0) and a devDependency, never a dependency", () => {
    expect(deps("dependencies")["effect"]).toBeUndefined()
    expect(deps("peerDependencies")["effect"]).toBe("~4.1.0")
    expect(deps("devDependencies")["effect"]).toBe("~4.1.0")
    expect((pkg["peerDependenciesMeta"] as Record<string, unknown>)["effect"]).toBeUndefined()
  })

  it("names the repository, homepage and issue tracker", () => {
    expect(pkg["repository"]).toEqual({
      type: "git",
      url: "git+https://github.com/microdrop/microdrop.git",
      directory: "packages/drops"
    })
    expect(pkg["homepage"]).toBe("https://github.com/microdrop/microdrop/tree/main/packages/drops#readme")
    expect(pkg["bugs"]).toBe("https://github.com/microdrop/microdrop/issues")
  })
})

describe("README", () => {
  it("tells people to install effect beside the package", () => {
    expect(readme).toMatch(/^pnpm add @microdrop\/drops effect@~4\.1\.0\b/m)
  })

  it("links only to absolute URLs or to its own headings (the npm page has no other files)", () => {
    const headings = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
        (m[1] as string)
          .toLowerCase()
          .replace(/[^\w\- ]/g, "")
          .replace(/ /g, "-")
      )
    )
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string)
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) {
      if (target.startsWith("#")) expect(headings, target).toContain(target.slice(1))
      else expect(target, target).toMatch(/^https:\/\//)
    }
  })

  it("names no repository file as plain code where a reader would look for a link", () => {
    // a path like `examples/drop.ts` or `benchmarks/drops.ts` must come with its absolute link
    for (const m of readme.matchAll(/`((?:examples|benchmarks)\/[\w./-]+)`(?!\]\()/g))
      expect(readme.slice((m.index ?? 0) - 1, m.index), m[1]).toBe("[")
  })
})
