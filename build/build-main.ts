// Bundles the Electron main process, the log store worker and the preload script with esbuild
// into dist/electron/ (main.cjs, store-worker.cjs, preload.cjs, plus the simulator images in images/), the files package.json's "main" and electron-builder package.
// Native and binary-asset modules stay external: electron-builder ships them in node_modules,
// rebuilt for Electron's ABI (serialport, better-sqlite3) or loading their own files (iced-x86).
//   npx tsx build/build-main.ts [--watch is deliberately not offered: no watch modes here]
import { build, type BuildOptions } from 'esbuild';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MAIN_OUT_DIR = join(ROOT, 'dist', 'electron');

/** Modules that must be loaded from node_modules at run time, never bundled. */
export const MAIN_EXTERNALS = [
  'electron',
  'serialport',
  '@serialport/*',
  'better-sqlite3',
  'iced-x86',
  'bufferutil',
  'utf-8-validate',
];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

/** The simulator's module images (PE + PDB) that the bundled simulator maps and serves as symbols. */
const SIMULATOR_IMAGES = join(ROOT, 'simulator', 'images');
const IMAGE_FILE = /\.(exe|dll|sys|pdb)$/i;

export async function buildMain(outDir = MAIN_OUT_DIR): Promise<void> {
  // simulator/module-images.ts looks for them in images/ next to the bundle that contains it.
  cpSync(SIMULATOR_IMAGES, join(outDir, 'images'), {
    recursive: true,
    filter: (source) => source === SIMULATOR_IMAGES || IMAGE_FILE.test(source),
  });
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'main.ts')],
      outfile: join(outDir, 'main.cjs'),
      external: MAIN_EXTERNALS,
      // ESM sources use import.meta.url to find files; in the CJS bundle it is rebuilt from __filename.
      define: { 'import.meta.url': '__hdsImportMetaUrl' },
      banner: { js: "const __hdsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
    // The log store's worker thread (store-backend.ts starts it next to main.cjs).
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'logs', 'store-worker.ts')],
      outfile: join(outDir, 'store-worker.cjs'),
      external: MAIN_EXTERNALS,
    }),
    // A sandboxed preload may only require('electron'): everything else is bundled in.
    build({
      ...common,
      entryPoints: [join(ROOT, 'electron', 'preload.ts')],
      outfile: join(outDir, 'preload.cjs'),
      external: ['electron'],
    }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildMain().then(
    () => process.stdout.write(`built ${join(MAIN_OUT_DIR, 'main.cjs')} and preload.cjs\n`),
    (error: unknown) => {
      process.stderr.write(`build-main: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
