/**
 * The long-running reads of a log database — a page of a filtered view, a filtered count, an
 * export — done in id ranges. Between ranges the operation yields to the event loop, so the
 * thread that runs it (the store worker) keeps writing new rows, reports progress and notices a
 * cancel. Shared by the worker and by in-thread readers (`hds logs`, tests).
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import {
  countableFromCounters,
  usesTextIndex,
  type LogDatabase,
  type LogQuery,
  type StoredLog,
} from './log-database';
import { csvHeader, csvLine, jsonLine, type ExportFormat } from './log-format';

/**
 * Ids per range: small enough to answer a cancel within tens of milliseconds. An FTS5 index
 * seeks to a rowid range itself, so index-driven searches take larger ranges (fewer passes over
 * the same doclists); scans (regex, short substrings, column filters) take smaller ones.
 */
const SCAN_RANGE_IDS = 50_000;
const INDEX_RANGE_IDS = 1_000_000;
const rangeIds = (query: LogQuery): number => (usesTextIndex(query) ? INDEX_RANGE_IDS : SCAN_RANGE_IDS);
const EXPORT_PAGE = 5_000;

export interface OperationControl {
  /** Called between ranges: `done` of `total` ids scanned. */
  progress?(done: number, total: number): void;
  /** True once the caller gave up; the operation then throws `CancelledError`. */
  cancelled?(): boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function between(control: OperationControl, done: number, total: number): Promise<void> {
  control.progress?.(done, total);
  await yieldToEventLoop();
  if (control.cancelled?.()) throw new CancelledError();
}

export interface PageRequest {
  /** Rows with a larger id (oldest first); default 0, the start. */
  readonly afterId?: number;
  /** Rows with a smaller id, the newest of them (still returned oldest first). */
  readonly beforeId?: number;
  readonly limit: number;
}

/** One page of matching rows by keyset (never OFFSET), oldest first. */
export async function readPage(
  db: LogDatabase,
  query: LogQuery,
  page: PageRequest,
  control: OperationControl = {},
): Promise<StoredLog[]> {
  const last = db.lastId();
  const span = rangeIds(query);
  const found: StoredLog[] = [];
  if (page.beforeId !== undefined) {
    const top = Math.min(page.beforeId - 1, last);
    for (let hi = top; hi >= 1 && found.length < page.limit; hi -= span) {
      found.push(...db.range(query, Math.max(1, hi - span + 1), hi, page.limit - found.length, true));
      if (found.length < page.limit && hi - span >= 1) await between(control, top - hi, top);
    }
    return found.reverse();
  }
  const start = (page.afterId ?? 0) + 1;
  for (let lo = start; lo <= last && found.length < page.limit; lo += span) {
    found.push(...db.range(query, lo, Math.min(last, lo + span - 1), page.limit - found.length));
    if (found.length < page.limit && lo + span <= last) await between(control, lo - start, last - start);
  }
  return found;
}

/** Rows matching `query`: from the counters when it filters by kind/event/stage only, else counted. */
export async function countMatching(
  db: LogDatabase,
  query: LogQuery,
  control: OperationControl = {},
): Promise<number> {
  if (countableFromCounters(query)) return db.countFromCounters(query);
  const last = db.lastId();
  const span = rangeIds(query);
  let n = 0;
  for (let lo = 1; lo <= last; lo += span) {
    n += db.countRange(query, lo, Math.min(last, lo + span - 1));
    if (lo + span <= last) await between(control, lo, last);
  }
  return n;
}

/**
 * Writes the matching rows to `path` (created 0600, replaced if present) as JSONL or RFC 4180
 * CSV, page by page; a cancelled or failed export removes its partial file.
 */
export async function exportMatching(
  db: LogDatabase,
  query: LogQuery,
  format: ExportFormat,
  path: string,
  control: OperationControl = {},
): Promise<number> {
  const fd = openSync(path, 'w', 0o600);
  let written = 0;
  try {
    if (format === 'csv') writeSync(fd, csvHeader());
    const last = db.lastId();
    let afterId = 0;
    for (;;) {
      const rows = await readPage(
        db,
        query,
        { afterId, limit: EXPORT_PAGE },
        { cancelled: control.cancelled },
      );
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) chunk += format === 'csv' ? csvLine(row) : jsonLine(row);
      writeSync(fd, chunk);
      written += rows.length;
      afterId = rows[rows.length - 1]!.id;
      await between(control, afterId, last);
    }
    control.progress?.(last, last);
  } catch (error) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  return written;
}
