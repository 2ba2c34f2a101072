// A million-row archived session exported to CSV through the GUI host: the export streams in the
// store's worker with progress pushed to the page, and the CSV parses back (RFC 4180: commas,
// quotes and line breaks inside messages) to exactly the stored rows.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InvokeOutcome } from '../../shared/ipc';
import { PreferencesStore } from '../../electron/host/preferences';
import { createSessionBackend } from '../../electron/host/session-backend';
import { StudioHost } from '../../electron/host/studio-host';
import { LogDatabase, type StoredLog } from '../../electron/logs/log-database';
import { SessionArchive } from '../../electron/logs/session-archive';
import { csvRecords } from '../support/csv';

const ROWS = 1_000_000;
const base = mkdtempSync(join(tmpdir(), 'hds-export-1m-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const STARTED = Date.UTC(2026, 11, 6);
function row(id: number): StoredLog {
  const event = id % 3 === 0;
  return {
    id,
    sequence: id - 1,
    arrivedAt: STARTED + id * 0.125,
    kind: event ? 'event' : 'info',
    operationCode: event ? 0x1000002 : 1,
    ...(event ? { eventTag: 0x1000002, stage: id % 2 === 0 ? ('pre' as const) : ('post' as const) } : {}),
    core: id % 4,
    text: id % 7 === 0 ? `rax=${id}, "quoted"\nsecond line\n` : `hit ${id}\n`,
  };
}

describe('export of a million rows', () => {
  it('streams with progress and its CSV parses back to the same rows', async () => {
    const folder = join(base, 'sessions');
    const archive = new SessionArchive(folder);
    const { id, path } = archive.create('sim', STARTED);
    const db = new LogDatabase(path);
    db.writeMeta({ started: STARTED, endpoint: 'sim', pid: process.pid, ended: STARTED + 1000 });
    for (let first = 1; first <= ROWS; first += 20_000) {
      db.insert(Array.from({ length: 20_000 }, (_, i) => row(first + i)));
    }
    db.close();

    const host = new StudioHost({
      backend: createSessionBackend({ logs: { folder } }),
      preferences: new PreferencesStore(join(base, 'prefs')),
      exportFolder: join(base, 'exports'),
      allowExportPaths: true,
    });
    const progress: { done: number; total: number }[] = [];
    host.onPush((channel, payload) => {
      if (channel === 'logs:progress') progress.push(payload as { done: number; total: number });
    });
    const out = join(base, 'all.csv');
    const outcome: InvokeOutcome = await host.invoke('logs:export', {
      session: id,
      format: 'csv',
      filter: { stage: 'all' },
      path: out,
      requestId: 7,
    });
    expect(outcome).toMatchObject({ ok: true, value: { count: ROWS, path: out } });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual({ requestId: 7, done: ROWS, total: ROWS });
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done)).toBe(true);
    await host.close();

    let n = 0;
    for (const record of csvRecords(readFileSync(out, 'utf8'))) {
      if (n === 0) {
        expect(record).toEqual([
          'id',
          'time',
          'time_ms',
          'kind',
          'event',
          'stage',
          'core',
          'sequence',
          'text',
        ]);
      } else {
        const expected = row(n);
        const [rowId, time, timeMs, kind, event, stage, core, sequence, text] = record;
        if (
          Number(rowId) !== n ||
          time !== new Date(expected.arrivedAt).toISOString() ||
          Number(timeMs) !== expected.arrivedAt ||
          kind !== expected.kind ||
          event !== (expected.eventTag ? '2' : '') ||
          stage !== (expected.stage ?? '') ||
          Number(core) !== expected.core ||
          Number(sequence) !== expected.sequence ||
          text !== expected.text
        )
          expect({ line: n, record }).toEqual({ line: n, expected });
      }
      n++;
    }
    expect(n).toBe(ROWS + 1);
  }, 240_000);
});
