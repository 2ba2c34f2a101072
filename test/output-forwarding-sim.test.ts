/**
 * `output` end to end: an event bound with `output {NAME}` has its script messages written to a
 * file and sent to a TCP listener instead of the console, as HyperDbg's debugger does, while the
 * real session runs against the in-process simulated debuggee.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessSimulator } from '../electron/app/in-process-simulator';
import { createCommandSession, type CommandSession } from '../electron/app/wiring';

const SIGNATURE = '0.2.0-20250101.1200';
const SCRIPT_EVENT_TAG = 0x1000000n;

async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function listen(): Promise<{ port: number; received: () => string }> {
  let received = '';
  const peers: Socket[] = [];
  const server: Server = createServer((socket) => {
    peers.push(socket);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const peer of peers) peer.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, received: () => received };
}

async function simulatedSession(): Promise<{
  wired: CommandSession;
  run: (line: string) => Promise<string>;
  console: () => string;
}> {
  let output = '';
  const wired = createCommandSession({ signature: SIGNATURE, output: (text) => (output += text) });
  cleanups.push(async () => {
    wired.dispose();
    await wired.session.close().catch(() => undefined);
  });
  wired.session.attach(await inProcessSimulator({ cores: 2, rate: 200 })());
  await until(() => wired.session.state === 'running');
  await wired.session.pause(5000);
  const run = async (line: string) => {
    const before = output.length;
    const outcome = await wired.dispatcher.execute(line);
    expect(outcome.ok, `${line}: ${output.slice(before)}`).toBe(true);
    return output.slice(before);
  };
  return { wired, run, console: () => output };
}

describe('output forwarding against the simulated debuggee', () => {
  it('writes an event’s script messages to a file and a TCP peer, not the console', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hds-output-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'events.txt');
    const peer = await listen();
    const { wired, run, console } = await simulatedSession();

    await run(`output create ToFile file ${file}`);
    await run(`output create ToTcp tcp 127.0.0.1:${peer.port}`);
    await run('output open ToFile');
    await run('output open ToTcp');
    expect(await run('output')).toBe(
      '1  tcp         opened    \tToTcp\n' + '2  file        opened    \tToFile\n',
    );
    await run('!syscall script { printf("fwd %llx\\n", @rax); } output {ToFile, ToTcp}');
    const consoleBefore = console().length;

    await run('g');
    await until(
      () => (wired.events.get(SCRIPT_EVENT_TAG)?.outputMessages ?? 0) >= 3 && /fwd/.test(peer.received()),
    );
    await wired.session.pause(5000);

    const written = readFileSync(file, 'latin1');
    expect(written).toMatch(/^(fwd [0-9a-f]+\n)+$/);
    // Both sources get every message in order; TCP may still be in flight for the last ones.
    const sent = peer.received();
    expect(written.startsWith(sent) || sent.startsWith(written)).toBe(true);
    expect(console().slice(consoleBefore)).not.toContain('fwd ');
  });

  it('prints HyperDbg’s transfer error when the event’s only source is not open', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hds-output-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'never-opened.txt');
    const { wired, run, console } = await simulatedSession();

    await run(`output create Later file ${file}`);
    await run('!syscall script { printf("fwd %llx\\n", @rax); } output {Later}');
    await run('g');
    await until(() => (wired.events.get(SCRIPT_EVENT_TAG)?.outputMessages ?? 0) >= 2);
    await wired.session.pause(5000);

    expect(readFileSync(file, 'latin1')).toBe('');
    expect(console()).toContain('err, there was an error transferring the message to the remote sources\n');
    expect(console()).not.toContain('fwd ');
  });
});
