#!/usr/bin/env node
// Every pending changeset must parse as changesets reads it: a `---` frontmatter block of
// `"<package>": major|minor|patch` lines naming a publishable workspace package, then a summary.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
const names = new Set(
  readdirSync(join(root, "packages"))
    .map((d) => join(root, "packages", d, "package.json"))
    .filter((p) => existsSync(p))
    .map((p) => JSON.parse(readFileSync(p, "utf8")))
    .filter((m) => !m.private)
    .map((m) => m.name)
)
const dir = join(root, ".changeset")
const problems = []
const files = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")
for (const file of files) {
  const text = readFileSync(join(dir, file), "utf8")
  const m = /^---\n([\s\S]*?)\n---\n+([\s\S]+)$/.exec(text)
  if (!m) {
    problems.push(`${file}: no "---" frontmatter block followed by a summary`)
    continue
  }
  const lines = m[1].split("\n").filter((l) => l.trim() !== "")
  if (lines.length === 0) problems.push(`${file}: the frontmatter names no package`)
  for (const line of lines) {
    const bump = /^"([^"]+)":\s*(major|minor|patch)$/.exec(line.trim())
    if (!bump) problems.push(`${file}: "${line}" is not \`"<package>": major|minor|patch\``)
    else if (!names.has(bump[1])) problems.push(`${file}: ${bump[1]} is not a publishable workspace package`)
  }
}
if (problems.length > 0) {
  console.error(`✖ changesets:\n  ${problems.join("\n  ")}`)
  process.exit(1)
}
console.log(`✔ ${files.length} changeset(s) parse`)
