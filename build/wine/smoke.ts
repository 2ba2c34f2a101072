// The Windows transports, run for real under Wine with a Windows node.exe: named pipes (a
// session, a missing pipe, a busy single-instance pipe), a COM port mapped to the simulator's
// pty, a missing COM port, and --list-ports. Called by build/wine/smoke.sh (the CI step), which
// prepares the Wine prefix, node.exe, the CLI bundle and the busy-pipe server, and passes:
//   NODE_EXE        Windows node.exe
//   HDS_BUNDLE      the bundled CLI (build/wine/bundle-cli.ts)
//   BUSY_PIPE_EXE   build/wine/busy-pipe.c built with mingw
//   WINEPREFIX      a prepared prefix (Windows 10 mode), with `wineserver -p` running
// Every process writes to files (node.exe cannot create stdio on a pipe to a Linux process) and
// every wait has a deadline. Exits non-zero on the first failed check.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SIGNATURE = '0.2.0-20250101.1200';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`smoke: ${name} is not set; run build/wine/smoke.sh`);
  return value;
}
const NODE_EXE = required('NODE_EXE');
const HDS_BUNDLE = required('HDS_BUNDLE');
const BUSY_PIPE_EXE = required('BUSY_PIPE_EXE');
const WINEPREFIX = required('WINEPREFIX');

const logs = mkdtempSync(join(tmpdir(), 'hds-wine-smoke-'));
const running = new Set<ChildProcess>();
let counter = 0;

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts a process with stdout+stderr into one file (read back with `output`). */
function start(command: string, args: string[], name: string): Started {
  const file = join(logs, `${++counter}-${name}.log`);
  const fd = openSync(file, 'w');
  const child = spawn(command, args, { stdio: ['pipe', fd, fd], cwd: ROOT });
  running.add(child);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      done(code);
    }),
  );
  return { child, output: () => readFileSync(file, 'latin1'), exited };
}

/** `hds ARGS` under Wine with the Windows node.exe. */
function hdsWindows(args: string[], name: string): Started {
  return start('wine', [NODE_EXE, HDS_BUNDLE, ...args], name);
}

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function finished(run: Started, what: string, timeoutMs: number): Promise<number | null> {
  const timer = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), timeoutMs));
  const outcome = await Promise.race([run.exited, timer]);
  if (outcome === 'timeout') {
    run.child.kill('SIGKILL');
    throw new Error(`${what} did not finish within ${timeoutMs} ms; output:\n${run.output()}`);
  }
  return outcome;
}

function check(condition: boolean, message: string, output: string): void {
  if (!condition) throw new Error(`${message}\n--- output ---\n${output}`);
}

const scenarios: Array<[string, () => Promise<void>]> = [
  [
    'pipe: hds sim --listen pipe + hds connect pipe (pause, r, an event, g, pause, close, stored log)',
    async () => {
      const pipe = '\\\\.\\pipe\\hds_smoke_session';
      const sim = hdsWindows(['sim', '--listen', `pipe:${pipe}`, '--rate', '20'], 'sim-pipe');
      await until('the simulator to listen on the pipe', () => sim.output().includes('listening'), 60_000);
      // The !cpuid event's script prints on every hit while the debuggee runs: log rows to store.
      const exec = [
        'r',
        '!cpuid script { printf("hit %x\\n", @eax); }',
        'events',
        'g',
        'sleep 1000',
        'pause',
        'r rip',
      ].flatMap((command) => ['--exec', command]);
      const run = hdsWindows(['connect', `pipe:${pipe}`, '--signature', SIGNATURE, ...exec], 'connect-pipe');
      const code = await finished(run, 'hds connect over the pipe', 90_000);
      const out = run.output();
      check(code === 0, `hds connect exited ${code}`, out);
      for (const expected of [
        'connected to debuggee',
        'RAX=',
        'debuggee is running...',
        'pausing...',
        'unloading debugger vmm module on debuggee...',
      ]) {
        check(out.includes(expected), `missing '${expected}'`, out);
      }
      sim.child.kill();
      await finished(sim, 'the pipe simulator', 20_000).catch(() => undefined);
      // The session's log went through the store's worker thread into better-sqlite3's Windows
      // binary and is listed afterwards.
      const list = hdsWindows(['logs', 'list', '--json'], 'logs-list');
      const listed = await finished(list, 'hds logs list', 60_000);
      const sessions =
        listed === 0 ? (JSON.parse(list.output()) as { endpoint: string; rows: number }[]) : [];
      check(
        sessions.some((session) => session.endpoint.includes('hds_smoke_session') && session.rows > 0),
        'the pipe session has no stored log rows',
        list.output(),
      );
    },
  ],
  [
    'pipe: a missing pipe fails at once with the project message',
    async () => {
      const run = hdsWindows(
        ['connect', 'pipe:\\\\.\\pipe\\hds_smoke_missing', '--signature', SIGNATURE],
        'missing-pipe',
      );
      const started = Date.now();
      const code = await finished(run, 'connect to a missing pipe', 30_000);
      const out = run.output();
      check(code === 1, `exit code ${code}`, out);
      check(
        out.includes('err, the named pipe \\\\.\\pipe\\hds_smoke_missing does not exist'),
        'wrong message',
        out,
      );
      check(!/^\s+at /m.test(out), 'a stack trace was printed', out);
      process.stdout.write(`    (answered in ${Date.now() - started} ms including Wine start-up)\n`);
    },
  ],
  [
    'pipe: a busy single-instance pipe is reported busy, not "VM not running"',
    async () => {
      const pipe = '\\\\.\\pipe\\hds_smoke_busy';
      const server = start('wine', [BUSY_PIPE_EXE, pipe], 'busy-pipe-server');
      await until('the single-instance pipe server', () => server.output().includes('READY'), 60_000);
      // The first debugger takes the only instance (and waits for a handshake that never comes).
      const first = hdsWindows(
        ['connect', `pipe:${pipe}`, '--signature', SIGNATURE, '--timeout', '120'],
        'busy-first',
      );
      await until('the first client to hold the pipe', () => server.output().includes('CONNECTED'), 60_000);
      const second = hdsWindows(['connect', `pipe:${pipe}`, '--signature', SIGNATURE], 'busy-second');
      const code = await finished(second, 'the second connect to the busy pipe', 30_000);
      const out = second.output();
      check(code === 1, `exit code ${code}`, out);
      check(out.includes(`err, pipe:${pipe} is busy: another debugger`), 'not reported as busy', out);
      check(!out.includes('is the virtual machine running'), 'blamed the VM', out);
      first.child.kill();
      server.child.stdin?.end('stop\n');
      await finished(server, 'the busy-pipe server', 20_000).catch(() => server.child.kill('SIGKILL'));
      await finished(first, 'the first client', 20_000).catch(() => undefined);
    },
  ],
  [
    'COM: serial:COM7 mapped through dosdevices to the simulator pty',
    async () => {
      // The simulator runs on Linux; its pty slave becomes COM7 for Windows programs under Wine.
      const sim = start(
        process.execPath,
        [join(ROOT, 'bin', 'hds.mjs'), 'sim', '--listen', 'pty', '--rate', '20'],
        'sim-pty',
      );
      await until('the pty simulator', () => /listening on (\/dev\/pts\/\d+)/.test(sim.output()), 60_000);
      const pty = /listening on (\/dev\/pts\/\d+)/.exec(sim.output())![1];
      const link = join(WINEPREFIX, 'dosdevices', 'com7');
      rmSync(link, { force: true });
      symlinkSync(pty, link);
      const run = hdsWindows(
        ['connect', 'serial:COM7@115200', '--signature', SIGNATURE, '--exec', 'r'],
        'connect-com',
      );
      const code = await finished(run, 'hds connect over COM7', 90_000);
      const out = run.output();
      check(code === 0, `exit code ${code}`, out);
      check(out.includes('connected to debuggee') && out.includes('RAX='), 'no session over COM7', out);
      rmSync(link, { force: true });
      sim.child.kill();
      await finished(sim, 'the pty simulator', 20_000).catch(() => undefined);
    },
  ],
  [
    'COM: a missing COM port fails with the project message',
    async () => {
      rmSync(join(WINEPREFIX, 'dosdevices', 'com9'), { force: true });
      const run = hdsWindows(['connect', 'serial:COM9@115200', '--signature', SIGNATURE], 'missing-com');
      const code = await finished(run, 'connect to a missing COM port', 30_000);
      const out = run.output();
      check(code === 1, `exit code ${code}`, out);
      check(/err, (serial port COM9 does not exist|cannot open serial:COM9)/.test(out), 'wrong message', out);
      check(!/^\s+at /m.test(out), 'a stack trace was printed', out);
    },
  ],
  [
    '--list-ports lists a registered COM port',
    async () => {
      // A device of the Ports class with its COM name, as a USB serial adapter's driver registers it.
      const key = 'HKLM\\System\\CurrentControlSet\\Enum\\FTDIBUS\\HDS_SMOKE_PORT\\0000';
      const reg = (args: string[], name: string) =>
        finished(start('wine', ['reg', 'add', ...args], name), 'wine reg add', 60_000);
      await reg(
        [key, '/v', 'ClassGUID', '/t', 'REG_SZ', '/d', '{4D36E978-E325-11CE-BFC1-08002BE10318}', '/f'],
        'reg-class',
      );
      await reg(
        [key, '/v', 'FriendlyName', '/t', 'REG_SZ', '/d', 'HDS Smoke Serial (COM3)', '/f'],
        'reg-name',
      );
      // The binding copies the manufacturer into a std::string without a null check (a page fault
      // under Wine when it is missing), so the device needs one.
      await reg([key, '/v', 'Mfg', '/t', 'REG_SZ', '/d', 'HDS smoke test', '/f'], 'reg-mfg');
      await reg(
        [`${key}\\Device Parameters`, '/v', 'PortName', '/t', 'REG_SZ', '/d', 'COM3', '/f'],
        'reg-port',
      );
      const run = hdsWindows(['connect', '--list-ports'], 'list-ports');
      const code = await finished(run, 'hds connect --list-ports', 60_000);
      const out = run.output();
      check(code === 0, `exit code ${code}`, out);
      check(out.includes('COM3'), 'COM3 not listed', out);
    },
  ],
];

async function main(): Promise<number> {
  let failed = 0;
  for (const [name, run] of scenarios) {
    const started = Date.now();
    try {
      await run();
      process.stdout.write(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      failed++;
      process.stdout.write(`FAIL ${name}\n${error instanceof Error ? error.message : String(error)}\n`);
    }
    for (const child of running) child.kill('SIGKILL');
  }
  process.stdout.write(
    `${scenarios.length - failed}/${scenarios.length} Wine smoke scenarios passed (logs in ${logs})\n`,
  );
  return failed === 0 ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
