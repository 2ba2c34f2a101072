/**
 * The writing side of one session file: opens (or creates) the database with its metadata,
 * writes batches, and stops storing — without throwing at the session — when the disk is full,
 * the folder is not writable or free space falls under the floor. What was committed before
 * stays readable (each batch is one transaction). Runs where the database runs (the worker).
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { LogDatabase, type StoredLog } from './log-database';

export interface WriterOptions {
  readonly path: string;
  /** Written once when the file is created (`:memory:` stores skip it). */
  readonly session?: { readonly started: number; readonly endpoint: string };
  /** Storing stops when the file system has less free space than this (bytes; default 0). */
  readonly minFreeBytes?: number;
}

/** How often the free-space floor is checked while rows arrive. */
const FLOOR_CHECK_INTERVAL_MS = 1000;

export class LogWriter {
  readonly db: LogDatabase | undefined;
  /** Why storing stopped (names the file), or undefined while it works. */
  stoppedReason: string | undefined;
  private lastFloorCheck = 0;

  constructor(
    private readonly options: WriterOptions,
    private readonly onStopped: (reason: string) => void,
  ) {
    try {
      this.db = new LogDatabase(options.path);
      if (options.session) {
        this.db.writeMeta({ ...options.session, pid: process.pid, ended: null });
      }
    } catch (error) {
      this.stop(`cannot open the session log ${options.path}: ${reason(error)}`);
    }
  }

  insert(rows: readonly StoredLog[]): void {
    if (this.stoppedReason !== undefined || !this.db || rows.length === 0) return;
    const floor = this.belowFloor();
    if (floor) {
      this.stop(floor);
      return;
    }
    try {
      this.db.insert(rows);
    } catch (error) {
      this.stop(`storing the session log ${this.options.path} failed: ${reason(error)}`);
    }
  }

  /** Marks the session ended and folds the WAL into the file. */
  close(): void {
    if (!this.db) return;
    try {
      if (this.options.session) this.db.writeMeta({ ended: Date.now() });
      this.db.checkpoint();
    } catch {
      // A full disk may refuse even this; the rows are in the WAL and recovered at the next open.
    }
    this.db.close();
  }

  private belowFloor(): string | undefined {
    const minFree = this.options.minFreeBytes ?? 0;
    const now = Date.now();
    if (
      minFree <= 0 ||
      this.options.path === ':memory:' ||
      now - this.lastFloorCheck < FLOOR_CHECK_INTERVAL_MS
    )
      return undefined;
    this.lastFloorCheck = now;
    const folder = dirname(this.options.path);
    const stats = statfsSync(folder);
    const free = stats.bavail * stats.bsize;
    if (free >= minFree) return undefined;
    return `only ${mb(free)} MB free on ${folder} (the floor is ${mb(minFree)} MB)`;
  }

  private stop(why: string): void {
    if (this.stoppedReason !== undefined) return;
    this.stoppedReason = why;
    this.onStopped(why);
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_FULL') return 'the disk is full';
  return e.message ?? String(error);
}
