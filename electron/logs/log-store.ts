/**
 * Per-session log store: every debuggee message goes into an embedded SQLite database
 * (better-sqlite3, WAL, FTS5 full-text index) in batched transactions, and into a bounded ring
 * for live views. Queries serve a virtualized view (offset/limit with filters and counts);
 * exports stream JSONL or CSV. Nothing is dropped: the ring elides, the database keeps all.
 */
import Database from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { LogStore } from '../ports/services';
import type { LogMessage, PausedContext } from '../session/link';
import {
  LogClassifier,
  type EventStageLookup,
  type LogKind,
  type LogRecord,
  type LogStage,
} from './log-record';
import { LogRing } from './log-ring';

export interface LogStoreOptions {
  /** Database file; ':memory:' (default) for a throwaway store. */
  readonly path?: string;
  /** Live window size (default 10 000 records). */
  readonly ringCapacity?: number;
  /** Rows per transaction (default 2 000); a timer flushes smaller batches. */
  readonly batchSize?: number;
  /** Longest a record waits before it is queryable (default 100 ms). */
  readonly flushIntervalMs?: number;
  /** Arrival time → wall-clock ms; default: the link's `performance.now()` times + `performance.timeOrigin`. */
  readonly toWallClock?: (arrivedAt: number) => number;
}

export interface LogFilter {
  readonly kinds?: readonly LogKind[];
  readonly stage?: LogStage;
  readonly eventTag?: number;
  readonly core?: number;
  /** FTS5 query (words, "phrases", prefix*); see SQLite FTS5 syntax. */
  readonly text?: string;
}

export interface LogStats {
  readonly stored: number;
  /** Records not yet written (waiting for the next batch). */
  readonly pending: number;
  /** Records pushed out of the live window (still stored). */
  readonly elidedFromRing: number;
  /** Missing link sequence numbers (messages the session never delivered). */
  readonly sequenceGaps: number;
}

interface Row {
  id: number;
  sequence: number;
  arrived_at: number;
  kind: LogKind;
  operation_code: number;
  event_tag: number | null;
  stage: LogStage | null;
  core: number | null;
  text: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY,
    sequence INTEGER NOT NULL,
    arrived_at REAL NOT NULL,
    kind TEXT NOT NULL,
    operation_code INTEGER NOT NULL,
    event_tag INTEGER,
    stage TEXT,
    core INTEGER,
    text TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS logs_event ON logs(event_tag) WHERE event_tag IS NOT NULL;
  CREATE VIRTUAL TABLE IF NOT EXISTS logs_fts USING fts5(text, content='logs', content_rowid='id');
`;

function rowToRecord(row: Row): LogRecord {
  return {
    sequence: row.sequence,
    arrivedAt: row.arrived_at,
    kind: row.kind,
    operationCode: row.operation_code,
    ...(row.event_tag !== null ? { eventTag: row.event_tag } : {}),
    ...(row.stage !== null ? { stage: row.stage } : {}),
    ...(row.core !== null ? { core: row.core } : {}),
    text: row.text,
  };
}

export class SqliteLogStore implements LogStore {
  private readonly db: Database.Database;
  private readonly insertRow: Database.Statement;
  private readonly indexText: Database.Statement;
  private readonly insertBatch: (records: LogRecord[]) => void;
  private readonly ring: LogRing<LogRecord>;
  private readonly classifier: LogClassifier;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private pending: LogRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stored = 0;
  private lastSequence: number | undefined;
  private gaps = 0;
  private readonly listeners = new Set<(records: readonly LogRecord[]) => void>();

  constructor(options: LogStoreOptions = {}) {
    this.db = new Database(options.path ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insertRow = this.db.prepare(
      'INSERT INTO logs (sequence, arrived_at, kind, operation_code, event_tag, stage, core, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // One statement per batch indexes the new rows (much cheaper than one FTS insert per row).
    this.indexText = this.db.prepare(
      'INSERT INTO logs_fts (rowid, text) SELECT id, text FROM logs WHERE id >= ?',
    );
    this.insertBatch = this.db.transaction((records: LogRecord[]) => {
      let firstId: number | bigint | undefined;
      for (const r of records) {
        const { lastInsertRowid } = this.insertRow.run(
          r.sequence,
          r.arrivedAt,
          r.kind,
          r.operationCode,
          r.eventTag ?? null,
          r.stage ?? null,
          r.core ?? null,
          r.text,
        );
        firstId ??= lastInsertRowid;
      }
      if (firstId !== undefined) this.indexText.run(firstId);
    });
    this.stored = (this.db.prepare('SELECT count(*) AS n FROM logs').get() as { n: number }).n;
    this.ring = new LogRing(options.ringCapacity ?? 10_000);
    this.classifier = new LogClassifier(options.toWallClock);
    this.batchSize = options.batchSize ?? 2_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
  }

  /** Every a41 message of the session, in arrival order. */
  append(message: LogMessage): void {
    if (this.lastSequence !== undefined && message.sequence > this.lastSequence + 1) {
      this.gaps += message.sequence - this.lastSequence - 1;
    }
    this.lastSequence = message.sequence;
    this.appendRecord(this.classifier.fromMessage(message));
  }

  /** Halts: event triggers become stage-tagged records; later event output inherits the stage. */
  observePause(context: PausedContext): void {
    const notice = this.classifier.fromPause(context);
    if (notice) this.appendRecord(notice);
  }

  observeResume(): void {
    this.classifier.observeResume();
  }

  /** Lets event output without a halt get its stage from the event's registration. */
  setEventStageLookup(lookup: EventStageLookup): void {
    this.classifier.setEventStageLookup(lookup);
  }

  /** Called with each flushed batch (live views subscribe here, never miss a row). */
  onRecords(listener: (records: readonly LogRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private appendRecord(record: LogRecord): void {
    this.ring.push(record);
    this.pending.push(record);
    if (this.pending.length >= this.batchSize) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.timer.unref?.();
    }
  }

  /** Writes everything pending in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.insertBatch(batch);
    this.stored += batch.length;
    for (const listener of this.listeners) listener(batch);
  }

  /** The live window, oldest first. */
  recent(): LogRecord[] {
    return this.ring.toArray();
  }

  stats(): LogStats {
    return {
      stored: this.stored,
      pending: this.pending.length,
      elidedFromRing: this.ring.elidedCount,
      sequenceGaps: this.gaps,
    };
  }

  private where(filter: LogFilter): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.kinds && filter.kinds.length > 0) {
      clauses.push(`kind IN (${filter.kinds.map(() => '?').join(', ')})`);
      params.push(...filter.kinds);
    }
    if (filter.stage) {
      clauses.push('stage = ?');
      params.push(filter.stage);
    }
    if (filter.eventTag !== undefined) {
      clauses.push('event_tag = ?');
      params.push(filter.eventTag);
    }
    if (filter.core !== undefined) {
      clauses.push('core = ?');
      params.push(filter.core);
    }
    if (filter.text) {
      clauses.push('id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)');
      params.push(filter.text);
    }
    return { sql: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Rows `offset .. offset+limit` (arrival order) matching `filter`. */
  query(filter: LogFilter, offset: number, limit: number): LogRecord[] {
    this.flush();
    const { sql, params } = this.where(filter);
    const rows = this.db
      .prepare(`SELECT * FROM logs${sql} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Row[];
    return rows.map(rowToRecord);
  }

  count(filter: LogFilter = {}): number {
    this.flush();
    const { sql, params } = this.where(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM logs${sql}`).get(...params) as { n: number }).n;
  }

  /** Streams matching rows to a file as JSON lines (one record per line). */
  async exportJsonl(path: string, filter: LogFilter = {}): Promise<number> {
    return this.exportRows(path, filter, undefined, (r) => JSON.stringify(rowToRecord(r)) + '\n');
  }

  /** Streams matching rows to a file as RFC 4180 CSV with a header line. */
  async exportCsv(path: string, filter: LogFilter = {}): Promise<number> {
    const header = 'sequence,arrived_at,kind,operation_code,event_tag,stage,core,text\r\n';
    return this.exportRows(
      path,
      filter,
      header,
      (r) =>
        [
          r.sequence,
          new Date(r.arrived_at).toISOString(),
          r.kind,
          r.operation_code,
          r.event_tag === null ? '' : '0x' + r.event_tag.toString(16),
          r.stage ?? '',
          r.core ?? '',
          csvField(r.text),
        ].join(',') + '\r\n',
    );
  }

  private async exportRows(
    path: string,
    filter: LogFilter,
    header: string | undefined,
    line: (row: Row) => string,
  ) {
    this.flush();
    const { sql, params } = this.where(filter);
    const page = this.db.prepare(
      `SELECT * FROM logs${sql ? sql + ' AND' : ' WHERE'} id > ? ORDER BY id LIMIT 5000`,
    );
    const out = createWriteStream(path);
    let n = 0;
    if (header) out.write(header);
    // Page by id so no statement stays open across awaits (appends may flush meanwhile).
    for (let lastId = 0; ;) {
      const rows = page.all(...params, lastId) as Row[];
      if (rows.length === 0) break;
      for (const row of rows) {
        n++;
        if (!out.write(line(row))) await once(out, 'drain');
      }
      lastId = rows[rows.length - 1].id;
    }
    out.end();
    await once(out, 'finish');
    return n;
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
