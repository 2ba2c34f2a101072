// Bundles the `hds` CLI into one CommonJS file that a Windows node.exe runs under Wine (tsx's
// esbuild binary does not start under Wine 8, so the TypeScript is compiled here, on Linux).
// Native and asset-loading modules stay external and load from node_modules at run time
// (serialport and better-sqlite3 ship win32-x64 prebuilds). The log store's worker thread is
// bundled beside it as store-worker.cjs, where the CJS bundle looks for it.
//   npx tsx build/wine/bundle-cli.ts OUTFILE
import { build, type BuildOptions } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_EXTERNALS } from '../build-main';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the CLI and its worker bundles share: CommonJS for node.exe, externals from node_modules. */
const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // esbuild and vite are reached only by `hds start`'s build steps, never by the smoke set.
  external: [...MAIN_EXTERNALS.filter((name) => name !== 'electron'), 'esbuild', 'vite'],
  // ESM sources use import.meta.url to find files; in the CJS bundle it is rebuilt from __filename.
  define: { 'import.meta.url': '__hdsImportMetaUrl' },
  banner: { js: "const __hdsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
};

export async function bundleCli(outfile: string): Promise<void> {
  await build({
    ...COMMON,
    stdin: {
      contents:
        "import { runCli } from './electron/cli/main';\n" +
        'void runCli(process.argv.slice(2)).then((code) =>\n' +
        "  process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),\n" +
        ');\n',
      resolveDir: ROOT,
      sourcefile: 'hds-wine-entry.ts',
      loader: 'ts',
    },
    outfile,
  });
  await build({
    ...COMMON,
    entryPoints: [join(ROOT, 'electron', 'logs', 'store-worker.ts')],
    outfile: join(dirname(outfile), 'store-worker.cjs'),
  });
}

const outfile = process.argv[2];
if (outfile === undefined) {
  process.stderr.write('usage: npx tsx build/wine/bundle-cli.ts OUTFILE\n');
  process.exitCode = 2;
} else {
  bundleCli(outfile).then(
    () => process.stdout.write(`bundled the hds CLI to ${outfile}\n`),
    (error: unknown) => {
      process.stderr.write(`bundle-cli: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
