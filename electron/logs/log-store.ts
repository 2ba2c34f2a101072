/**
 * Per-session log store, main-thread side: every debuggee message is classified here (kind,
 * event, calling stage, arrival time), numbered and counted, pushed to live views every frame,
 * and queued for the database (a worker thread for sessions, see store-backend.ts). Reads are
 * promises answered by the database's thread.
 *
 * The queue to the database is bounded. Rows go over in batches; while more than
 * `maxInFlightRows` are still being written the worker lags, and rows wait in main so the next
 * batch is bigger (fewer transactions: the worker catches up). Beyond `maxQueuedRows` waiting,
 * new rows are not stored: they are still shown live and counted, the number not stored is
 * kept (`stats().notStored`, the pane's counters) and a warning says so when it starts and when
 * the database has caught up. Storing also stops for good on a full disk, an unwritable folder or
 * the free-space floor, reported once; the session keeps running either way.
 */
import { Emitter } from '../../shared/events/emitter';
import type { LogStore } from '../ports/services';
import type { LogMessage, HaltContext } from '../session/link';
import { LogCounters, type CountersSnapshot, type StageCounts } from './log-counters';
import type { LogQuery, StoredLog } from './log-database';
import type { ExportFormat } from './log-format';
import type { PageRequest } from './log-operations';
import { LogClassifier, type EventStageLookup } from './log-record';
import {
  discardingBackend,
  inlineBackend,
  workerBackend,
  type BackendFactory,
  type CallControl,
  type StoreBackend,
} from './store-backend';

export interface LogStoreOptions {
  /** Database file; ':memory:' (default) for a throwaway store. */
  readonly path?: string;
  /**
   * Run SQLite in a worker thread (sessions), in this thread (default; tests, dry runs), or not
   * at all (`none`: rows are classified, counted and pushed to live views only).
   */
  readonly thread?: 'worker' | 'inline' | 'none';
  /** A backend of one's own instead of `thread` (tests: a deliberately slow database). */
  readonly backend?: BackendFactory;
  /** Recorded in a new session file: when it started and what it is connected to. */
  readonly session?: { readonly started: number; readonly endpoint: string };
  /** Stop storing when the file system has less free space than this (bytes). */
  readonly minFreeBytes?: number;
  /** Rows per batch handed to the database (default 2 000); a timer sends smaller batches. */
  readonly batchSize?: number;
  /** Longest a row waits before it is handed to the database (default 100 ms). */
  readonly flushIntervalMs?: number;
  /** Longest a row waits before live views get it (default 16 ms, one frame). */
  readonly liveIntervalMs?: number;
  /** Rows handed over and not yet written beyond which rows wait in main (default 20 000). */
  readonly maxInFlightRows?: number;
  /** Rows waiting in main beyond which new rows are not stored, only counted (default 100 000). */
  readonly maxQueuedRows?: number;
  /** Largest batch handed over at once (default 20 000). */
  readonly maxBatchRows?: number;
  /** Arrival time → wall-clock ms; default: the link's `performance.now()` times + `performance.timeOrigin`. */
  readonly toWallClock?: (arrivedAt: number) => number;
}

export interface LogStats {
  /** Rows handed to the database. */
  readonly stored: number;
  /** Rows waiting in main for the next batch. */
  readonly pending: number;
  /** Rows handed to the database that it has not finished writing. */
  readonly writing: number;
  /** Missing link sequence numbers (messages the session never delivered). */
  readonly sequenceGaps: number;
  /** Rows shown live but never stored: after storing stopped, or while the database lagged too far. */
  readonly notStored: number;
  /** Messages answering internal queries (a pane's `bl`, `k`), never stored as user output. */
  readonly internal: number;
  /** Why storing stopped, or null. */
  readonly stoppedReason: string | null;
}

const backends: Record<NonNullable<LogStoreOptions['thread']>, BackendFactory> = {
  worker: workerBackend,
  inline: inlineBackend,
  none: discardingBackend,
};

export class SqliteLogStore implements LogStore {
  private readonly backend: StoreBackend;
  private readonly classifier: LogClassifier;
  private readonly counters = new LogCounters();
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly liveIntervalMs: number;
  private readonly maxInFlightRows: number;
  private readonly maxQueuedRows: number;
  private readonly maxBatchRows: number;
  /** Rows live views have not had yet. */
  private live: StoredLog[] = [];
  /** Rows the database has not had yet, and since when the oldest of them waits. */
  private queue: StoredLog[] = [];
  private queuedSince = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private stored = 0;
  private notStored = 0;
  /** While rows are not stored because the database lags: the first such row and how many. */
  private lag: { firstId: number; rows: number } | undefined;
  private internal = 0;
  private internalQueries = 0;
  private lastSequence: number | undefined;
  private gaps = 0;
  private stoppedReason: string | null = null;
  private closed: Promise<void> | undefined;
  private readonly events = new Emitter<{
    records: readonly StoredLog[];
    storageStopped: string;
    storageWarning: string;
  }>();

  constructor(options: LogStoreOptions = {}) {
    const writer = {
      path: options.path ?? ':memory:',
      ...(options.session ? { session: options.session } : {}),
      ...(options.minFreeBytes !== undefined ? { minFreeBytes: options.minFreeBytes } : {}),
    };
    const factory = options.backend ?? backends[options.thread ?? 'inline'];
    this.backend = factory(writer, {
      stopped: (reason) => this.storageStopped(reason),
      written: (rows) => this.written(rows),
    });
    this.classifier = new LogClassifier(options.toWallClock);
    this.batchSize = options.batchSize ?? 2_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.liveIntervalMs = options.liveIntervalMs ?? 16;
    this.maxInFlightRows = options.maxInFlightRows ?? 20_000;
    this.maxQueuedRows = options.maxQueuedRows ?? 100_000;
    this.maxBatchRows = options.maxBatchRows ?? 20_000;
  }

  /** Every a41 message of the session, in arrival order; the stored row (none for internal queries). */
  append(message: LogMessage): StoredLog | undefined {
    if (this.lastSequence !== undefined && message.sequence > this.lastSequence + 1) {
      this.gaps += message.sequence - this.lastSequence - 1;
    }
    this.lastSequence = message.sequence;
    if (this.internalQueries > 0) {
      this.internal++;
      return undefined;
    }
    return this.appendRow(this.classifier.fromMessage(message, this.nextId++));
  }

  /** Halts: event triggers become stage-tagged rows; later event output inherits the stage. */
  observePause(context: HaltContext): StoredLog | undefined {
    const notice = this.classifier.fromPause(context, this.nextId);
    if (!notice) return undefined;
    this.nextId++;
    return this.appendRow(notice);
  }

  observeResume(): void {
    this.classifier.observeResume();
  }

  /** Lets event output without a halt get its stage from the event's registration. */
  setEventStageLookup(lookup: EventStageLookup): void {
    this.classifier.setEventStageLookup(lookup);
  }

  /**
   * While the returned function has not been called, messages answer an internal query (a pane
   * reading `bl` or the call stack) and are not stored: they are not the user's output.
   */
  beginInternalQuery(): () => void {
    this.internalQueries++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.internalQueries--;
    };
  }

  /** Called with new rows at most one frame after they arrive (live views subscribe here). */
  onRecords(listener: (records: readonly StoredLog[]) => void): () => void {
    return this.events.on('records', listener);
  }

  /** Called once if storing stops, with the reason (names the file). */
  onStorageStopped(listener: (reason: string) => void): () => void {
    return this.events.on('storageStopped', listener);
  }

  /** Called when rows start not being stored because the database lags, and when it caught up. */
  onStorageWarning(listener: (message: string) => void): () => void {
    return this.events.on('storageWarning', listener);
  }

  private appendRow(row: StoredLog): StoredLog {
    this.counters.add(row);
    this.live.push(row);
    if (this.queue.length === 0) this.queuedSince = performance.now();
    if (this.queue.length < this.maxQueuedRows) this.queue.push(row);
    else this.notStoredWhileLagging(row);
    if (this.live.length >= this.batchSize) {
      this.publish();
      this.handOver(false);
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.tick(), this.liveIntervalMs);
      this.timer.unref?.();
    }
    return row;
  }

  private tick(): void {
    this.timer = undefined;
    this.publish();
    this.handOver(false);
    if (this.live.length > 0 || this.queue.length > 0) {
      this.timer = setTimeout(() => this.tick(), this.liveIntervalMs);
      this.timer.unref?.();
    }
  }

  /** Gives live views what they have not had yet. */
  private publish(): void {
    if (this.live.length === 0) return;
    const rows = this.live;
    this.live = [];
    this.events.emit('records', rows);
  }

  /**
   * Hands queued rows to the database when a batch is full or its oldest row waited long enough
   * (`force`: now, whatever the worker's lag; reads do this so that they see every row).
   */
  private handOver(force: boolean): void {
    if (this.queue.length === 0) return;
    if (this.stoppedReason !== null || this.closed !== undefined) {
      this.notStored += this.queue.length;
      this.queue = [];
      return;
    }
    const due =
      force ||
      this.queue.length >= this.batchSize ||
      performance.now() - this.queuedSince >= this.flushIntervalMs;
    if (!due) return;
    while (this.queue.length > 0 && (force || this.inFlight < this.maxInFlightRows)) {
      const batch =
        this.queue.length <= this.maxBatchRows ? this.queue : this.queue.slice(0, this.maxBatchRows);
      this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatchRows);
      this.inFlight += batch.length;
      this.stored += batch.length;
      this.backend.insert(batch);
    }
    this.queuedSince = performance.now();
    if (this.lag && this.queue.length === 0) this.caughtUp();
  }

  private written(rows: number): void {
    this.inFlight = Math.max(0, this.inFlight - rows);
    if (this.inFlight < this.maxInFlightRows) this.handOver(false);
  }

  private notStoredWhileLagging(row: StoredLog): void {
    this.notStored++;
    if (this.lag) {
      this.lag.rows++;
      return;
    }
    this.lag = { firstId: row.id, rows: 1 };
    this.warn(
      `the session log's database fell ${this.maxQueuedRows.toLocaleString('en-US')} rows behind; from row ${row.id} new rows are shown live and counted but not stored until it catches up`,
    );
  }

  private caughtUp(): void {
    const { firstId, rows } = this.lag!;
    this.lag = undefined;
    this.warn(
      `the session log's database caught up; ${rows.toLocaleString('en-US')} rows from row ${firstId} on were not stored while it lagged (${this.notStored.toLocaleString('en-US')} in this session)`,
    );
  }

  private warn(message: string): void {
    this.events.emit('storageWarning', message);
  }

  /** Gives live views and the database everything pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.publish();
    this.handOver(true);
  }

  private storageStopped(reason: string): void {
    if (this.stoppedReason !== null) return;
    this.stoppedReason = reason;
    this.events.emit('storageStopped', reason);
  }

  /** Rows per stage, event and kind so far (no database read). */
  counts(): CountersSnapshot {
    return this.counters.snapshot();
  }

  /** One event's rows per calling stage: its hit counts. */
  eventCounts(tag: number): StageCounts {
    return this.counters.event(tag);
  }

  stats(): LogStats {
    return {
      stored: this.stored,
      pending: this.queue.length,
      writing: this.inFlight,
      sequenceGaps: this.gaps,
      notStored: this.notStored,
      internal: this.internal,
      stoppedReason: this.stoppedReason,
    };
  }

  /** A page of matching rows by keyset (`afterId` / `beforeId`), oldest first. */
  async page(query: LogQuery, page: PageRequest, control?: CallControl): Promise<StoredLog[]> {
    this.flush();
    return (await this.backend.call({ op: 'page', query, page }, control)) as StoredLog[];
  }

  /** Matching rows: counters answer kind/event/stage filters, other filters are counted in ranges. */
  async count(query: LogQuery = {}, control?: CallControl): Promise<number> {
    this.flush();
    return (await this.backend.call({ op: 'count', query }, control)) as number;
  }

  /** Streams matching rows to `path` (JSONL or RFC 4180 CSV) in the database's thread. */
  async export(
    path: string,
    format: ExportFormat,
    query: LogQuery = {},
    control?: CallControl,
  ): Promise<number> {
    this.flush();
    return (await this.backend.call({ op: 'export', query, format, path }, control)) as number;
  }

  /** Writes what is pending, marks the session ended and closes the file. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    this.flush();
    this.closed = this.backend.call({ op: 'close' }).then(
      () => undefined,
      () => undefined,
    );
    return this.closed;
  }
}
