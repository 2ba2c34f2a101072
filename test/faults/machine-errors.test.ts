// Fault injection: errors of the machine (bad paths, a full disk, a taken port, a stale socket,
// an unusable temp folder). Each must end in one clear sentence naming the path or port, with no
// stack trace, and leave nothing running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureText } from '../../electron/cli/main';
import { startBrowserHost } from '../../electron/host/browser-host';
import { fakeBackend } from '../../electron/host/testing/fake-backend';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'hds-faults-machine-'));
const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const STACK_LINE = /^\s+at .+[:(]\d+/m;

function hds(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/hds.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A folder on a 64 KiB tmpfs when this runs as root and may mount (CI containers usually may);
 * otherwise /dev/full, whose every write fails with ENOSPC exactly like a full disk.
 */
function fullDiskTarget(): { file: string; kind: 'tmpfs' | '/dev/full' } {
  const mountPoint = path.join(dir, 'small');
  mkdirSync(mountPoint);
  if (process.getuid?.() === 0) {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    if (mounted.status === 0) {
      cleanups.push(() => void spawnSync('umount', [mountPoint]));
      // Leave a few KiB free, so the disk fills during the session rather than at its first line.
      writeFileSync(path.join(mountPoint, 'filler'), Buffer.alloc(56 * 1024));
      return { file: path.join(mountPoint, 'session.trace'), kind: 'tmpfs' };
    }
  }
  return { file: '/dev/full', kind: '/dev/full' };
}

describe('fault: --record to a path that cannot be written', () => {
  it('refuses before connecting, names the path, and prints no stack', () => {
    const target = path.join(dir, 'no-such-folder', 'x.trace');
    const run = hds(['connect', 'sim', '--record', target, '--exec', 'r']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`err, cannot record to ${target}: ${target} does not exist`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).not.toContain('connected to debuggee');
  });
});

describe('fault: the disk fills up under --record', () => {
  it('stops the recording with a warning naming the file; the session runs to its end and closes', () => {
    const { file, kind } = fullDiskTarget();
    // Enough traffic to overflow 64 KiB: every register read and a module list, three times over.
    const exec = ['r', 'lm', 'r', 'lm', 'r', 'lm'].flatMap((command) => ['--exec', command]);
    const run = hds(['connect', 'sim', '--record', file, ...exec]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`[warning] recording to ${file} stopped: the disk holding ${file} is full`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stdout).toContain('unloading debugger vmm module on debuggee...');
    if (kind === 'tmpfs') {
      // What was written before the disk filled is a readable trace prefix.
      expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^\{"hdsTrace":1,/);
    }
  });
});

describe('fault: a taken port for hds start', () => {
  it('rejects with a sentence naming the port and releases the host', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => void busy.close());
    const port = (busy.address() as { port: number }).port;
    const { backend } = fakeBackend();
    let disconnected = false;
    const error = await startBrowserHost({
      port,
      dataDir: dir,
      backend: {
        ...backend,
        disconnect: async () => ((disconnected = true), { ok: true, message: null }),
      },
    }).catch((failure: unknown) => failure);
    expect(failureText(error)).toBe(
      `port ${port} on 127.0.0.1 is already in use by another program; stop it or choose another port`,
    );
    expect(disconnected).toBe(true);
  });
});

describe('fault: a stale unix socket for hds sim', () => {
  it('removes a socket file nobody listens on, says so, and serves', async () => {
    const socketPath = path.join(dir, 'stale.sock');
    // A process that dies leaves its socket file behind.
    const died = spawnSync('python3', [
      '-c',
      'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])',
      socketPath,
    ]);
    expect(died.status).toBe(0);
    expect(existsSync(socketPath)).toBe(true);

    const child = spawn(process.execPath, [
      path.join(root, 'bin/hds.mjs'),
      'sim',
      '--listen',
      `unix:${socketPath}`,
    ]);
    cleanups.push(() => void child.kill());
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('listening') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr).toContain(
      `hds: removing the stale socket file ${socketPath} (nothing was listening on it)`,
    );
    expect(stdout).toContain(`simulated debuggee listening on unix:${socketPath}`);

    // A second simulator on the same, now live, socket is refused with the path named.
    const second = hds(['sim', '--listen', `unix:${socketPath}`]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`err, another program is already listening on unix:${socketPath}`);
    expect(second.stderr).not.toMatch(STACK_LINE);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(socketPath)).toBe(false);
  });
});

describe('fault: the temp folder is not usable', () => {
  // Only the run from sources needs the temp folder (tsx's compile cache); the bundle does not.
  it('still runs hds from the sources, and names the folder to fix', () => {
    const notAFolder = path.join(dir, 'a-file');
    writeFileSync(notAFolder, '');
    const env = { TMPDIR: notAFolder, TEMP: notAFolder, TMP: notAFolder, HDS_FROM_SOURCES: '1' };
    const run = hds(['--version'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^hds \d+\.\d+\.\d+/);
    expect(run.stderr).toContain(`hds: the temp folder ${notAFolder} is not usable (ENOTDIR)`);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
