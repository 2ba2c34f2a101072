// Where the host finds the built renderer and keeps per-user data.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Repository (or packaged app) root: the nearest folder above this code holding package.json.
 * Found by walking up, not by a fixed '../..', because this file runs from three depths: the
 * sources (electron/host/), the CLI bundle's chunks (dist/cli/chunks/) and main.cjs (dist/electron/).
 * A bundle copied somewhere without a package.json above it keeps the sources' two levels.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return resolve(from, '..', '..');
}

export const PROJECT_ROOT = findProjectRoot(fileURLToPath(new URL('.', import.meta.url)));
export const RENDERER_DIST_DIR = join(PROJECT_ROOT, 'dist', 'renderer');

/** The version `hds --version` and the MCP server report: the package's own. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Per-user folder for settings, layouts and exports (same place Electron's userData uses). */
export function userDataFolder(): string {
  if (process.env.HDS_DATA_DIR) return process.env.HDS_DATA_DIR;
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'HyperDbg Studio');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'HyperDbg Studio');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'HyperDbg Studio');
}
