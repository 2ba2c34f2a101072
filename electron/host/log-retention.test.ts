// The Settings' log retention through the real host and backend: changing it deletes the oldest
// ended sessions beyond the limits at once (closing a reader open on one), and a new session
// counts against the limits when it starts, without ever deleting the session being recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArchivedSession, InvokeOutcome, LogRetention } from '../../shared/ipc';
import { SqliteLogStore } from '../logs/log-store';
import { SessionArchive } from '../logs/session-archive';
import { PreferencesStore } from './preferences';
import { createSessionBackend } from './session-backend';
import { StudioHost } from './studio-host';

const base = mkdtempSync(join(tmpdir(), 'hds-log-retention-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const NO_LIMITS: LogRetention = { maxSessions: 0, maxAgeDays: 0, maxTotalMb: 0, minFreeMb: 0 };

/** An ended session of one row, started `hoursAgo`. */
async function ended(archive: SessionArchive, hoursAgo: number): Promise<string> {
  const started = Date.now() - hoursAgo * 3_600_000;
  const { id, path } = archive.create('sim', started);
  const store = new SqliteLogStore({ path, session: { started, endpoint: 'sim' } });
  store.append({ operationCode: 1, text: `started ${hoursAgo} h ago\n`, arrivedAt: started, sequence: 0 });
  await store.close();
  return id;
}

describe("the Settings' log retention", () => {
  it('applies at once when changed and when a session starts, never to the live session', async () => {
    const folder = join(base, 'sessions');
    const archive = new SessionArchive(folder);
    const oldest = await ended(archive, 3);
    const older = await ended(archive, 2);
    const newest = await ended(archive, 1);
    const host = new StudioHost({
      backend: createSessionBackend({ simOptions: { seed: 4, rate: 0 }, logs: { folder } }),
      preferences: new PreferencesStore(join(base, 'data')),
      exportFolder: join(base, 'exports'),
      allowExportPaths: false,
    });
    const call = async <T>(channel: string, payload: unknown): Promise<T> => {
      const outcome: InvokeOutcome = await host.invoke(channel, payload);
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.value as T;
    };
    const sessions = async () =>
      (await call<{ sessions: ArchivedSession[] }>('logs:sessions', {})).sessions.map((s) => [
        s.id,
        s.status,
      ]);
    try {
      expect(await sessions()).toEqual([
        [newest, 'ended'],
        [older, 'ended'],
        [oldest, 'ended'],
      ]);
      // a reader open on a session the new limit deletes
      const page = { filter: { stage: 'all' }, afterId: null, beforeId: null, limit: 10, requestId: null };
      expect(await call<{ entries: unknown[] }>('logs:query', { session: older, ...page })).toMatchObject({
        entries: [{ text: 'started 2 h ago\n' }],
      });
      await call('settings:set', { patch: { logRetention: { ...NO_LIMITS, maxSessions: 1 } } });
      expect(await sessions()).toEqual([[newest, 'ended']]);
      await expect(call('logs:query', { session: older, ...page })).rejects.toThrow(
        `no session '${older}' in ${folder}`,
      );

      await call('settings:set', { patch: { logRetention: { ...NO_LIMITS, maxSessions: 2 } } });
      expect(await call<{ ok: boolean }>('session:connect', { endpoint: 'sim', signature: null })).toEqual({
        ok: true,
        message: null,
      });
      const afterConnect = await sessions();
      expect(afterConnect).toEqual([
        [expect.any(String), 'live'],
        [newest, 'ended'],
      ]);
      // a limit of one keeps only the session being recorded
      await call('settings:set', { patch: { logRetention: { ...NO_LIMITS, maxSessions: 1 } } });
      expect(await sessions()).toEqual([afterConnect[0]]);
      // a limit that is not a whole number is refused, and nothing changes
      expect(
        await host.invoke('settings:set', { patch: { logRetention: { ...NO_LIMITS, maxAgeDays: -3 } } }),
      ).toMatchObject({ ok: false });
      expect((await call<{ logRetention: LogRetention }>('settings:get', {})).logRetention).toEqual({
        ...NO_LIMITS,
        maxSessions: 1,
      });
    } finally {
      await host.close();
    }
  }, 60_000);
});
