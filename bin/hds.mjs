#!/usr/bin/env node
// Entry point of the `hds` command. The CLI is written in TypeScript; tsx's loader runs it
// directly so a clone works right after `npm install`, without a separate build step.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// tsx keeps its compile cache in the temp folder and throws a raw stack trace when that folder
// is unusable; run without the cache then, and say which folder is at fault.
try {
  mkdirSync(join(tmpdir(), `tsx-${process.getuid?.() ?? 'user'}`), { recursive: true });
} catch (error) {
  process.env.TSX_DISABLE_CACHE = '1';
  process.stderr.write(
    `hds: the temp folder ${tmpdir()} is not usable (${error.code ?? error.message}); running without the compile cache. ` +
      'Set TMPDIR (TEMP on Windows) to a writable folder.\n',
  );
}
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../electron/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// A command returns only when it is finished and its session is closed. Exit explicitly once the
// output is flushed: serialport's native poller can outlive a closed port and keep Node alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
