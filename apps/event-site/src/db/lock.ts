/**
 * A single owner for the embedded database folder. PGlite opens a folder another process already
 * has open without complaint (and two writers corrupt it), so the site takes an exclusive lock
 * file holding its pid first. The file appears atomically with its content (written aside, then
 * hard-linked into place), so nobody ever reads a half-written lock. A lock left by a process that
 * died is taken over.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { DataFolderInUse } from "../errors.ts"

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const ownerOf = (file: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Takes the folder's lock, creating the folder if needed.
 *
 * @param folder - The site's data folder (PGlite's folder lives inside it).
 * @returns A function that releases the lock (idempotent).
 * @throws DataFolderInUse when a live process holds it.
 */
export const lockDataFolder = (folder: string): (() => void) => {
  mkdirSync(folder, { recursive: true })
  const file = join(folder, "site.lock")
  const mine = `${file}.${process.pid}`
  writeFileSync(mine, String(process.pid))
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file)
        let released = false
        return () => {
          if (released) return
          released = true
          if (ownerOf(file) === process.pid) rmSync(file, { force: true })
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
      }
      const pid = ownerOf(file)
      if (pid !== undefined && alive(pid)) throw new DataFolderInUse({ folder, pid })
      // Stale: move it aside (only one process wins the rename), and put it back if, meanwhile,
      // a live process had taken the lock.
      const aside = `${file}.stale.${process.pid}`
      try {
        renameSync(file, aside)
      } catch {
        continue
      }
      const taken = ownerOf(aside)
      if (taken !== undefined && taken !== pid && alive(taken)) {
        try {
          linkSync(aside, file)
        } catch {}
        rmSync(aside, { force: true })
        throw new DataFolderInUse({ folder, pid: taken })
      }
      rmSync(aside, { force: true })
    }
    throw new DataFolderInUse({ folder, pid: ownerOf(file) ?? -1 })
  } finally {
    rmSync(mine, { force: true })
  }
}
