// Finding the Electron binary the `electron` npm package installed (it may be missing: the
// package's postinstall download can be skipped or blocked, as on these build machines).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  let path: unknown;
  try {
    // In plain Node the package's main export is the path of the binary (from its path.txt).
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // The package's own wording ("failed to install correctly") hides the usual cause.
    const reason = /failed to install/i.test(message)
      ? 'node_modules/electron has no downloaded binary; `npm install` fetches it where the network allows'
      : message;
    return { found: false, reason };
  }
  if (typeof path !== 'string')
    return { found: false, reason: 'the electron package did not give a binary path' };
  if (!existsSync(path)) return { found: false, reason: `${path} does not exist` };
  return { found: true, path };
}
