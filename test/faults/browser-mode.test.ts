// Fault injection against browser mode: a client that stops reading, hostile JSON, and the page
// cookie leaking to another server on 127.0.0.1. Each scenario asserts a bounded outcome: the
// host stays up, the other clients are unaffected, and the refusal says what happened.
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ipcSocketUrl, type SessionBatch } from '../../shared/ipc';
import { serveBrowserHost, type BackPressureLimits } from '../../electron/host/browser-server';
import { PreferencesStore } from '../../electron/host/preferences';
import { StudioHost } from '../../electron/host/studio-host';
import { fakeBackend, type FakeBackend } from '../../electron/host/testing/fake-backend';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function start(backPressure: Partial<BackPressureLimits> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hds-faults-browser-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>HyperDbg Studio</title>');
  const fake: FakeBackend = fakeBackend();
  const host = new StudioHost({
    backend: fake.backend,
    preferences: new PreferencesStore(join(dir, 'data')),
    exportFolder: join(dir, 'exports'),
    allowExportPaths: false,
  });
  const server = await serveBrowserHost(host, {
    port: 0,
    rendererDir,
    exportFolder: join(dir, 'exports'),
    backPressure,
  });
  cleanups.push(async () => {
    await host.close();
    await server.close();
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return { server, host, fake, origin };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A WebSocket client that completes the upgrade and then stops reading (a frozen or throttled tab). */
async function stalledClient(port: number, token: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET /ipc?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (data) => resolve(data.toString())),
  );
  expect(head).toMatch(/^HTTP\/1.1 101/);
  socket.pause();
  return socket;
}

function readingClient(origin: string, token: string): Promise<{ ws: WebSocket; batches: SessionBatch[] }> {
  const ws = new WebSocket(ipcSocketUrl(origin, token), { headers: { origin } });
  cleanups.push(() => ws.close());
  const batches: SessionBatch[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; channel?: string; payload: SessionBatch };
    if (message.type === 'push' && message.channel === 'session:batch') batches.push(message.payload);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, batches }));
    ws.once('error', reject);
  });
}

/**
 * Pushes `megabytes` of console output through the host in 200 KB pieces, one batch each, at the
 * pace of the reading client (it shares this test's event loop, so it must be given the time to read).
 */
async function flood(
  host: StudioHost,
  fake: FakeBackend,
  megabytes: number,
  reader: { batches: SessionBatch[] },
): Promise<void> {
  const piece = 'x'.repeat(199_999) + '\n';
  for (let i = 0; i < megabytes * 5; i++) {
    const had = reader.batches.length;
    fake.sink()?.console({ stream: 'output', text: piece });
    host.flush();
    await until(() => reader.batches.length > had, `batch ${i} at the reading client`);
  }
}

describe('fault: a slow WebSocket client', () => {
  it('is skipped while it lags, the other client gets every batch in order, and it resynchronizes when it reads again', async () => {
    const { server, host, fake, origin } = await start({
      lagBytes: 1024 * 1024,
      caughtUpBytes: 256 * 1024,
      maxLagMs: 60_000,
      checkEveryMs: 20,
    });
    const fast = await readingClient(origin, server.token);
    const slow = await stalledClient(server.port, server.token);
    await flood(host, fake, 40, fast);
    expect(server.laggingCount).toBe(1);
    await until(() => fast.batches.length === 200, 'the fast client to receive all 200 batches');
    const seqs = fast.batches.map((b) => b.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    expect(fast.batches.flatMap((b) => b.console).reduce((n, c) => n + c.text.length, 0)).toBe(200 * 200_000);

    // The stalled tab reads again: it drains, then gets the newest batch (a sequence gap, so it re-reads the snapshot).
    let received = '';
    slow.on('data', (data: Buffer) => (received = (received + data.toString('latin1')).slice(-300_000)));
    slow.resume();
    await until(() => server.laggingCount === 0, 'the slow client to catch up');
    await until(() => received.includes(`"seq":${seqs[seqs.length - 1]},`), 'the newest batch to reach it');
    expect(server.clientCount).toBe(2);
  });

  it('is disconnected when it stays behind, and the host keeps serving the others', async () => {
    const { server, host, fake, origin } = await start({
      lagBytes: 1024 * 1024,
      caughtUpBytes: 256 * 1024,
      maxLagMs: 300,
      checkEveryMs: 20,
    });
    const fast = await readingClient(origin, server.token);
    const slow = await stalledClient(server.port, server.token);
    await flood(host, fake, 30, fast);
    await until(() => server.clientCount === 1, 'the lagging client to be dropped', 5000);
    expect(server.laggingCount).toBe(0);
    // Its close frame waits behind megabytes it never read; the socket is cut a second later.
    slow.on('data', () => undefined);
    slow.resume();
    await until(() => slow.destroyed || slow.readableEnded, 'the stalled socket to be closed', 5000);

    const before = fast.batches.length;
    fake.sink()?.console({ stream: 'output', text: 'still alive\n' });
    host.flush();
    await until(() => fast.batches.length > before, 'a batch after the drop');
    expect(fast.batches.at(-1)?.console.at(-1)?.text).toBe('still alive\n');
  });
});

describe('fault: hostile JSON over the WebSocket', () => {
  it('answers a 10 KB message of 5,000 nested arrays with invalid-request and keeps serving', async () => {
    const { server, origin } = await start();
    const { ws } = await readingClient(origin, server.token);
    type Answer = {
      type: string;
      id: number;
      outcome: { ok: boolean; error?: { code: string; message: string } };
    };
    const answers: Answer[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Answer;
      if (message.type === 'result') answers.push(message);
    });
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    ws.send(`{"type":"invoke","id":1,"channel":"console:execute","payload":{"text":${deep}}}`);
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'settings:get', payload: {} }));
    await until(() => answers.length === 2, 'both answers');
    expect(answers[0]).toMatchObject({ id: 1, outcome: { ok: false, error: { code: 'invalid-request' } } });
    expect(answers[0].outcome.error?.message).toMatch(/^console:execute: text: /);
    expect(answers[1]).toMatchObject({ id: 2, outcome: { ok: true } });
  });
});

describe('fault: the page cookie reaches another server on 127.0.0.1', () => {
  it("carries a per-port name and a value that does not open the WebSocket, and the other server's page cannot open it either", async () => {
    const { server, origin } = await start();
    const seen: IncomingHttpHeaders[] = [];
    const other = createServer((request, response) => {
      seen.push(request.headers);
      response.end('<!doctype html><title>another local server</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const otherPort = (other.address() as AddressInfo).port;

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.goto(`http://127.0.0.1:${otherPort}/`);
    const leaked = seen.at(-1)?.cookie ?? '';
    // Cookies ignore ports: the other server does receive it (that is the browser's rule) ...
    expect(leaked).toMatch(new RegExp(`^hds_page_${server.port}=[\\w-]{32}$`));
    // ... but it is not the token, and it opens nothing that drives the session.
    expect(leaked).not.toContain(server.token);
    const value = leaked.split('=')[1];
    const status = (url: string, headers: Record<string, string>) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.once('open', () => (ws.close(), resolve('open')));
        ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.once('error', () => resolve(-1));
      });
    expect(await status(ipcSocketUrl(origin, value), {})).toBe(403);
    expect(await status(`${origin.replace('http', 'ws')}/ipc`, { cookie: leaked })).toBe(403);
    // A page of the other server cannot open our socket either, even if it learned the token.
    // (A string, so the test's own `WebSocket` import is not compiled into the page's code.)
    const fromOtherPage = await page.evaluate(`new Promise((resolve) => {
      const socket = new WebSocket(${JSON.stringify(ipcSocketUrl(origin, server.token))});
      socket.onopen = () => resolve('open');
      socket.onerror = () => resolve('refused');
    })`);
    expect(fromOtherPage).toBe('refused');
    expect(await status(ipcSocketUrl(origin, server.token), { origin })).toBe('open');
  });
});
