// The house rule for errors across the whole toolkit: every package's errors live in its
// `src/errors.ts` as `Schema.TaggedError` classes, and no two errors or events anywhere share a `_tag`
// (a `catchTag("SoldOut")` must never catch a drops error when a pricing one was meant, and an event
// handler must never mistake an error for an event).
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..", "..")
const sources = [
  ...readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "src")),
  join(root, "apps", "event-site", "src")
]

const walk = (dir: string): ReadonlyArray<string> => {
  let entries: ReadonlyArray<import("node:fs").Dirent>
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []
  )
}

/** The literal `_tag` of a `Schema.TaggedError` / `Schema.TaggedClass` class, if it is one. */
const schemaTag = (value: unknown): string | undefined => {
  if (typeof value !== "function") return undefined
  const tag = (value as { fields?: { _tag?: { schema?: { literal?: unknown } } } }).fields?._tag?.schema
    ?.literal
  return typeof tag === "string" ? tag : undefined
}

const errorModules = sources.map((src) => join(src, "errors.ts")).filter((file) => existsSync(file))

describe("errors across the toolkit", () => {
  it("are Schema.TaggedError classes in each package's src/errors.ts, and nowhere else", async () => {
    const notSchema: Array<string> = []
    for (const file of errorModules) {
      const mod: Record<string, unknown> = await import(file)
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== "function" || !(value.prototype instanceof Error)) continue
        if (schemaTag(value) === undefined) notSchema.push(`${relative(root, file)}: ${name}`)
      }
    }
    expect(notSchema).toEqual([])
    const elsewhere = sources
      .flatMap(walk)
      .filter((file) => !file.endsWith(`${join("src", "errors.ts")}`))
      .filter((file) => /\b(Schema|Data)\.TaggedError\b|extends Error\b/.test(readFileSync(file, "utf8")))
      .map((file) => relative(root, file))
    expect(elsewhere).toEqual([])
  })

  it("never share a _tag with another error or event of any package", async () => {
    const owners = new Map<string, Array<string>>()
    const own = (tag: string, where: string) => owners.set(tag, [...(owners.get(tag) ?? []), where])
    for (const file of errorModules) {
      const mod: Record<string, unknown> = await import(file)
      for (const [name, value] of Object.entries(mod)) {
        const tag = schemaTag(value)
        if (tag !== undefined) own(tag, `${relative(root, file)}: error ${name}`)
      }
    }
    // Events and other tagged data: every Schema.TaggedStruct / TaggedClass tag in the sources.
    for (const file of sources.flatMap(walk)) {
      for (const m of readFileSync(file, "utf8").matchAll(
        /Schema\.Tagged(?:Struct|Class)(?:<[^>]*>\(\))?\(\s*"([A-Za-z]+)"/g
      ))
        own(m[1] as string, `${relative(root, file)}: tagged data`)
    }
    expect(owners.size).toBeGreaterThan(50)
    const shared = [...owners].filter(([, where]) => where.length > 1)
    expect(shared).toEqual([])
  })
})
