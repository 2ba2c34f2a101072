import { runCli } from './main';

// Runs `hds` with the process's arguments: the entry of the bundle (dist/cli/hds.mjs) and, through
// tsx, of bin/hds.mjs. A command returns only when it is finished and its session is closed. Exit
// explicitly once the output is flushed: serialport's native poller can outlive a closed port and
// keep Node alive.
const code = await runCli(process.argv.slice(2));
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
