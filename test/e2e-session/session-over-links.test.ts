import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { listenSimulator, type ListenEndpoint } from '../../simulator/endpoints';
import { parseEndpoint } from '../../shared/endpoint';
import { openTransport, type ByteTransport, type TransportError } from '../../electron/transport/transport';
import { createCommandSession, type CommandSession } from '../../electron/app/wiring';

/**
 * End to end: the session core and command layer against the simulated debuggee over real
 * byte streams (tcp, unix socket, and a pty opened through the serial-port path). Every frame
 * the debugger sends is decoded again here, so the tests assert what went on the wire.
 */
const SIGNATURE = '0.2.0-20250101.1200';
const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The simulator behind a real link, as `hds sim --listen` serves it; returns its address. */
async function serveSimulator(endpoint: ListenEndpoint): Promise<string> {
  const server = await listenSimulator(endpoint, { signature: SIGNATURE, rate: 0, handshakeRetryMs: 200 });
  cleanups.push(() => server.close());
  return server.address;
}

interface Connected {
  wired: CommandSession;
  output: () => string;
  sent: Frame[];
}

async function connect(endpointText: string): Promise<Connected> {
  const endpoint = parseEndpoint(endpointText);
  if (!endpoint.ok) throw new Error(endpoint.error);
  const raw = await openTransport(endpoint.endpoint);
  const sent: Frame[] = [];
  const decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  const transport: ByteTransport = {
    ...raw,
    write: (bytes) => {
      sent.push(...decoder.push(bytes));
      return raw.write(bytes);
    },
  };
  let text = '';
  const wired = createCommandSession({ signature: SIGNATURE, output: (t) => (text += t) });
  cleanups.push(async () => {
    if (wired.session.state === 'paused' || wired.session.state === 'running') await wired.session.close();
    else await wired.session.detach();
  });
  wired.session.attach(transport);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake; output so far: ${text}`)), 10_000);
    const off = wired.session.on('state', ({ state }) => {
      if (state === 'running') {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
  return { wired, output: () => text, sent };
}

const actions = (frames: Frame[]): string[] => frames.map((f) => `t${f.packetType}a${f.action}`);

async function exerciseSession(c: Connected): Promise<void> {
  const { wired, sent } = c;
  expect(actions(sent)).toEqual(['t2a3']);
  expect(Buffer.from(sent[0]!.payload).toString('latin1')).toBe(`${SIGNATURE}\0`);

  const context = await wired.session.pause(5000);
  expect(context.reasonName).toBe('REQUEST_FROM_DEBUGGER');
  expect(c.output()).toContain(context.instruction!.formatted);

  const run = async (line: string): Promise<void> => {
    const outcome = await wired.dispatcher.execute(line);
    expect(outcome, `${line}\n${c.output()}`).toEqual({ ok: true });
  };
  let mark = sent.length;
  const since = (): string[] => {
    const list = actions(sent.slice(mark));
    mark = sent.length;
    return list;
  };
  since();

  await run('r');
  expect(since()).toEqual(['t1a21']);
  expect(c.output()).toMatch(/RIP=[0-9a-f]{16} RSP=/);

  await run('db @rsp l 20');
  expect(since()).toEqual(['t1a15', 't1a22']);

  await run('u @rip l 10');
  expect(since()).toEqual(['t1a15', 't1a22']);

  await run('t');
  expect(since()).toEqual(['t1a5']);
  expect(wired.session.pausedContext?.reasonName).toBe('DEBUGGEE_STEPPED');

  await run('~ 1');
  expect(since()).toEqual(['t1a8']);
  expect(wired.session.currentCore).toBe(1);
  expect(c.output()).toContain('current operating core changed to 0x1\n');

  await run('bl');
  expect(since()).toEqual(['t1a25']);

  await run('!msrwrite c0000082');
  expect(since()).toEqual(['t1a18', 't1a19']);
  expect(wired.events.list()).toHaveLength(1);

  await run('test pool');
  expect(since()).toEqual(['t1a12']);
  expect(wired.pools.snapshot().source).toBe('test pool');

  await run('prealloc regular-event 2');
  expect(since()).toEqual(['t1a12', 't1a16', 't1a12']);
  expect(wired.session.pausedContext?.reasonName).toBe('COMMAND_EXECUTION_FINISHED');

  const bad = await wired.dispatcher.execute('eb 1000 1234');
  expect(bad.ok).toBe(false);
  expect(since()).toEqual([]);

  await run('.debug close');
  expect(since()).toEqual(['t1a7', 't2a2']);
}

describe('session against the simulator', () => {
  it('over tcp', async () => {
    await exerciseSession(await connect(await serveSimulator({ kind: 'tcp', host: '127.0.0.1', port: 0 })));
  }, 30_000);

  it('over a unix socket', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-e2e-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, 'debuggee.sock');
    await exerciseSession(await connect(await serveSimulator({ kind: 'unix', path: socketPath })));
  }, 30_000);

  it('over a pty through the serial-port path', async () => {
    const ptyPath = await serveSimulator({ kind: 'pty' });
    await exerciseSession(await connect(`serial:${ptyPath}@115200`));
  }, 30_000);

  it('reports a busy serial port (already opened by someone else)', async () => {
    const ptyPath = await serveSimulator({ kind: 'pty' });
    const endpoint = parseEndpoint(`serial:${ptyPath}@115200`);
    if (!endpoint.ok) throw new Error(endpoint.error);
    const first = await openTransport(endpoint.endpoint);
    cleanups.push(() => first.close());
    await expect(openTransport(endpoint.endpoint)).rejects.toThrow(/is busy; close the other program/);
  }, 30_000);

  it.each(['unix', 'tcp'] as const)(
    'reports a %s simulator that already serves a debugger as busy, and connects once that one left',
    async (kind) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'hds-busy-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const address = await serveSimulator(
        kind === 'unix'
          ? { kind, path: path.join(dir, 'serial.sock') }
          : { kind, host: '127.0.0.1', port: 0 },
      );
      const endpoint = parseEndpoint(address);
      if (!endpoint.ok) throw new Error(endpoint.error);
      const first = await openTransport(endpoint.endpoint);
      const error = await openTransport(endpoint.endpoint).then(
        () => undefined,
        (e: unknown) => e as TransportError,
      );
      expect(error?.kind).toBe('busy');
      expect(error?.message).toBe(
        `err, ${address} is busy: another debugger (WinDbg, HyperDbg, or a second HyperDbg Studio) is connected to it; ` +
          'disconnect that one, then connect again',
      );
      await first.close();
      // the port is free again: the next debugger is served (its first bytes are the debuggee's PING)
      await expect
        .poll(
          async () => {
            const next = await openTransport(endpoint.endpoint).catch(() => undefined);
            if (!next) return 'busy';
            const bytes = await new Promise<number>((resolve) =>
              next.onData((chunk) => resolve(chunk.length)),
            );
            await next.close();
            return bytes > 0 ? 'served' : 'silent';
          },
          { timeout: 5000 },
        )
        .toBe('served');
    },
    30_000,
  );

  it('reports a refused tcp connection with what to check', async () => {
    const endpoint = parseEndpoint('tcp:127.0.0.1:1');
    if (!endpoint.ok) throw new Error(endpoint.error);
    await expect(openTransport(endpoint.endpoint)).rejects.toThrow(
      /refused the connection; is the virtual machine running/,
    );
  });

  it('reports a missing unix socket and a missing serial port', async () => {
    const unix = parseEndpoint('unix:/nonexistent/hds.sock');
    const serial = parseEndpoint('serial:/dev/ttyNOPE9@115200');
    if (!unix.ok || !serial.ok) throw new Error('endpoint syntax');
    await expect(openTransport(unix.endpoint)).rejects.toThrow(/there is no socket at/);
    await expect(openTransport(serial.endpoint)).rejects.toThrow(/does not exist/);
  });

  it.runIf(process.platform !== 'win32')(
    'says a named pipe is Windows only instead of "does not exist"',
    async () => {
      const pipe = parseEndpoint('pipe:\\\\.\\pipe\\com_2');
      if (!pipe.ok) throw new Error(pipe.error);
      await expect(openTransport(pipe.endpoint)).rejects.toThrow(
        /named pipes exist only on Windows.*unix:.*tcp:/,
      );
    },
  );
});
