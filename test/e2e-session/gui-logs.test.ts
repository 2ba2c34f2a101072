// The GUI host's logs, end to end over the IPC contract against the in-process simulator:
// sessions survive disconnect, reconnect and quit and are reopened from Logs → Sessions; the
// Events table's hit counts equal the stored rows per event and stage; an internal query (the
// Breakpoints pane) stores nothing; a full disk stops storing with a warning while the session
// and the link stay up; a session whose process was killed (-9) is recovered at the next start
// and reopened from Logs → Sessions.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  ConsoleChunk,
  EventRow,
  InvokeOutcome,
  LogFilter,
  LogRetention,
  SessionBatch,
} from '../../shared/ipc';
import { PreferencesStore } from '../../electron/host/preferences';
import { createSessionBackend } from '../../electron/host/session-backend';
import { StudioHost } from '../../electron/host/studio-host';

const base = mkdtempSync(join(tmpdir(), 'hds-gui-logs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// The hosts' Settings keep every session and set no free-space floor (the small tmpfs below is far
// under the default 512 MB floor; the test is about a disk that fills up).
const KEEP_ALL: LogRetention = { maxSessions: 0, maxAgeDays: 0, maxTotalMb: 0, minFreeMb: 0 };
mkdirSync(join(base, 'prefs'));
writeFileSync(join(base, 'prefs', 'settings.json'), JSON.stringify({ logRetention: KEEP_ALL }));

function startHost(folder: string, rate = 2000) {
  const backend = createSessionBackend({ simOptions: { seed: 9, rate }, logs: { folder } });
  const host = new StudioHost({
    backend,
    preferences: new PreferencesStore(join(base, 'prefs')),
    exportFolder: join(base, 'exports'),
    allowExportPaths: true,
  });
  const batches: SessionBatch[] = [];
  host.onPush((channel, payload) => {
    if (channel === 'session:batch') batches.push(payload as SessionBatch);
  });
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const outcome: InvokeOutcome = await host.invoke(channel, payload);
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value as T;
  };
  const consoleText = () =>
    batches
      .flatMap((b) => b.console)
      .map((c: ConsoleChunk) => c.text)
      .join('');
  return { host, call, batches, consoleText };
}

const run = async (call: ReturnType<typeof startHost>['call'], text: string) => {
  const outcome = await call<{ ok: boolean; message: string | null }>('console:execute', { text });
  expect(outcome, text).toMatchObject({ ok: true });
};

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const count = (call: ReturnType<typeof startHost>['call'], session: string | null, filter: LogFilter) =>
  call<{ total: number }>('logs:count', { session, filter, requestId: null }).then((r) => r.total);

describe('GUI logs over the IPC contract', () => {
  it('keeps every session through disconnect, reconnect and quit, and reopens them from Sessions', async () => {
    const folder = join(base, 'archive');
    const first = startHost(folder);
    expect(
      (await first.call<{ ok: boolean }>('session:connect', { endpoint: 'sim', signature: null })).ok,
    ).toBe(true);
    await run(first.call, 'pause');
    await run(first.call, '? printf("the number one\\n");');
    await first.call('session:disconnect', {});
    expect(
      (await first.call<{ ok: boolean }>('session:connect', { endpoint: 'sim', signature: null })).ok,
    ).toBe(true);
    await run(first.call, 'pause');
    await run(first.call, '? printf("the number two\\n");');
    await first.host.close(); // quit

    const next = startHost(folder);
    const { sessions } = await next.call<{ sessions: { id: string; status: string; rows: number }[] }>(
      'logs:sessions',
      {},
    );
    expect(sessions.map((s) => s.status)).toEqual(['ended', 'ended']);
    const [newest, oldest] = sessions;
    const search = { stage: 'all', text: 'umber', textMode: 'substring' } as const;
    const page = await next.call<{ entries: { text: string }[] }>('logs:query', {
      session: oldest!.id,
      filter: search,
      afterId: null,
      beforeId: null,
      limit: 10,
      requestId: 1,
    });
    expect(page.entries.map((e) => e.text)).toEqual(['the number one\n']);
    expect(await count(next.call, newest!.id, search)).toBe(1);
    await next.call('logs:delete-session', { session: oldest!.id });
    expect((await next.call<{ sessions: unknown[] }>('logs:sessions', {})).sessions).toHaveLength(1);
    await next.host.close();
  }, 60_000);

  it("counts an event's hits as its stored rows per stage, and stores nothing for a pane's query", async () => {
    const gui = startHost(join(base, 'hits'));
    expect(
      (await gui.call<{ ok: boolean }>('session:connect', { endpoint: 'sim', signature: null })).ok,
    ).toBe(true);
    await run(gui.call, 'pause');
    await run(gui.call, '!cpuid stage all script { printf("cpuid hit on core %x\\n", $core); }');
    const paused = await gui.call<{ paused: { rip: string } | null }>('session:snapshot', {});
    // A breakpoint for the Breakpoints pane to list (disabled, so the debuggee runs on).
    await run(gui.call, `bp ${paused.paused!.rip}`);
    await run(gui.call, 'bd 1');
    await run(gui.call, 'g');
    await until(
      async () => (await count(gui.call, null, { stage: 'all', kinds: ['event'] })) > 200,
      'event output',
    );
    await run(gui.call, 'pause');
    const before = await count(gui.call, null, { stage: 'all' });
    await gui.call('debug:callstack', {});
    expect(await count(gui.call, null, { stage: 'all' })).toBe(before);
    const snapshot = await gui.call<{ events: EventRow[] }>('session:snapshot', {});
    const [event] = snapshot.events;
    expect(event!.hits.pre + event!.hits.post).toBeGreaterThan(200);
    expect(event!.hits.pre).toBe(await count(gui.call, null, { stage: 'pre', eventTag: event!.tag }));
    expect(event!.hits.post).toBe(await count(gui.call, null, { stage: 'post', eventTag: event!.tag }));
    await gui.host.close();
  }, 60_000);

  it('recovers a session whose process was killed (-9) and reopens it from Logs → Sessions', async () => {
    const dataDir = join(base, 'killed');
    const folder = join(dataDir, 'sessions');
    const root = join(import.meta.dirname, '../..');
    const child = spawn(process.execPath, [join(root, 'bin/hds.mjs'), 'connect', 'sim'], {
      cwd: root,
      env: { ...process.env, HDS_DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await until(() => /kHyperDbg>|debuggee is running/.test(stdout), 'hds connect to start', 60_000);
      child.stdin.write('pause\n');
      await until(() => /\d: kHyperDbg> /.test(stdout), 'the halt', 30_000);
      child.stdin.write('? printf("the number before the kill\\n");\n');
      // Readable from another process once its batch is committed (while hds connect still runs).
      const watcher = startHost(folder);
      const { sessions: running } = await watcher.call<{ sessions: { id: string; status: string }[] }>(
        'logs:sessions',
        {},
      );
      expect(running).toMatchObject([{ status: 'live' }]);
      const search = { stage: 'all', text: 'umber before', textMode: 'substring' } as const;
      await until(
        async () => (await count(watcher.call, running[0]!.id, search)) === 1,
        'the row to be committed',
        30_000,
      );
      await watcher.host.close();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const next = startHost(folder);
      const { sessions } = await next.call<{ sessions: { id: string; status: string }[] }>(
        'logs:sessions',
        {},
      );
      expect(sessions).toMatchObject([{ id: running[0]!.id, status: 'recovered' }]);
      next.host.flush();
      expect(next.consoleText()).toMatch(/recovered the log of session .* open it from Logs → Sessions/);
      const page = await next.call<{ entries: { text: string }[] }>('logs:query', {
        session: sessions[0]!.id,
        filter: search,
        afterId: null,
        beforeId: null,
        limit: 10,
        requestId: 2,
      });
      expect(page.entries.map((e) => e.text)).toEqual(['the number before the kill\n']);
      await next.host.close();
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('stops storing on a full disk with a warning naming the file; the session and link stay up', async () => {
    const mount = join(base, 'small-fs');
    mkdirSync(mount);
    // A real, small file system: a 3 MB tmpfs (CI runs as root).
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    try {
      expect(statfsSync(mount).blocks * statfsSync(mount).bsize).toBeLessThanOrEqual(3 * 1024 * 1024);
      const gui = startHost(join(mount, 'sessions'), 20_000);
      expect(
        (await gui.call<{ ok: boolean }>('session:connect', { endpoint: 'sim', signature: null })).ok,
      ).toBe(true);
      await run(gui.call, 'pause');
      await run(
        gui.call,
        '!cpuid script { printf("filling the disk with a fairly long line of output %x\\n", $core); }',
      );
      await run(gui.call, 'g');
      await until(() => /storing this session's logs stopped/.test(gui.consoleText()), 'the warning', 40_000);
      expect(gui.consoleText()).toMatch(
        /stopped: storing the session log .*small-fs.*\.sqlite failed: the disk is full/,
      );
      const counts = gui.batches.map((b) => b.logCounts).filter((c) => c !== undefined);
      expect(counts.at(-1)?.storageStopped).toMatch(/disk is full/);
      // Still debugging: the link answers, commands run, rows stored before the disk filled are readable.
      await run(gui.call, 'pause');
      await run(gui.call, 'r rip');
      const state = await gui.call<{ state: { phase: string } }>('session:snapshot', {});
      expect(state.state.phase).toBe('paused');
      expect(
        await count(gui.call, null, { stage: 'all', text: 'filling', textMode: 'substring' }),
      ).toBeGreaterThan(0);
      await gui.host.close();
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  }, 90_000);
});
