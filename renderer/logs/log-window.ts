// The rows the Logs pane holds while the user reads away from the live tail or browses a search
// or an archived session: a bounded window of consecutive matching rows, extended a page at a
// time by keyset (`afterId` / `beforeId`, never OFFSET) and trimmed at the far end.
import type { LogEntry } from '../../shared/ipc/model';

export const WINDOW_PAGE = 200;
export const WINDOW_CAP = 1000;

export type FetchPage = (page: { afterId?: number; beforeId?: number; limit: number }) => Promise<LogEntry[]>;

export class LogWindow {
  rows: readonly LogEntry[] = [];
  /** No older matching rows exist. */
  atStart = false;
  /** No newer matching rows existed at the last fetch. */
  atEnd = false;
  private generation = 0;
  private busy = false;

  constructor(
    private readonly fetch: FetchPage,
    private readonly cap = WINDOW_CAP,
  ) {}

  /** The first rows (oldest first). */
  async fromStart(): Promise<void> {
    const generation = ++this.generation;
    const rows = await this.fetch({ limit: WINDOW_PAGE });
    if (generation !== this.generation) return;
    this.rows = rows;
    this.atStart = true;
    this.atEnd = rows.length < WINDOW_PAGE;
  }

  /** The newest rows before `beforeId` (undefined: the newest of all). */
  async fromEnd(beforeId?: number): Promise<void> {
    const generation = ++this.generation;
    const rows = await this.fetch({ ...(beforeId !== undefined ? { beforeId } : {}), limit: WINDOW_PAGE });
    if (generation !== this.generation) return;
    this.rows = rows;
    this.atStart = rows.length < WINDOW_PAGE;
    this.atEnd = true;
  }

  /** Prepends the page before the first row; returns how many rows were added at the top. */
  async older(): Promise<number> {
    const first = this.rows[0];
    if (this.busy || this.atStart || !first) return 0;
    const rows = await this.guarded({ beforeId: first.id, limit: WINDOW_PAGE });
    if (!rows) return 0;
    this.atStart = rows.length < WINDOW_PAGE;
    const all = rows.concat(this.rows);
    if (all.length > this.cap) this.atEnd = false;
    this.rows = all.slice(0, this.cap);
    return rows.length;
  }

  /** Appends the page after the last row; returns how many rows were dropped at the top. */
  async newer(): Promise<number> {
    const last = this.rows[this.rows.length - 1];
    if (this.busy || !last) return 0;
    const rows = await this.guarded({ afterId: last.id, limit: WINDOW_PAGE });
    if (!rows) return 0;
    this.atEnd = rows.length < WINDOW_PAGE;
    const all = this.rows.concat(rows);
    const dropped = Math.max(0, all.length - this.cap);
    if (dropped > 0) this.atStart = false;
    this.rows = all.slice(dropped);
    return dropped;
  }

  /** One page; undefined when a reset (new filter) happened while it was fetched. */
  private async guarded(page: Parameters<FetchPage>[0]): Promise<LogEntry[] | undefined> {
    const generation = this.generation;
    this.busy = true;
    try {
      const rows = await this.fetch(page);
      return generation === this.generation ? rows : undefined;
    } finally {
      this.busy = false;
    }
  }
}

/** The live ring's rows that pass the pane's stage/event/core filter. */
export function filterLive(
  rows: readonly LogEntry[],
  filter: { stage: 'pre' | 'post' | 'all'; eventTag?: number; core?: number },
): LogEntry[] {
  return rows.filter(
    (e) =>
      (filter.stage === 'all' || e.stage === filter.stage) &&
      (filter.eventTag === undefined || e.eventTag === filter.eventTag) &&
      (filter.core === undefined || e.core === filter.core),
  );
}
