import { readFileSync } from 'node:fs';

/**
 * One subcommand of `hds`. Each lives in its own module under electron/cli/commands/ and is
 * loaded only when invoked, so `hds --version` stays instant and a subcommand's heavy
 * dependencies (SQLite, serialport, the simulator) load only where they are used.
 */
export interface CliCommand {
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

type CommandLoader = () => Promise<{ command: CliCommand }>;

const commands: Record<string, CommandLoader> = {
  layouts: () => import('./commands/layouts'),
  'compile-script': () => import('./commands/compile-script'),
  sim: () => import('./commands/sim'),
  connect: () => import('./commands/connect'),
  encode: () => import('./commands/encode'),
  replay: () => import('./commands/replay'),
  start: () => import('./commands/start'),
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function printUsage(): Promise<void> {
  const lines = ['usage: hds <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(16)}${command.summary}`);
  }
  lines.push('', 'hds --version prints the version; hds <command> --help describes a command.');
  process.stdout.write(lines.join('\n') + '\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`hds ${packageVersion()} (HyperDbg Studio, protocol HyperDbg v0.23)\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printUsage();
    return name === undefined ? 1 : 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`hds: unknown command '${name}'; run 'hds --help' for the list of commands\n`);
    return 1;
  }
  const { command } = await load();
  return command.run(rest);
}
