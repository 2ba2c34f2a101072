#!/usr/bin/env node
// Entry point of the `hds` command. The CLI is written in TypeScript; tsx's loader runs it
// directly so a clone works right after `npm install`, without a separate build step.
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
