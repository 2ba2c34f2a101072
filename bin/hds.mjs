#!/usr/bin/env node
// Entry point of the `hds` command. The CLI is written in TypeScript; tsx's loader runs it
// directly so a clone works right after `npm install`, without a separate build step.
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../electron/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// A command returns only when it is finished and its session is closed. Exit explicitly once the
// output is flushed: serialport's native poller can outlive a closed port and keep Node alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
