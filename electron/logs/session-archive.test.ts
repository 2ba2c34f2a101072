import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogDatabase } from './log-database';
import { SqliteLogStore } from './log-store';
import { endpointSlug, SessionArchive } from './session-archive';

const folder = () => path.join(mkdtempSync(path.join(tmpdir(), 'hds-archive-')), 'sessions');

async function record(archive: SessionArchive, endpoint: string, started: number, rows: number) {
  const { id, path: file } = archive.create(endpoint, started);
  const store = new SqliteLogStore({ path: file, session: { started, endpoint } });
  for (let i = 0; i < rows; i++)
    store.append({ operationCode: 1, text: `row ${i}\n`, arrivedAt: started + i, sequence: i });
  await store.close();
  return id;
}

describe('session archive', () => {
  it('names files by start time and endpoint, 0600 in a 0700 folder, and lists them newest first', async () => {
    const archive = new SessionArchive(folder());
    const older = await record(archive, 'tcp:127.0.0.1:50001', Date.UTC(2026, 0, 1, 10), 3);
    const newer = await record(archive, 'pipe:\\\\.\\pipe\\com_2', Date.UTC(2026, 0, 2, 10), 5);
    expect(older).toBe('2026-01-01T10-00-00-000Z_tcp-127.0.0.1-50001');
    expect(newer).toBe('2026-01-02T10-00-00-000Z_pipe-.-pipe-com-2');
    expect(statSync(archive.pathOf(older)).mode & 0o777).toBe(0o600);
    expect(statSync(archive.folder).mode & 0o777).toBe(0o700);
    const list = archive.list();
    expect(list.map((s) => [s.id, s.rows, s.status, s.endpoint])).toEqual([
      [newer, 5, 'ended', 'pipe:\\\\.\\pipe\\com_2'],
      [older, 3, 'ended', 'tcp:127.0.0.1:50001'],
    ]);
    expect(archive.resolve('latest')).toMatchObject({ id: newer });
    expect(archive.resolve('2026-01-01')).toMatchObject({ id: older });
    expect(archive.resolve('2026')).toMatch(/names 2 sessions/);
    expect(archive.resolve('nope')).toMatch(/no session 'nope'/);
  });

  it('never reuses a name: a reconnect in the same millisecond gets its own file', () => {
    const archive = new SessionArchive(folder());
    const a = archive.create('sim', 1000);
    const b = archive.create('sim', 1000);
    expect(a.path).not.toBe(b.path);
    expect(existsSync(a.path) && existsSync(b.path)).toBe(true);
  });

  it('recovers a session left open by a dead process and marks it', () => {
    const archive = new SessionArchive(folder());
    const { id, path: file } = archive.create('sim', 5000);
    const db = new LogDatabase(file);
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    db.writeMeta({ started: 5000, endpoint: 'sim', pid: 4_194_305, ended: null });
    db.insert([{ id: 1, sequence: 0, arrivedAt: 5001, kind: 'info', operationCode: 1, text: 'kept\n' }]);
    db.close();
    expect(archive.list()[0]).toMatchObject({ id, status: 'recovered', ended: null });
    const recovered = archive.recover();
    expect(recovered.map((s) => [s.id, s.rows, s.ended])).toEqual([[id, 1, 5001]]);
    expect(archive.recover()).toEqual([]);
  });

  it('applies retention by count, age and size, oldest first, never the kept ones', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const byCount = new SessionArchive(folder(), {
      maxSessions: 2,
      maxAgeDays: 0,
      maxTotalMb: 0,
      minFreeMb: 0,
    });
    const a = await record(byCount, 'sim', now - 3 * day, 1);
    const b = await record(byCount, 'sim', now - 2 * day, 1);
    const c = await record(byCount, 'sim', now - 1 * day, 1);
    expect(byCount.enforceRetention(new Set(), now)).toEqual([a]);
    expect(byCount.list().map((s) => s.id)).toEqual([c, b]);
    // Sessions end when recorded (now); 20 days later both are past a 10-day limit, but c is kept.
    const byAge = new SessionArchive(byCount.folder, {
      maxSessions: 0,
      maxAgeDays: 10,
      maxTotalMb: 0,
      minFreeMb: 0,
    });
    expect(byAge.enforceRetention(new Set([c]), now + 5 * day)).toEqual([]);
    expect(byAge.enforceRetention(new Set([c]), now + 20 * day)).toEqual([b]);
    const d = await record(byCount, 'sim', now, 1);
    const bySize = new SessionArchive(byCount.folder, {
      maxSessions: 0,
      maxAgeDays: 0,
      maxTotalMb: 1e-9,
      minFreeMb: 0,
    });
    expect(bySize.enforceRetention(new Set([d]), now)).toEqual([c]);
    expect(bySize.list().map((s) => s.id)).toEqual([d]);
  });

  it('makes endpoint text file-name safe', () => {
    expect(endpointSlug('serial:COM2@115200')).toBe('serial-COM2-115200');
    expect(endpointSlug('unix:/tmp/a b.sock')).toBe('unix-tmp-a-b.sock');
    expect(endpointSlug('::')).toBe('session');
  });
});
