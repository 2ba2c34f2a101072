// Bundles the `hds` CLI into dist/cli/hds.mjs with esbuild, so `hds` starts without compiling
// TypeScript (bin/hds.mjs runs the bundle while it is newer than every source it was built from,
// and the sources through tsx otherwise). dist/cli/inputs.json lists those sources.
// Run by `npm install` (prepare) and `npm run build:cli`; a failure never fails the install:
// hds then simply keeps running through tsx.
//   npx tsx build/build-cli.ts
import { build } from 'esbuild';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_EXTERNALS } from './build-main';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');
const SIMULATOR_IMAGES = join(ROOT, 'simulator', 'images');
const IMAGE_FILE = /\.(exe|dll|sys|pdb)$/i;

export async function buildCli(outDir = CLI_OUT_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  // `hds sim` maps the simulated modules from images/ next to the code that loads them (a chunk)
  cpSync(SIMULATOR_IMAGES, join(outDir, 'chunks', 'images'), {
    recursive: true,
    filter: (source) => source === SIMULATOR_IMAGES || IMAGE_FILE.test(source),
  });
  const result = await build({
    entryPoints: [join(ROOT, 'electron', 'cli', 'bin.ts')],
    outdir: outDir,
    entryNames: 'hds',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    // one small entry; each subcommand's code is a chunk loaded when that subcommand runs
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    // esbuild and vite are only reached by `hds start`'s build steps
    external: [...MAIN_EXTERNALS.filter((name) => name !== 'electron'), 'electron', 'esbuild', 'vite', 'tsx'],
    // CommonJS dependencies bundled into ESM chunks may call require()
    banner: {
      js: "import { createRequire as __hdsCreateRequire } from 'node:module'; const require = __hdsCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  // the log store's worker thread, started by store-backend.ts next to the chunk that contains it
  const worker = await build({
    entryPoints: [join(ROOT, 'electron', 'logs', 'store-worker.ts')],
    outfile: join(outDir, 'chunks', 'store-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire as __hdsCreateRequire } from 'node:module'; const require = __hdsCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...Object.keys(worker.metafile.inputs)].filter(
    (file, i, all) => !file.includes('node_modules') && all.indexOf(file) === i,
  );
  writeFileSync(join(outDir, 'inputs.json'), JSON.stringify(inputs));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildCli().then(
    () => process.stdout.write(`built ${join(CLI_OUT_DIR, 'hds.mjs')}\n`),
    (error: unknown) => {
      process.stderr.write(
        `build-cli: ${error instanceof Error ? error.message : String(error)} (hds keeps running through tsx)\n`,
      );
    },
  );
}
