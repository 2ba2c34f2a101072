// The simulated debuggee in a process of its own (`hds sim` on loopback tcp), as a VM or a second
// machine would be: benchmarks that measure the debugger side connect to it over the link, so
// the simulator's CPU never counts against the process being measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../build/build-cli';

export const HDS_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'hds.mjs');

export interface SimProcess {
  /** The endpoint to connect to, e.g. `tcp:127.0.0.1:40123`. */
  readonly address: string;
  /** The simulator's build signature (what `hds connect` / `session:connect` must send). */
  readonly signature: string;
  readonly child: ChildProcess;
  /** CPU time the simulator process has used so far (ms; Linux /proc, NaN elsewhere). */
  cpuMs(): number;
  /** Ends the simulator (SIGTERM, then SIGKILL after a second) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Kills `child` if this process exits first (a bench whose watchdog ended the run must not leave
 * a simulator or a connected `hds` behind); the returned function forgets it.
 */
export function killedOnExit(child: ChildProcess): () => void {
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  return () => process.off('exit', kill);
}

/** User + system CPU time of a process (ms), from /proc/PID/stat (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  try {
    // the fields after the command name, which is in parentheses and may hold spaces
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

let bundled: Promise<void> | undefined;

/**
 * Starts `hds sim --listen tcp:127.0.0.1:0` with `args` and waits until it listens. The CLI bundle
 * is rebuilt first (once per run): `hds` runs it as a user would, where stale sources would make it
 * run the much slower TypeScript sources instead.
 */
export async function startSimProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<SimProcess> {
  await (bundled ??= buildCli());
  const child = spawn(process.execPath, [HDS_BIN, 'sim', '--listen', 'tcp:127.0.0.1:0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const forget = killedOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    forget();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    const { address, signature } = await new Promise<{ address: string; signature: string }>(
      (resolve, reject) => {
        let seen = '';
        child.stdout!.on('data', (data: Buffer) => {
          seen += data.toString();
          const match = /listening on (tcp:\S+)\n\s+signature (\S+),/.exec(seen);
          if (match) resolve({ address: match[1]!, signature: match[2]! });
        });
        child.once('exit', (code) => reject(new Error(`hds sim exited (${code}) before listening: ${seen}`)));
      },
    );
    return { address, signature, child, stop, cpuMs: () => processCpuMs(child.pid!) };
  } catch (error) {
    await stop();
    throw error;
  }
}
