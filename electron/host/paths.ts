// Where the host finds the built renderer and keeps per-user data.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository (or packaged app) root: this file lives in electron/host/. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const RENDERER_DIST_DIR = join(PROJECT_ROOT, 'dist', 'renderer');

/** Per-user folder for settings, layouts and exports (same place Electron's userData uses). */
export function userDataFolder(): string {
  if (process.env.HDS_DATA_DIR) return process.env.HDS_DATA_DIR;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'HyperDbg Studio');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'HyperDbg Studio');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'HyperDbg Studio');
}
