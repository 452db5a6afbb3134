// The Redis store's scripts are the .lua files in src/internal/lua; src/internal/lua.generated.ts
// carries their text into the TypeScript (see scripts/lua.mjs). These tests fail when the two
// drift apart, and check that Redis itself compiles every script.
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { redisScript } from "@microdrop/kit"
import { Redis } from "ioredis"
import { afterAll, describe, expect, it } from "vitest"
import * as generated from "../src/internal/lua.generated.ts"
import { requireEnv } from "./support/env.ts"

const root = join(import.meta.dirname, "..")
const luaDir = join(root, "src", "internal", "lua")
const files = readdirSync(luaDir)
  .filter((f) => f.endsWith(".lua"))
  .sort()
const constantOf = (file: string): string =>
  file
    .slice(0, -4)
    .replace(/[A-Z]/g, (c) => `_${c}`)
    .toUpperCase()
const scripts = generated as Readonly<Record<string, string>>

describe("lua.generated.ts is the .lua files, byte for byte", () => {
  it("has one constant per .lua file, and no other", () => {
    expect(files.length).toBeGreaterThan(0)
    expect(Object.keys(scripts).sort()).toEqual(files.map(constantOf).sort())
  })

  it.each(files)("%s: the constant is the file's exact text", (file) => {
    expect(scripts[constantOf(file)]).toBe(readFileSync(join(luaDir, file), "utf8"))
  })

  it("is exactly what the generator writes now (run `node scripts/lua.mjs` after editing a .lua file)", () => {
    // --check exits 1 (execFileSync throws) when the file differs from what the generator would write
    expect(() =>
      execFileSync(process.execPath, [join(root, "scripts", "lua.mjs"), "--check"], { stdio: "pipe" })
    ).not.toThrow()
  })

  it("every script starts with a header comment naming its file", () => {
    for (const file of files) expect(scripts[constantOf(file)]?.startsWith(`-- ${file}:`)).toBe(true)
  })
})

const url = requireEnv("REDIS_URL")
if (url !== undefined) {
  describe("Redis compiles every script", () => {
    const redis = new Redis(url)
    afterAll(async () => {
      await redis.quit()
    })

    it.each(files)("%s: SCRIPT LOAD accepts it, under the SHA the store runs it by", async (file) => {
      const source = scripts[constantOf(file)] as string
      // a syntax error makes SCRIPT LOAD fail ("Error compiling script")
      const sha = await redis.call("SCRIPT", "LOAD", source)
      expect(sha).toBe(redisScript(source).sha)
    })
  })
}
