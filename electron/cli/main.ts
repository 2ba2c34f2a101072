import { packageVersion } from '../host/paths';
import { describeSystemError } from '../transport/system-errors';

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
  logs: () => import('./commands/logs'),
  encode: () => import('./commands/encode'),
  replay: () => import('./commands/replay'),
  start: () => import('./commands/start'),
  mcp: () => import('./commands/mcp'),
};

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
  try {
    const { command } = await load();
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`hds ${name}: ${failureText(error)}\n`);
    return 1;
  }
}

/**
 * What a failed command prints: machine errors as one sentence naming the path or port, anything
 * else (a bug) as its message; the stack only with HDS_DEBUG=1.
 */
export function failureText(error: unknown): string {
  const system = describeSystemError(error);
  if (system !== null) return system;
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.HDS_DEBUG === '1' && error instanceof Error && error.stack) return error.stack;
  return `${message} (unexpected; run again with HDS_DEBUG=1 to see where it happened, and report it)`;
}
