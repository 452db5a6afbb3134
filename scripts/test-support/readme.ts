// Shared by the packages' `test/readme.test.ts`: extracts every TypeScript block of a package's
// README, type-checks each as its own module under `strict` + `nodenext` (as a user's project
// would, importing the package by its published name through the package's own exports map, so
// the package must be built), and runs the blocks whose fence says `ts run`.
//
// A block is self-contained: it imports what it uses and declares what it needs. Fences:
//   ```ts            type-checked
//   ```ts run        type-checked, then run with Node (type stripping) from the package folder
import { execFileSync, spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

/** One TypeScript block of a README. */
export interface ReadmeBlock {
  /** 1-based line of the opening fence in the README. */
  readonly line: number
  /** The block's source text. */
  readonly code: string
  /** True when the fence asks for the block to be run (```ts run). */
  readonly run: boolean
  /** The file the block is written to for checking. */
  readonly file: string
}

/** Every ```ts / ```typescript block of a Markdown text, in order. */
export const extractBlocks = (markdown: string): ReadonlyArray<Omit<ReadmeBlock, "file">> => {
  const lines = markdown.split("\n")
  const out: Array<Omit<ReadmeBlock, "file">> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(?:\s+(.*))?$/.exec(lines[i]?.trim() ?? "")
    if (open === null) continue
    const body: Array<string> = []
    let j = i + 1
    while (j < lines.length && lines[j]?.trim() !== "```") body.push(lines[j++] ?? "")
    out.push({ line: i + 1, code: `${body.join("\n")}\n`, run: (open[2] ?? "").split(/\s+/).includes("run") })
    i = j
  }
  return out
}

/** The result of checking a package's README. */
export interface ReadmeCheck {
  readonly blocks: ReadonlyArray<ReadmeBlock>
  /** tsc's diagnostics, each line rewritten to name the README line of its block; empty when all compile. */
  readonly diagnostics: ReadonlyArray<string>
  /** Runs a `ts run` block and returns its stdout; throws with its stderr when it exits non-zero. */
  readonly run: (block: ReadmeBlock, env?: Record<string, string | undefined>) => string
  readonly remove: () => void
}

/**
 * Writes the README's blocks under `<pkgDir>/.tmp/readme/` and type-checks them all in one tsc run.
 * The package must be built (imports resolve to its `dist` through its exports map).
 */
export const checkReadme = (pkgDir: string, readme = "README.md"): ReadmeCheck => {
  const dir = join(pkgDir, ".tmp", "readme")
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const blocks = extractBlocks(readFileSync(join(pkgDir, readme), "utf8")).map((b) => ({
    ...b,
    file: join(dir, `line-${b.line}.ts`)
  }))
  for (const b of blocks) writeFileSync(b.file, b.code)
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        lib: ["es2023"],
        types: ["node"],
        skipLibCheck: true,
        noEmit: true,
        allowImportingTsExtensions: true
      },
      include: ["*.ts"]
    })
  )
  const tsc = createRequire(join(pkgDir, "package.json")).resolve("typescript/bin/tsc")
  const r = spawnSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8"
  })
  const diagnostics = `${r.stdout}${r.stderr}`
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) =>
      l.replace(/^line-(\d+)\.ts\((\d+),(\d+)\)/, (_m, fence: string, row: string, col: string) => {
        return `${readme}:${Number(fence) + Number(row)}:${col}`
      })
    )
  return {
    blocks,
    diagnostics,
    run: (block, env = {}) =>
      execFileSync(process.execPath, [block.file], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 60_000
      }),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Registers the README tests of a package: it has TypeScript blocks, every block compiles, and every
 * `ts run` block runs (with `env` added to its environment, e.g. a database URL).
 */
export const describeReadme = async (pkgDir: string, env: Record<string, string | undefined> = {}) => {
  const { afterAll, describe, expect, it } = await import("vitest")
  const readme = checkReadme(pkgDir)
  afterAll(() => readme.remove())
  describe("README", () => {
    it("has TypeScript blocks, and every one compiles under strict + nodenext", () => {
      expect(readme.blocks.length).toBeGreaterThan(0)
      expect(readme.diagnostics).toEqual([])
    })
    for (const block of readme.blocks.filter((b) => b.run)) {
      it(`runs the block at README.md:${block.line}`, () => {
        expect(() => readme.run(block, env)).not.toThrow()
      })
    }
  })
}
