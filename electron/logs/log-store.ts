/**
 * Per-session log store, main-thread side: every debuggee message is classified here (kind,
 * event, calling stage, arrival time), numbered, counted and kept in a bounded ring for live
 * views, then handed in batches to the database (a worker thread for sessions, see
 * store-backend.ts). Reads are promises answered by the database's thread. Nothing is dropped:
 * the ring elides, the database keeps all — unless storing stops (disk full, unwritable folder,
 * free-space floor), which is reported once and leaves the session running.
 */
import type { LogStore } from '../ports/services';
import type { LogMessage, PausedContext } from '../session/link';
import { LogCounters, type CountersSnapshot, type StageCounts } from './log-counters';
import type { LogQuery, StoredLog } from './log-database';
import type { ExportFormat } from './log-format';
import type { PageRequest } from './log-operations';
import { LogClassifier, type EventStageLookup, type LogRecord } from './log-record';
import { LogRing } from './log-ring';
import {
  discardingBackend,
  inlineBackend,
  workerBackend,
  type CallControl,
  type StoreBackend,
} from './store-backend';

export interface LogStoreOptions {
  /** Database file; ':memory:' (default) for a throwaway store. */
  readonly path?: string;
  /**
   * Run SQLite in a worker thread (sessions), in this thread (default; tests, dry runs), or not
   * at all (`none`: rows are classified, counted and kept in the ring only).
   */
  readonly thread?: 'worker' | 'inline' | 'none';
  /** Recorded in a new session file: when it started and what it is connected to. */
  readonly session?: { readonly started: number; readonly endpoint: string };
  /** Stop storing when the file system has less free space than this (bytes). */
  readonly minFreeBytes?: number;
  /** Live window size (default 10 000 records). */
  readonly ringCapacity?: number;
  /** Rows per batch handed to the database (default 2 000); a timer sends smaller batches. */
  readonly batchSize?: number;
  /** Longest a record waits before it is handed over (default 100 ms). */
  readonly flushIntervalMs?: number;
  /** Arrival time → wall-clock ms; default: the link's `performance.now()` times + `performance.timeOrigin`. */
  readonly toWallClock?: (arrivedAt: number) => number;
}

export interface LogStats {
  /** Rows handed to the database. */
  readonly stored: number;
  /** Rows waiting for the next batch. */
  readonly pending: number;
  /** Rows pushed out of the live window (still stored). */
  readonly elidedFromRing: number;
  /** Missing link sequence numbers (messages the session never delivered). */
  readonly sequenceGaps: number;
  /** Rows that arrived after storing stopped. */
  readonly notStored: number;
  /** Messages answering internal queries (a pane's `bl`, `k`), never stored as user output. */
  readonly internal: number;
  /** Why storing stopped, or null. */
  readonly stoppedReason: string | null;
}

export class SqliteLogStore implements LogStore {
  private readonly backend: StoreBackend;
  private readonly ring: LogRing<StoredLog>;
  private readonly classifier: LogClassifier;
  private readonly counters = new LogCounters();
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private pending: StoredLog[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private stored = 0;
  private notStored = 0;
  private internal = 0;
  private internalQueries = 0;
  private lastSequence: number | undefined;
  private gaps = 0;
  private stoppedReason: string | null = null;
  private closed: Promise<void> | undefined;
  private readonly listeners = new Set<(records: readonly StoredLog[]) => void>();
  private readonly stopListeners = new Set<(reason: string) => void>();

  constructor(options: LogStoreOptions = {}) {
    const writer = {
      path: options.path ?? ':memory:',
      ...(options.session ? { session: options.session } : {}),
      ...(options.minFreeBytes !== undefined ? { minFreeBytes: options.minFreeBytes } : {}),
    };
    const onStopped = (reason: string): void => this.storageStopped(reason);
    this.backend =
      options.thread === 'worker'
        ? workerBackend(writer, onStopped)
        : options.thread === 'none'
          ? discardingBackend()
          : inlineBackend(writer, onStopped);
    this.ring = new LogRing(options.ringCapacity ?? 10_000);
    this.classifier = new LogClassifier(options.toWallClock);
    this.batchSize = options.batchSize ?? 2_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
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
    return this.appendRecord(this.classifier.fromMessage(message));
  }

  /** Halts: event triggers become stage-tagged rows; later event output inherits the stage. */
  observePause(context: PausedContext): StoredLog | undefined {
    const notice = this.classifier.fromPause(context);
    return notice ? this.appendRecord(notice) : undefined;
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

  /** Called with each batch as it is handed to the database (live views subscribe here). */
  onRecords(listener: (records: readonly StoredLog[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called once if storing stops, with the reason (names the file). */
  onStorageStopped(listener: (reason: string) => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  private appendRecord(record: LogRecord): StoredLog {
    const row: StoredLog = { ...record, id: this.nextId++ };
    this.counters.add(row);
    this.ring.push(row);
    this.pending.push(row);
    if (this.pending.length >= this.batchSize) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushIntervalMs);
      this.timer.unref?.();
    }
    return row;
  }

  /** Hands everything pending to the database as one batch. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    if (this.stoppedReason === null && this.closed === undefined) {
      this.backend.insert(batch);
      this.stored += batch.length;
    } else this.notStored += batch.length;
    for (const listener of this.listeners) listener(batch);
  }

  private storageStopped(reason: string): void {
    if (this.stoppedReason !== null) return;
    this.stoppedReason = reason;
    for (const listener of this.stopListeners) listener(reason);
  }

  /** The live window, oldest first. */
  recent(): StoredLog[] {
    return this.ring.toArray();
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
      pending: this.pending.length,
      elidedFromRing: this.ring.elidedCount,
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
