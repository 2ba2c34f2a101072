import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command, connectCommandLine } from './sim';

const HDS = fileURLToPath(new URL('../../../bin/hds.mjs', import.meta.url));
/** a signature other than the default, so a line that leaves it out cannot connect */
const SIGNATURE = '0.2.0-20240607.0930';

let stderr = '';
afterEach(() => {
  vi.restoreAllMocks();
  stderr = '';
});

function captureStderr(): void {
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
}

describe('hds sim', () => {
  it('refuses bad options with a message that says what to do', async () => {
    captureStderr();
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--rate', 'fast'])).toBe(2);
    expect(stderr).toContain("err, --rate expects an integer >= 0, got 'fast'");
    stderr = '';
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--signature', '0.23.0'])).toBe(2);
    expect(stderr).toContain("'0.23.0' is not a HyperDbg build signature");
    stderr = '';
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--faults', 'explode=1'])).toBe(2);
    expect(stderr).toContain("'explode=1' is not a fault");
    stderr = '';
    expect(await command.run(['--listen', 'tcp:127.0.0.1:0', '--pace', '-1'])).toBe(2);
    expect(stderr).toContain("err, --pace expects a number >= 0 (0 = no delay, 1 = default), got '-1'");
    stderr = '';
    expect(await command.run(['--seed', '1'])).toBe(2);
    expect(stderr).toContain('--listen is required');
  });

  it('rejects an endpoint it cannot serve', async () => {
    captureStderr();
    expect(await command.run(['--listen', 'com2'])).toBe(1);
    expect(stderr).toContain("'com2' is not an endpoint");
  });
});

describe('hds sim: the printed connect line', () => {
  it('names the endpoint, the signature and the symbol path for every endpoint kind', () => {
    const SYMBOLS = '/opt/hds/images';
    const tail = `--signature ${SIGNATURE} --sympath ${SYMBOLS}`;
    const line = (kind: 'tcp' | 'unix' | 'pty', address: string, platform: NodeJS.Platform = 'linux') =>
      connectCommandLine(
        kind === 'tcp'
          ? { kind, host: '127.0.0.1', port: 0 }
          : kind === 'unix'
            ? { kind, path: address.slice(5) }
            : { kind },
        address,
        SIGNATURE,
        SYMBOLS,
        platform,
      );
    expect(line('tcp', 'tcp:127.0.0.1:50001')).toBe(`hds connect tcp:127.0.0.1:50001 ${tail}`);
    expect(line('unix', 'unix:/tmp/hd.sock')).toBe(`hds connect unix:/tmp/hd.sock ${tail}`);
    expect(line('pty', '/dev/pts/4')).toBe(`hds connect serial:/dev/pts/4@115200 ${tail}`);
    expect(line('unix', "unix:/tmp/it's here.sock")).toBe(
      `hds connect 'unix:/tmp/it'\\''s here.sock' ${tail}`,
    );
    expect(
      connectCommandLine(
        { kind: 'pipe', path: '\\\\.\\pipe\\hd' },
        'pipe:\\\\.\\pipe\\hd',
        SIGNATURE,
        'C:\\hds\\simulator images',
        'win32',
      ),
    ).toBe(`hds connect pipe:\\\\.\\pipe\\hd --signature ${SIGNATURE} --sympath "C:\\hds\\simulator images"`);
    expect(line('unix', 'unix:C:\\my dir\\hd.sock', 'win32')).toBe(
      `hds connect "unix:C:\\my dir\\hd.sock" ${tail}`,
    );
  });

  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
  });

  /** Starts `hds sim` as its own process and returns the connect line it prints. */
  async function startSim(listen: string): Promise<string> {
    const child = spawn(process.execPath, [HDS, 'sim', '--listen', listen, '--signature', SIGNATURE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /connect with: (.*)\n/.exec(output);
        if (match) resolve(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`hds sim exited (${code}): ${output}`)));
    });
  }

  /**
   * Runs the printed line in a POSIX shell, with `hds` being this checkout's bin/hds.mjs, until
   * the session has closed. `exited` tells whether the process also ended by itself within 3 s.
   */
  function runAsPrinted(
    line: string,
  ): Promise<{ exited: boolean; code: number | null; stdout: string; stderr: string }> {
    const script = `hds() { "${process.execPath}" "${HDS}" "$@"; }; ${line} --timeout 20 --exec 'r rip' --exec 'x nt!ExAllocatePoolWithTag'`;
    const shell = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => {
      const giveUp = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), 40_000);
      let sessionClosed: NodeJS.Timeout | undefined;
      shell.stdout.on('data', () => {
        if (sessionClosed || !stdout.includes('unloading debugger vmm module')) return;
        sessionClosed = setTimeout(() => {
          clearTimeout(giveUp);
          process.kill(-shell.pid!, 'SIGKILL');
          resolve({ exited: false, code: null, stdout, stderr });
        }, 3000);
      });
      shell.once('exit', (code) => {
        clearTimeout(giveUp);
        clearTimeout(sessionClosed);
        resolve({ exited: true, code, stdout, stderr });
      });
    });
  }

  const kinds = [
    { name: 'tcp', listen: () => 'tcp:127.0.0.1:0', expected: /^hds connect tcp:127\.0\.0\.1:\d+ / },
    {
      name: 'unix (a path that needs quoting)',
      listen: (dir: string) => `unix:${dir}/hds sim.sock`,
      expected: /^hds connect 'unix:.*\/hds sim\.sock' /,
    },
    ...(process.platform === 'linux'
      ? [
          {
            name: 'pty',
            listen: () => 'pty',
            expected: /^hds connect serial:\/dev\/pts\/\d+@115200 /,
          },
        ]
      : []),
  ];
  for (const kind of kinds) {
    it(`works as printed: ${kind.name}`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hds-sim-'));
      try {
        const line = await startSim(kind.listen(dir));
        expect(line).toMatch(kind.expected);
        expect(line).toContain(`--signature ${SIGNATURE} --sympath `);
        const result = await runAsPrinted(line);
        // The only thing on stderr is where the session's log archive went; no warning, no error.
        expect(result.stderr).toMatch(/^logging this session to \S+\.sqlite \(.*\)\n$/);
        expect(result.stdout).toMatch(/^rip=fffff801[0-9a-f`]+$/m);
        // The printed symbol path serves the simulated modules' PDBs: nt! names resolve.
        expect(result.stdout).toMatch(/^fffff801[0-9a-f`]+ +nt!ExAllocatePoolWithTag$/m);
        expect(result.stdout).toContain('unloading debugger vmm module on debuggee...');
        expect(result).toMatchObject({ exited: true, code: 0 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
