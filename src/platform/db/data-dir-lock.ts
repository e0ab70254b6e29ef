import fs from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../startup-error.js';
import { ensureWritableDir } from '../storage/folders.js';

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * PGlite is a single-process database: two Gradins processes on one data folder would corrupt it. A lock
 * file holding the owner's process id keeps the second one out; a lock left by a dead process is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  await ensureWritableDir(dataDir);
  const lockPath = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await fs.readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new StartupError('database.pglite-in-use', {
          fr: `la base embarquée « ${dataDir} » est déjà utilisée par un autre processus Gradins (pid ${owner}). Arrêtez-le, ou donnez un autre dossier avec GRADINS_DATA_DIR.`,
          en: `the embedded database "${dataDir}" is already used by another Gradins process (pid ${owner}). Stop it, or give another folder with GRADINS_DATA_DIR.`,
        });
      }
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
