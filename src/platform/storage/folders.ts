import fs from 'node:fs/promises';
import { StartupError } from '../startup-error.js';

/** Creates `dir` (and its parents) if needed and checks that it is a writable folder. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await fs.access(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'EIO';
    throw new StartupError(
      'storage.folder-unusable',
      {
        fr: `le dossier « ${dir} » n'est pas utilisable (${code}) : il doit être un dossier lisible et modifiable par l'utilisateur qui lance Gradins. Corrigez ses droits, ou choisissez un autre dossier avec GRADINS_DATA_DIR ou GRADINS_KEYS_DIR.`,
        en: `the folder "${dir}" cannot be used (${code}): it must be a folder the user running Gradins can read and write. Fix its permissions, or choose another folder with GRADINS_DATA_DIR or GRADINS_KEYS_DIR.`,
      },
      { cause },
    );
  }
}
