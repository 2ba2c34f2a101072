// The logs side of the host: the session archive (a new file per connection, retention, crash
// recovery), the live session's store, and readers of archived sessions, all in IPC terms. Every
// database runs in a worker thread, so a search over millions of rows never blocks main.
import { join } from 'node:path';
import type { ArchivedSession, LogCounts, LogFilter } from '../../shared/ipc';
import type { LogQuery } from '../logs/log-database';
import type { LogKind } from '../logs/log-record';
import { SqliteLogStore } from '../logs/log-store';
import {
  DEFAULT_RETENTION,
  SessionArchive,
  type ArchiveEntry,
  type RetentionPolicy,
} from '../logs/session-archive';
import type { LogCallControl, LogPage } from './backend';
import { archivedSession, logEntry } from './ipc-mapping';
import { userDataFolder } from './paths';

export interface SessionLogsOptions {
  /** Archive folder; default `<data folder>/sessions` (HDS_DATA_DIR when set). */
  readonly folder?: string;
  readonly retention?: RetentionPolicy;
}

export function defaultArchiveFolder(): string {
  return join(userDataFolder(), 'sessions');
}

/** The pane's filter in the store's terms. */
export function storeQuery(filter: LogFilter): LogQuery {
  const text = filter.text?.trim() ? filter.text : undefined;
  return {
    ...(filter.stage !== 'all' ? { stage: filter.stage } : {}),
    ...(filter.eventTag !== undefined ? { eventTag: filter.eventTag } : {}),
    ...(filter.core !== undefined ? { core: filter.core } : {}),
    ...(filter.kinds && filter.kinds.length > 0 ? { kinds: filter.kinds as LogKind[] } : {}),
    ...(filter.since !== undefined ? { since: filter.since } : {}),
    ...(filter.until !== undefined ? { until: filter.until } : {}),
    ...(text !== undefined ? { text: { mode: filter.textMode ?? 'substring', value: text } } : {}),
  };
}

export function logCounts(store: SqliteLogStore): LogCounts {
  const { total, byStage, byEvent } = store.counts();
  const { stoppedReason, notStored } = store.stats();
  return { total, byStage, byEvent: [...byEvent], storageStopped: stoppedReason, notStored };
}

export class SessionLogs {
  readonly archive: SessionArchive;
  /** Sessions a crash left open, recovered at start (for a console notice). */
  readonly recovered: ArchiveEntry[];
  private live: { id: string; store: SqliteLogStore } | undefined;
  private reader: { id: string; store: SqliteLogStore } | undefined;

  constructor(options: SessionLogsOptions = {}) {
    this.archive = new SessionArchive(
      options.folder ?? defaultArchiveFolder(),
      options.retention ?? DEFAULT_RETENTION,
    );
    this.recovered = this.archive.recover();
  }

  /**
   * A new session file and its store (worker thread). When the folder cannot be written the store
   * still runs the session; it reports that storing stopped, naming the path.
   */
  createLiveStore(endpoint: string): { store: SqliteLogStore; path: string } {
    const started = Date.now();
    let created: { id: string; path: string };
    try {
      created = this.archive.create(endpoint, started);
    } catch {
      // The store's own open fails on the same path and reports why, naming it.
      created = { id: '', path: this.archive.pathOf('unwritable') };
    }
    // the new session counts against the limits and is never the one deleted
    this.archive.enforceRetention(new Set([created.id, ...(this.live ? [this.live.id] : [])]));
    const store = new SqliteLogStore({
      path: created.path,
      thread: 'worker',
      session: { started, endpoint },
      minFreeBytes: this.archive.retention.minFreeMb * 1024 * 1024,
      toWallClock: (t) => performance.timeOrigin + t,
      // the host's batcher coalesces per frame already; a second 16 ms wait here would add to the
      // followed tail's latency
      liveIntervalMs: 4,
    });
    this.live = { id: created.id, store };
    return { store, path: created.path };
  }

  /**
   * The Settings' retention: used from the next session on, and applied now to the ended
   * sessions (the one being recorded is never deleted). An open reader is closed first (a file
   * in use cannot be deleted on Windows); the next read reopens it. Returns the ids deleted.
   */
  async setRetention(retention: RetentionPolicy): Promise<string[]> {
    this.archive.retention = retention;
    await this.close();
    return this.archive.enforceRetention(new Set(this.live ? [this.live.id] : []));
  }

  /** The live session ended: its file stays in the archive. */
  async closeLive(store: SqliteLogStore): Promise<void> {
    if (this.live?.store === store) this.live = undefined;
    await store.close();
  }

  async list(): Promise<{ folder: string; sessions: ArchivedSession[] }> {
    return { folder: this.archive.folder, sessions: this.archive.list().map(archivedSession) };
  }

  async delete(id: string): Promise<void> {
    if (this.live?.id === id) throw new Error(`session ${id} is the one being recorded; disconnect first`);
    if (this.reader?.id === id) {
      const { store } = this.reader;
      this.reader = undefined;
      await store.close();
    }
    this.archive.delete(id);
  }

  async query(session: string | null, filter: LogFilter, page: LogPage, control: LogCallControl) {
    const store = await this.storeOf(session);
    const rows = await store.page(storeQuery(filter), page, control);
    return rows.map(logEntry);
  }

  async count(session: string | null, filter: LogFilter, control: LogCallControl): Promise<number> {
    const store = await this.storeOf(session);
    return store.count(storeQuery(filter), control);
  }

  async export(
    session: string | null,
    format: 'jsonl' | 'csv',
    filter: LogFilter,
    path: string,
    control: LogCallControl,
  ): Promise<number> {
    const store = await this.storeOf(session);
    return store.export(path, format, storeQuery(filter), control);
  }

  /** The live store (session null) or a reader of an archived session, one open at a time. */
  private async storeOf(session: string | null): Promise<SqliteLogStore> {
    if (session === null || session === this.live?.id) {
      if (!this.live)
        throw new Error(
          "err, you're not connected to any debuggee; open a past session from Logs → Sessions, or connect first",
        );
      return this.live.store;
    }
    if (this.reader?.id === session) return this.reader.store;
    const found = this.archive.resolve(session);
    if (typeof found === 'string') throw new Error(found);
    const previous = this.reader;
    this.reader = { id: session, store: new SqliteLogStore({ path: found.path, thread: 'worker' }) };
    if (previous) await previous.store.close();
    return this.reader.store;
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await reader.store.close();
  }
}
