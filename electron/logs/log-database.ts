/**
 * One session's log database (better-sqlite3, WAL): the rows, two FTS5 indexes over their text
 * (`unicode61` words for word/phrase search, `trigram` for true substring search), per
 * kind/event/stage counters kept in the same transaction as the rows, and the session's metadata.
 * Synchronous: it runs inside the store worker (`store-worker.ts`) or, for reading archived
 * sessions and in tests, in the calling thread. Every filtered read is keyset-paged by `id`.
 */
import Database from 'better-sqlite3';
import type { LogKind, LogRecord, LogStage } from './log-record';

/** A stored row: a record plus its row id (assigned in arrival order by the writer). */
export interface StoredLog extends LogRecord {
  readonly id: number;
}

export type TextMode = 'substring' | 'fts' | 'regex';

export interface LogQuery {
  readonly stage?: LogStage;
  readonly eventTag?: number;
  readonly kinds?: readonly LogKind[];
  readonly core?: number;
  /** Wall-clock ms, inclusive bounds. */
  readonly since?: number;
  readonly until?: number;
  readonly text?: { readonly mode: TextMode; readonly value: string };
}

/** What a session file says about itself. */
export interface SessionMeta {
  readonly started: number;
  readonly endpoint: string;
  /** Process that writes the file (a dead owner with no `ended` means the session crashed). */
  readonly pid: number;
  readonly ended: number | null;
  /** Set when a later start found the session left open by a dead process. */
  readonly recovered: boolean;
}

export interface CountKey {
  readonly kind: LogKind;
  readonly eventTag: number | null;
  readonly stage: LogStage | null;
  readonly n: number;
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
  CREATE VIRTUAL TABLE IF NOT EXISTS logs_tri USING fts5(text, content='logs', content_rowid='id', tokenize='trigram');
  CREATE TABLE IF NOT EXISTS counts (
    kind TEXT NOT NULL,
    event_tag INTEGER NOT NULL,
    stage TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, event_tag, stage)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Trigram search needs at least three characters; shorter substrings are a filtered scan. */
const TRIGRAM_MIN = 3;

export function rowToLog(row: Row): StoredLog {
  return {
    id: row.id,
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

/** An FTS5 string literal: the text as one phrase, so no character has query meaning. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Whether a filter's text is found through an FTS5 index (which seeks by rowid range itself). */
export function usesTextIndex(query: LogQuery): boolean {
  const text = query.text;
  if (!text || text.value === '') return false;
  return text.mode === 'fts' || (text.mode === 'substring' && [...text.value].length >= TRIGRAM_MIN);
}

/** Whether a filter can be answered from the counters alone (no row has to be read). */
export function countableFromCounters(query: LogQuery): boolean {
  return (
    query.core === undefined &&
    query.since === undefined &&
    query.until === undefined &&
    query.text === undefined
  );
}

export class LogDatabase {
  readonly db: Database.Database;
  /** Absent on a read-only database. */
  private readonly insertBatch: ((rows: readonly StoredLog[]) => void) | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private regexCache: { source: string; regex: RegExp } | undefined;

  constructor(
    readonly path: string,
    options: { readonly readonly?: boolean } = {},
  ) {
    const readonly = options.readonly ?? false;
    this.db = new Database(path, { readonly, fileMustExist: readonly });
    this.db.function('regexp', { deterministic: true }, (pattern: unknown, text: unknown) => {
      const source = String(pattern);
      if (this.regexCache?.source !== source) this.regexCache = { source, regex: new RegExp(source, 'u') };
      return this.regexCache.regex.test(String(text)) ? 1 : 0;
    });
    if (readonly) return;
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insertBatch = this.batchWriter();
  }

  private batchWriter(): (rows: readonly StoredLog[]) => void {
    const insertRow = this.db.prepare(
      'INSERT INTO logs (id, sequence, arrived_at, kind, operation_code, event_tag, stage, core, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // One statement per batch and index fills the new rows (much cheaper than one FTS insert per row).
    const indexWords = this.db.prepare(
      'INSERT INTO logs_fts (rowid, text) SELECT id, text FROM logs WHERE id >= ?',
    );
    const indexTrigrams = this.db.prepare(
      'INSERT INTO logs_tri (rowid, text) SELECT id, text FROM logs WHERE id >= ?',
    );
    const addCount = this.db.prepare(
      'INSERT INTO counts (kind, event_tag, stage, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    return this.db.transaction((rows: readonly StoredLog[]) => {
      const counts = new Map<string, number>();
      for (const r of rows) {
        insertRow.run(
          r.id,
          r.sequence,
          r.arrivedAt,
          r.kind,
          r.operationCode,
          r.eventTag ?? null,
          r.stage ?? null,
          r.core ?? null,
          r.text,
        );
        const key = `${r.kind}\u0000${r.eventTag ?? 0}\u0000${r.stage ?? ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      indexWords.run(rows[0]!.id);
      indexTrigrams.run(rows[0]!.id);
      for (const [key, n] of counts) {
        const [kind, tag, stage] = key.split('\u0000');
        addCount.run(kind, Number(tag), stage, n);
      }
    });
  }

  /** Writes rows (ids strictly increasing, above every stored id) in one transaction. */
  insert(rows: readonly StoredLog[]): void {
    if (!this.insertBatch) throw new Error(`${this.path} is open read-only`);
    if (rows.length > 0) this.insertBatch(rows);
  }

  writeMeta(values: Partial<Record<keyof SessionMeta, string | number | boolean | null>>): void {
    const put = this.db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) put.run(key, JSON.stringify(value));
    })();
  }

  meta(): SessionMeta {
    const rows = this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    const values = new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    return {
      started: Number(values.get('started') ?? 0),
      endpoint: String(values.get('endpoint') ?? ''),
      pid: Number(values.get('pid') ?? 0),
      ended: typeof values.get('ended') === 'number' ? (values.get('ended') as number) : null,
      recovered: values.get('recovered') === true,
    };
  }

  /** Rows per kind, event and stage (kept with the rows, so reading them costs nothing). */
  counts(): CountKey[] {
    const rows = this.db.prepare('SELECT kind, event_tag, stage, n FROM counts').all() as {
      kind: LogKind;
      event_tag: number;
      stage: string;
      n: number;
    }[];
    return rows.map((r) => ({
      kind: r.kind,
      eventTag: r.event_tag === 0 ? null : r.event_tag,
      stage: r.stage === '' ? null : (r.stage as LogStage),
      n: r.n,
    }));
  }

  /** Highest stored id (0 when empty). */
  lastId(): number {
    return (this.db.prepare('SELECT max(id) AS id FROM logs').get() as { id: number | null }).id ?? 0;
  }

  /** Counts matching a counter-answerable filter without reading a row. */
  countFromCounters(query: LogQuery): number {
    let n = 0;
    for (const c of this.counts()) {
      if (query.stage !== undefined && c.stage !== query.stage) continue;
      if (query.eventTag !== undefined && c.eventTag !== query.eventTag) continue;
      if (query.kinds && query.kinds.length > 0 && !query.kinds.includes(c.kind)) continue;
      n += c.n;
    }
    return n;
  }

  /**
   * Matching rows with ids in [fromId, toId], at most `limit`, ascending or descending by id.
   * Callers scan a large table in id ranges so a search can report progress and be cancelled
   * between ranges. A bad full-text query or regular expression throws with SQLite's/JS's reason.
   */
  range(query: LogQuery, fromId: number, toId: number, limit: number, descending = false): StoredLog[] {
    const { sql, params, order } = this.select(query, 'SELECT logs.*', fromId, toId);
    const statement = this.statement(`${sql} ORDER BY ${order} ${descending ? 'DESC' : 'ASC'} LIMIT ?`);
    return (statement.all(...params, limit) as Row[]).map(rowToLog);
  }

  /** Number of matching rows with ids in [fromId, toId]. */
  countRange(query: LogQuery, fromId: number, toId: number): number {
    if (usesTextIndex(query) && Object.keys(query).length === 1) {
      // Text only: the index alone answers, no row is read.
      const table = query.text!.mode === 'fts' ? 'logs_fts' : 'logs_tri';
      const value = query.text!.mode === 'fts' ? query.text!.value : phrase(query.text!.value);
      const sql = `SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ? AND rowid BETWEEN ? AND ?`;
      return (this.statement(sql).get(value, fromId, toId) as { n: number }).n;
    }
    const { sql, params } = this.select(query, 'SELECT count(*) AS n', fromId, toId);
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  private select(query: LogQuery, head: string, fromId: number, toId: number) {
    const clauses: string[] = [];
    const params: unknown[] = [];
    let from = 'logs';
    let order = 'logs.id';
    const text = query.text;
    if (text && text.value !== '') {
      if (usesTextIndex(query)) {
        const table = text.mode === 'fts' ? 'logs_fts' : 'logs_tri';
        // Joining from the index lets FTS5 walk its rowid order and honour the id range itself.
        from = `${table} JOIN logs ON logs.id = ${table}.rowid`;
        order = `${table}.rowid`;
        clauses.push(`${table} MATCH ?`, `${table}.rowid BETWEEN ? AND ?`);
        params.push(text.mode === 'fts' ? text.value : phrase(text.value), fromId, toId);
      } else {
        clauses.push('logs.id BETWEEN ? AND ?');
        params.push(fromId, toId);
        if (text.mode === 'regex') {
          clauses.push('regexp(?, logs.text)');
        } else {
          // Like the trigram index: case-insensitive for ASCII.
          clauses.push("logs.text LIKE ? ESCAPE '\\'");
        }
        params.push(text.mode === 'regex' ? text.value : `%${text.value.replace(/[\\%_]/g, '\\$&')}%`);
      }
    } else {
      clauses.push('logs.id BETWEEN ? AND ?');
      params.push(fromId, toId);
    }
    if (query.kinds && query.kinds.length > 0) {
      clauses.push(`logs.kind IN (${query.kinds.map(() => '?').join(', ')})`);
      params.push(...query.kinds);
    }
    if (query.stage) {
      clauses.push('logs.stage = ?');
      params.push(query.stage);
    }
    if (query.eventTag !== undefined) {
      clauses.push('logs.event_tag = ?');
      params.push(query.eventTag);
    }
    if (query.core !== undefined) {
      clauses.push('logs.core = ?');
      params.push(query.core);
    }
    if (query.since !== undefined) {
      clauses.push('logs.arrived_at >= ?');
      params.push(query.since);
    }
    if (query.until !== undefined) {
      clauses.push('logs.arrived_at <= ?');
      params.push(query.until);
    }
    return { sql: `${head} FROM ${from} WHERE ${clauses.join(' AND ')}`, params, order };
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Folds the WAL into the database file (a clean close leaves one self-contained file). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}

/** Checks a search before it runs, so a bad one is reported instead of matching nothing. */
export function validateTextQuery(text: LogQuery['text']): string | undefined {
  if (!text || text.value === '') return undefined;
  if (text.mode === 'regex') {
    try {
      new RegExp(text.value, 'u');
    } catch (error) {
      return `'${text.value}' is not a valid regular expression: ${(error as Error).message}`;
    }
  }
  return undefined;
}
