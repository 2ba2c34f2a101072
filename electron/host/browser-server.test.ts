import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  DEFAULT_SETTINGS,
  createIpcClient,
  createWebSocketTransport,
  ipcSocketUrl,
  type SessionBatch,
} from '../../shared/ipc';
import { serveBrowserHost, type BrowserServer } from './browser-server';
import { PreferencesStore } from './preferences';
import { StudioHost } from './studio-host';
import { fakeBackend } from './testing/fake-backend';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function start(): Promise<{
  server: BrowserServer;
  host: StudioHost;
  executed: string[];
  rendererDir: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'hds-host-test-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>HyperDbg Studio</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer folder');
  const { backend, executed } = fakeBackend();
  const host = new StudioHost({
    backend,
    preferences: new PreferencesStore(join(dir, 'data')),
    exportFolder: join(dir, 'exports'),
    allowExportPaths: false,
  });
  const server = await serveBrowserHost(host, { port: 0, rendererDir, exportFolder: join(dir, 'exports') });
  cleanups.push(async () => {
    await host.close();
    await server.close();
  });
  return { server, host, executed, rendererDir };
}

const origin = (server: BrowserServer) => `http://127.0.0.1:${server.port}`;

describe('browser-mode HTTP', () => {
  it('serves the renderer with the right token and a strict CSP', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('HyperDbg Studio');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^hds_page_${server.port}=[\\w-]{32}; HttpOnly; SameSite=Strict`));
    // Any server on 127.0.0.1 receives this cookie: it must not carry the WebSocket token.
    expect(cookie).not.toContain(server.token);
  });

  it('says the renderer is not built, and still gives an authenticated visit its cookie', async () => {
    const { server, rendererDir } = await start();
    await rm(rendererDir, { recursive: true, force: true });
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/renderer is not built.*vite build/);
    expect(response.headers.get('set-cookie')).toMatch(/^hds_page_\d+=.+; HttpOnly; SameSite=Strict/);
  });

  it('rejects a missing or wrong token', async () => {
    const { server } = await start();
    expect((await fetch(`${origin(server)}/`)).status).toBe(403);
    expect((await fetch(`${origin(server)}/?token=wrong`)).status).toBe(403);
    const almost = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    expect((await fetch(`${origin(server)}/?token=${almost}`)).status).toBe(403);
    expect((await fetch(`${origin(server)}/assets/app.js`)).status).toBe(403);
  });

  it('lets the page load its assets with the cookie the token set', async () => {
    const { server } = await start();
    const first = await fetch(server.url);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
    const asset = await fetch(`${origin(server)}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    const { server } = await start();
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const response = await fetch(
        `${origin(server)}${path}&token=`.replace('&token=', `?token=${server.token}`),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const { server } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/?token=${server.token}`,
          headers: { host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

function openSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket; status: 'open' | number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws, status: 'open' }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ ws, status: -1 }));
  });
}

describe('browser-mode WebSocket', () => {
  it('refuses sockets with a wrong token or a foreign Origin', async () => {
    const { server } = await start();
    const wrong = await openSocket(ipcSocketUrl(origin(server), 'nope'));
    expect(wrong.status).toBe(403);
    const foreign = await openSocket(ipcSocketUrl(origin(server), server.token), {
      origin: 'http://evil.example',
    });
    expect(foreign.status).toBe(403);
  });

  it("refuses the page cookie in place of the token, and an Origin that is not exactly the page's", async () => {
    const { server } = await start();
    const cookie = ((await fetch(server.url)).headers.get('set-cookie') ?? '').split(';')[0];
    const cookieOnly = await openSocket(`${origin(server).replace('http', 'ws')}/ipc`, {
      cookie,
      origin: origin(server),
    });
    expect(cookieOnly.status).toBe(403);
    const cookieAsToken = await openSocket(ipcSocketUrl(origin(server), cookie.split('=')[1]), {
      origin: origin(server),
    });
    expect(cookieAsToken.status).toBe(403);
    const url = ipcSocketUrl(origin(server), server.token);
    for (const foreign of [
      `http://127.0.0.1:${server.port + 1}`,
      `http://localhost:${server.port}`,
      `https://127.0.0.1:${server.port}`,
      'null',
    ]) {
      expect((await openSocket(url, { origin: foreign })).status, foreign).toBe(403);
    }
    const own = await openSocket(url, { origin: origin(server) });
    expect(own.status).toBe('open');
    own.ws.close();
  });

  it('round-trips a request and delivers the batched session output', async () => {
    const { server, executed } = await start();
    const { ws, status } = await openSocket(ipcSocketUrl(origin(server), server.token), {
      origin: origin(server),
    });
    expect(status).toBe('open');
    cleanups.push(async () => ws.close());
    const client = createIpcClient(createWebSocketTransport(ws as never));
    const batches: SessionBatch[] = [];
    client.on('session:batch', (batch) => batches.push(batch));

    await expect(client.invoke('ports:list', {})).resolves.toEqual({
      ports: [{ path: '/dev/ttyS0', friendlyName: null }],
    });
    await expect(client.invoke('settings:get', {})).resolves.toEqual(DEFAULT_SETTINGS);
    await expect(client.invoke('console:execute', { text: 'r rax' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    await expect(client.invoke('console:execute', { text: 'r rbx' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    expect(executed).toEqual(['r rax', 'r rbx']);

    // The output arrives batched (how batches coalesce is the batcher's own test, on fake timers;
    // here the timing of a loaded machine decides how many windows the two commands span).
    const consoleText = () => batches.flatMap((b) => b.console.map((c) => c.text)).join('');
    await vi.waitFor(() => expect(consoleText()).toBe('ran r rax\nran r rbx\n'), { timeout: 5000 });
    expect(batches.flatMap((b) => b.logs.map((l) => l.text))).toEqual(['r rax', 'r rbx']);
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  it('answers malformed calls with invalid-request and does not run them', async () => {
    const { server, executed } = await start();
    const { ws } = await openSocket(ipcSocketUrl(origin(server), server.token), { origin: origin(server) });
    cleanups.push(async () => ws.close());
    const answers: unknown[] = [];
    ws.on('message', (data) => answers.push(JSON.parse(data.toString())));
    ws.send(
      JSON.stringify({ type: 'invoke', id: 1, channel: 'console:execute', payload: { text: 'g', extra: 1 } }),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'fs:write', payload: {} }));
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 3,
        channel: 'console:execute',
        payload: { text: 'x'.repeat(70_000) },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(executed).toEqual([]);
    expect(answers).toHaveLength(3);
    for (const answer of answers) {
      expect(answer).toMatchObject({
        type: 'result',
        outcome: { ok: false, error: { code: 'invalid-request' } },
      });
    }
  });

  it('closes a socket that sends something that is not an invoke message', async () => {
    const { server } = await start();
    const { ws } = await openSocket(ipcSocketUrl(origin(server), server.token), { origin: origin(server) });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"hello":1}');
    expect(await closed).toBe(1008);
  });
});
