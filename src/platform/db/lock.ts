import fs from 'node:fs'
import path from 'node:path'

export class DataFolderLockedError extends Error {
  constructor(
    public readonly pid: number,
    file: string,
  ) {
    super(`Lantern's data folder is in use by another process (pid ${pid}, ${file}). Stop that process first, or set LANTERN_DATA_DIR to another folder.`)
    this.name = 'DataFolderLockedError'
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite is single-process: two processes on one data folder would corrupt it. The holder writes its pid to
 * `lantern.pid`; another process refuses (exit code 3, CONTRACTS.md §3); a lock whose pid is dead is taken over.
 */
export function acquireDataFolderLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'lantern.pid')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' })
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
        } catch {
          // Already gone: nothing to release.
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(fs.readFileSync(file, 'utf8').trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataFolderLockedError(pid, file)
      // Stale (or unreadable) lock: remove it and try again; 'wx' makes the retake race-free.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not take the data folder lock ${file}`)
}
