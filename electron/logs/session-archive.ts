/**
 * The session archive: one SQLite file per debugging session in `<data folder>/sessions/`
 * (folder 0700, files 0600), named by start time and endpoint, e.g.
 * `2026-12-06T01-29-56-123Z_tcp-127.0.0.1-50001.sqlite`. Sessions are never deleted when they
 * end or reconnect; retention (count, age, total size) removes the oldest ended ones. A session
 * left open by a process that no longer runs (a crash, kill -9) is recovered — SQLite replays its
 * WAL on open — and marked so the next start can list it.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, type LogRetention } from '../../shared/ipc/model';
import { LogDatabase, type SessionMeta } from './log-database';

export const SESSION_SUFFIX = '.sqlite';

/** Count, age and total-size limits and the free-disk floor: the Settings' `logRetention`. */
export type RetentionPolicy = LogRetention;

export const DEFAULT_RETENTION: RetentionPolicy = DEFAULT_SETTINGS.logRetention;

export type SessionStatus = 'live' | 'ended' | 'recovered';

export interface ArchiveEntry {
  /** File name without `.sqlite`; what `hds logs show ID` and the Sessions list use. */
  readonly id: string;
  readonly path: string;
  readonly started: number;
  readonly ended: number | null;
  readonly endpoint: string;
  readonly rows: number;
  /** Database, WAL and shared-memory files together. */
  readonly bytes: number;
  readonly status: SessionStatus;
}

/** A file-name-safe form of an endpoint: `tcp:127.0.0.1:50001` → `tcp-127.0.0.1-50001`. */
export function endpointSlug(endpoint: string): string {
  const slug = endpoint
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'session' : slug;
}

function sessionId(started: number, endpoint: string): string {
  return `${new Date(started).toISOString().replace(/[:.]/g, '-')}_${endpointSlug(endpoint)}`;
}

function processAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fileBytes(path: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      bytes += statSync(path + suffix).size;
    } catch {
      // absent
    }
  }
  return bytes;
}

export class SessionArchive {
  constructor(
    readonly folder: string,
    /** Replaced when the user changes the Settings' retention. */
    public retention: RetentionPolicy = DEFAULT_RETENTION,
  ) {}

  /**
   * A new session file (0600) for a session starting now, never reusing a name, with its schema
   * and metadata already written, so it is listed (as live) before its writer has started.
   */
  create(endpoint: string, started = Date.now()): { id: string; path: string } {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    for (let attempt = 0; ; attempt++) {
      const id = sessionId(started, endpoint) + (attempt > 0 ? `-${attempt + 1}` : '');
      const path = join(this.folder, id + SESSION_SUFFIX);
      try {
        closeSync(openSync(path, 'wx', 0o600));
        const db = new LogDatabase(path);
        db.writeMeta({ started, endpoint, pid: process.pid, ended: null });
        db.close();
        return { id, path };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
      }
    }
  }

  pathOf(id: string): string {
    return join(this.folder, id + SESSION_SUFFIX);
  }

  /** Every session, newest first. A file that is not a readable session is skipped. */
  list(): ArchiveEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.folder).filter((name) => name.endsWith(SESSION_SUFFIX));
    } catch {
      return [];
    }
    const sessions: ArchiveEntry[] = [];
    for (const name of names) {
      const session = this.describe(name.slice(0, -SESSION_SUFFIX.length));
      if (session) sessions.push(session);
    }
    return sessions.sort((a, b) => b.started - a.started || b.id.localeCompare(a.id));
  }

  describe(id: string): ArchiveEntry | undefined {
    const path = this.pathOf(id);
    let db: LogDatabase | undefined;
    try {
      db = new LogDatabase(path, { readonly: true });
      const meta = db.meta();
      const rows = db.countFromCounters({});
      return {
        id,
        path,
        started: meta.started,
        ended: meta.ended,
        endpoint: meta.endpoint,
        rows,
        bytes: fileBytes(path),
        status: this.status(meta),
      };
    } catch {
      return undefined;
    } finally {
      db?.close();
    }
  }

  private status(meta: SessionMeta): SessionStatus {
    if (meta.ended === null) return processAlive(meta.pid) && meta.pid !== 0 ? 'live' : 'recovered';
    return meta.recovered ? 'recovered' : 'ended';
  }

  /**
   * `latest` (the newest session), an exact id, or a unique id prefix; otherwise a message that
   * says what to do.
   */
  resolve(name: string): ArchiveEntry | string {
    const sessions = this.list();
    if (sessions.length === 0)
      return `no sessions in ${this.folder} (set HDS_DATA_DIR if they are elsewhere)`;
    if (name === 'latest') return sessions[0]!;
    const exact = sessions.find((s) => s.id === name || s.path === name);
    if (exact) return exact;
    const matches = sessions.filter((s) => s.id.startsWith(name));
    if (matches.length === 1) return matches[0]!;
    return matches.length === 0
      ? `no session '${name}' in ${this.folder}; 'hds logs list' shows them`
      : `'${name}' names ${matches.length} sessions; give more of the id ('hds logs list' shows them)`;
  }

  /**
   * Sessions left open by a process that is gone: opening them for writing replays the WAL;
   * they are marked recovered and ended at their last row. Returns them for a notice.
   */
  recover(): ArchiveEntry[] {
    const recovered: ArchiveEntry[] = [];
    for (const session of this.list()) {
      if (session.status !== 'recovered' || session.ended !== null) continue;
      try {
        const db = new LogDatabase(session.path);
        const last = db.db.prepare('SELECT max(arrived_at) AS t FROM logs').get() as { t: number | null };
        db.writeMeta({ ended: last.t ?? session.started, recovered: true });
        db.checkpoint();
        db.close();
        recovered.push(this.describe(session.id) ?? session);
      } catch {
        // Unreadable: left as it is, still listed when it can be read.
      }
    }
    return recovered;
  }

  /**
   * Deletes the oldest ended sessions beyond the retention limits. Live sessions (and `keep`)
   * are never deleted; a file that cannot be deleted stays until the next time. Returns the ids
   * deleted.
   */
  enforceRetention(keep: ReadonlySet<string> = new Set(), now = Date.now()): string[] {
    const { maxSessions, maxAgeDays, maxTotalMb } = this.retention;
    const sessions = this.list();
    const deletable = (s: ArchiveEntry): boolean => s.status !== 'live' && !keep.has(s.id);
    const doomed = new Set<string>();
    if (maxAgeDays > 0) {
      for (const s of sessions)
        if (deletable(s) && now - (s.ended ?? s.started) > maxAgeDays * 86_400_000) doomed.add(s.id);
    }
    const kept = (): ArchiveEntry[] => sessions.filter((s) => !doomed.has(s.id));
    // Oldest first among the remaining deletable ones.
    const candidates = (): ArchiveEntry[] => kept().filter(deletable).reverse();
    if (maxSessions > 0) {
      for (const s of candidates()) {
        if (kept().length <= maxSessions) break;
        doomed.add(s.id);
      }
    }
    if (maxTotalMb > 0) {
      for (const s of candidates()) {
        if (kept().reduce((sum, k) => sum + k.bytes, 0) <= maxTotalMb * 1024 * 1024) break;
        doomed.add(s.id);
      }
    }
    const deleted: string[] = [];
    for (const id of doomed) {
      try {
        this.delete(id);
        deleted.push(id);
      } catch {
        // in use (Windows) or not ours to delete: tried again next time
      }
    }
    return deleted;
  }

  /** Removes one session's files; refuses a live one. */
  delete(id: string): void {
    const session = this.describe(id);
    if (session?.status === 'live')
      throw new Error(`session ${id} is still being written; disconnect it first`);
    const path = this.pathOf(id);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}
