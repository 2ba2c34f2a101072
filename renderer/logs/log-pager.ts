// Pages the main process's log store into the Logs view. The view asks for the rows it shows;
// the pager fetches whole pages (one `logs:query` each), caches a bounded number of them, and
// invalidates the tail page when more rows arrive. Never holds more than MAX_CACHED_PAGES pages.
import type { LogEntry, LogFilter } from '../../shared/ipc/model';

export const PAGE_SIZE = 200;
export const MAX_CACHED_PAGES = 40;

export type QueryPage = (
  filter: LogFilter,
  offset: number,
  limit: number,
) => Promise<{ total: number; entries: LogEntry[] }>;

export class LogPager {
  private pages = new Map<number, LogEntry[]>();
  private inflight = new Set<number>();
  private generation = 0;
  total = 0;

  constructor(
    private readonly query: QueryPage,
    private filter: LogFilter,
    private readonly onChange: () => void,
  ) {}

  setFilter(filter: LogFilter): void {
    this.filter = filter;
    this.generation++;
    this.pages.clear();
    this.inflight.clear();
    this.total = 0;
  }

  /** New total from a count; pages at or after the old tail are stale. */
  setTotal(total: number): void {
    if (total === this.total) return;
    const firstStale = Math.floor(Math.min(this.total, total) / PAGE_SIZE);
    for (const index of [...this.pages.keys()]) if (index >= firstStale) this.pages.delete(index);
    this.total = total;
  }

  /** Rows [first, first+count) as far as cached; missing pages are fetched. */
  rows(first: number, count: number): (LogEntry | undefined)[] {
    const out: (LogEntry | undefined)[] = [];
    const end = Math.min(this.total, first + count);
    for (let i = first; i < end; i++) {
      const page = this.pages.get(Math.floor(i / PAGE_SIZE));
      out.push(page?.[i % PAGE_SIZE]);
    }
    for (let p = Math.floor(first / PAGE_SIZE); p * PAGE_SIZE < end; p++) this.ensure(p);
    return out;
  }

  get cachedPages(): number {
    return this.pages.size;
  }

  private ensure(index: number): void {
    if (this.pages.has(index) || this.inflight.has(index)) return;
    this.inflight.add(index);
    const generation = this.generation;
    this.query(this.filter, index * PAGE_SIZE, PAGE_SIZE).then(
      (result) => {
        if (generation !== this.generation) return;
        this.inflight.delete(index);
        this.pages.set(index, result.entries);
        // Keep the cache bounded: drop the page farthest from the one just loaded.
        while (this.pages.size > MAX_CACHED_PAGES) {
          let farthest = index;
          for (const k of this.pages.keys())
            if (Math.abs(k - index) > Math.abs(farthest - index)) farthest = k;
          this.pages.delete(farthest);
        }
        if (result.total !== this.total) this.setTotal(result.total);
        this.onChange();
      },
      () => {
        if (generation === this.generation) this.inflight.delete(index);
      },
    );
  }
}

export interface PairRow {
  readonly pre: LogEntry | null;
  readonly post: LogEntry | null;
}

/** Pre/post entries of the same hit side by side: a post matches the latest unmatched pre of the
 *  same event on the same core before it. Unmatched entries get a row of their own. */
export function pairPrePost(entries: readonly LogEntry[]): PairRow[] {
  const rows: { pre: LogEntry | null; post: LogEntry | null }[] = [];
  const open = new Map<string, number>();
  for (const e of entries) {
    const key = `${e.eventTag}:${e.core}`;
    if (e.stage === 'pre') {
      open.set(key, rows.length);
      rows.push({ pre: e, post: null });
    } else if (e.stage === 'post') {
      const at = open.get(key);
      if (at !== undefined) {
        rows[at].post = e;
        open.delete(key);
      } else rows.push({ pre: null, post: e });
    }
  }
  return rows;
}
