import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SessionBatch } from '../../shared/ipc';
import { PreferencesStore } from './preferences';
import { StudioHost, type StudioHostOptions } from './studio-host';
import { fakeBackend } from './testing/fake-backend';

async function setup(options: Partial<StudioHostOptions> = {}, backendOverrides = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hds-studio-host-'));
  const fake = fakeBackend(backendOverrides);
  const preferences = new PreferencesStore(join(dir, 'data'));
  const host = new StudioHost({
    backend: fake.backend,
    preferences,
    exportFolder: join(dir, 'exports'),
    allowExportPaths: false,
    ...options,
  });
  return { host, fake, preferences, dir };
}

describe('StudioHost', () => {
  it('connects with the configured default signature and remembers the connection', async () => {
    const { host, fake, preferences } = await setup();
    await preferences.updateSettings({ defaultSignature: '0.2.0-20250312.1542' });
    await expect(
      host.invoke('session:connect', { endpoint: 'tcp:127.0.0.1:9000', signature: null }),
    ).resolves.toMatchObject({ ok: true });
    await host.invoke('session:connect', { endpoint: 'sim', signature: null });
    await host.invoke('session:connect', {
      endpoint: 'tcp:127.0.0.1:9000',
      signature: '0.2.0-20250101.0000',
    });
    expect(fake.connects).toEqual([
      ['tcp:127.0.0.1:9000', '0.2.0-20250312.1542'],
      ['sim', null],
      ['tcp:127.0.0.1:9000', '0.2.0-20250101.0000'],
    ]);
    const recent = (await preferences.getSettings()).recentConnections.map((r) => [r.endpoint, r.signature]);
    expect(recent).toEqual([
      ['tcp:127.0.0.1:9000', '0.2.0-20250101.0000'],
      ['sim', null],
    ]);
  });

  it('hands the symbol path setting to the backend before each connect and whenever it changes', async () => {
    const { host, fake } = await setup();
    await host.invoke('session:connect', { endpoint: 'sim', signature: null });
    await host.invoke('settings:set', {
      patch: { symbolPath: 'srv*/tmp/cache*https://example.test/symbols' },
    });
    await host.invoke('settings:set', { patch: { theme: 'light' } });
    await host.invoke('session:connect', { endpoint: 'sim', signature: null });
    await host.invoke('settings:set', { patch: { symbolPath: null } });
    expect(fake.symbolPaths).toEqual([
      null,
      'srv*/tmp/cache*https://example.test/symbols',
      'srv*/tmp/cache*https://example.test/symbols',
      null,
    ]);
    expect(fake.symbolDownloads).toEqual([false, false, false, false]);
  });

  it('hands the symbol download opt-in to the backend with the path, off until the user enables it', async () => {
    const { host, fake, preferences } = await setup();
    const path = 'srv*/tmp/cache*https://example.test/symbols';
    await host.invoke('settings:set', { patch: { symbolPath: path } });
    await host.invoke('settings:set', { patch: { symbolDownload: true } });
    await host.invoke('session:connect', { endpoint: 'sim', signature: null });
    await host.invoke('settings:set', { patch: { symbolDownload: false } });
    expect(fake.symbolPaths).toEqual([path, path, path, path]);
    expect(fake.symbolDownloads).toEqual([false, true, true, false]);
    expect((await preferences.getSettings()).symbolDownload).toBe(false);
  });

  it('loads a settings file written before the download opt-in existed with download off', async () => {
    const { dir } = await setup();
    await mkdir(join(dir, 'old'), { recursive: true });
    await writeFile(
      join(dir, 'old', 'settings.json'),
      JSON.stringify({ symbolPath: 'srv*/c*https://s.test' }),
    );
    const settings = await new PreferencesStore(join(dir, 'old')).getSettings();
    expect(settings).toMatchObject({ symbolPath: 'srv*/c*https://s.test', symbolDownload: false });
  });

  it('turns a handler failure into a failed outcome with its message', async () => {
    const { host } = await setup(
      {},
      { pause: async () => Promise.reject(new Error('err, the debuggee is not connected')) },
    );
    await expect(host.invoke('debug:pause', {})).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'err, the debuggee is not connected', channel: 'debug:pause' },
    });
  });

  it('refuses to send a response that breaks the contract', async () => {
    const { host } = await setup({}, { listSerialPorts: async () => [{ path: 7 }] as never });
    const outcome = await host.invoke('ports:list', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-response', channel: 'ports:list' } });
  });

  it('exports to its own folder with a download link, and refuses page-chosen paths in browser mode', async () => {
    const { host, fake, dir } = await setup({ exportDownloadUrl: (name) => `/exports/${name}` });
    const outcome = await host.invoke('logs:export', {
      session: null,
      requestId: 4,
      format: 'csv',
      filter: { stage: 'post' },
      path: null,
    });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      const value = outcome.value as { count: number; path: string; downloadUrl: string };
      expect(value.count).toBe(3);
      expect(value.path.startsWith(join(dir, 'exports', 'hds-logs-'))).toBe(true);
      expect(value.downloadUrl).toMatch(/^\/exports\/hds-logs-[0-9A-Za-z-]+\.csv$/);
    }
    const refused = await host.invoke('logs:export', {
      session: null,
      requestId: null,
      format: 'jsonl',
      filter: { stage: 'all' },
      path: '/etc/passwd',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(fake.exports).toHaveLength(1);
  });

  it('quits within its bound: a close the debuggee never finishes ends the session here, saying so', async () => {
    let forced = 0;
    const { host } = await setup(
      { closeBoundMs: 50 },
      {
        disconnect: () => new Promise(() => undefined), // a link that takes the request and never answers
        forceDisconnect: async () => {
          forced++;
          return { ok: true, message: null };
        },
      },
    );
    const batches: SessionBatch[] = [];
    host.onPush((channel, payload) => {
      if (channel === 'session:batch') batches.push(payload as SessionBatch);
    });
    const started = Date.now();
    await host.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(forced).toBe(1);
    expect(batches.flatMap((b) => b.console.map((c) => c.text)).join('')).toMatch(
      /did not close within 0.05 s; it was ended here without waiting/,
    );
  });

  it('quits without forcing when the close finishes in time', async () => {
    let forced = 0;
    const { host } = await setup(
      { closeBoundMs: 5_000 },
      {
        forceDisconnect: async () => {
          forced++;
          return { ok: true, message: null };
        },
      },
    );
    await host.close();
    expect(forced).toBe(0);
  });

  it('persists settings', async () => {
    const { host, dir } = await setup();
    await host.invoke('settings:set', { patch: { symbolPath: 'srv*c:\\symbols' } });
    const again = new PreferencesStore(join(dir, 'data'));
    expect((await again.getSettings()).symbolPath).toBe('srv*c:\\symbols');
  });

  it('reads a settings file of an older version, dropping the keys it no longer has', async () => {
    const { dir } = await setup();
    await mkdir(join(dir, 'old'), { recursive: true });
    await writeFile(
      join(dir, 'old', 'settings.json'),
      JSON.stringify({ theme: 'light', logsFollowTail: false, symbolDownload: true }),
    );
    const store = new PreferencesStore(join(dir, 'old'));
    expect(await store.getSettings()).toEqual({ ...DEFAULT_SETTINGS, symbolDownload: true });
    expect(store.problems).toEqual([]);
  });

  it('batches session events to every push listener and closes the session on close', async () => {
    let disconnects = 0;
    const { host, fake } = await setup(
      {},
      {
        disconnect: async () => {
          disconnects++;
          return { ok: true, message: null };
        },
      },
    );
    const received: SessionBatch[][] = [[], []];
    host.onPush(
      (channel, payload) => channel === 'session:batch' && received[0].push(payload as SessionBatch),
    );
    host.onPush(
      (channel, payload) => channel === 'session:batch' && received[1].push(payload as SessionBatch),
    );
    fake.sink()?.state({ phase: 'running', endpoint: 'sim', detail: null });
    fake.sink()?.console({ stream: 'output', text: 'debuggee is running...\n' });
    host.flush();
    expect(received[0]).toHaveLength(1);
    expect(received[1]).toEqual(received[0]);
    await host.close();
    await host.close();
    expect(disconnects).toBe(1);
  });
});
