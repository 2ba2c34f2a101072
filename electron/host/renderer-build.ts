// `hds start` builds the renderer when dist/renderer is missing or older than its sources, so a
// fresh clone starts with one command.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, RENDERER_DIST_DIR } from './paths';

/** Inputs of the renderer build: its own sources, the shared code it imports, and the config. */
const RENDERER_INPUTS = ['renderer', 'shared', 'vite.config.ts', 'package.json'];

/** Newest modification time of a file or of any file under a folder (ms). */
export function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestModification(join(path, entry.name)));
  }
  return newest;
}

/** Why the renderer needs a build, or null when dist/renderer is current. */
export function rendererBuildReason(root = PROJECT_ROOT, distDir = RENDERER_DIST_DIR): string | null {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return `${index} is missing`;
  const builtAt = statSync(index).mtimeMs;
  const sourcesAt = Math.max(...RENDERER_INPUTS.map((input) => newestModification(join(root, input))));
  return sourcesAt > builtAt ? 'the renderer sources changed since the last build' : null;
}

/** Runs `vite build` (its own process, output shown); resolves with its exit code. */
export function buildRenderer(root = PROJECT_ROOT): Promise<number> {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
