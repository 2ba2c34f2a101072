// The Logs pane's row counter: what it says for a search, a core filter, the live session (from
// main's counters, no COUNT query) or a window of stored rows.
import type { LogCounts, LogFilter } from '../../shared/ipc/model';

/**
 * What the row counter says: the matches of a search or core filter (counted by main), else the
 * live session's rows from main's counters (no COUNT query), else the stored rows loaded.
 */
export function totalText(
  counted: boolean,
  matches: number | null,
  searching: boolean,
  liveRows: number | null,
  loaded: number,
): string {
  if (counted)
    return matches === null ? '…' : `${matches.toLocaleString()} ${searching ? 'matches' : 'rows'}`;
  return liveRows !== null ? `${liveRows.toLocaleString()} rows` : `${loaded.toLocaleString()} loaded`;
}

/** Rows of the live session matching the filter, from main's counters, or null before any. */
export function liveTotal(counts: LogCounts | null, filter: LogFilter): number | null {
  if (!counts) return null;
  if (filter.eventTag !== undefined) {
    const c = counts.byEvent.find((e) => e.tag === filter.eventTag)?.counts;
    if (!c) return 0;
    return filter.stage === 'all' ? c.pre + c.post + c.none : c[filter.stage];
  }
  return filter.stage === 'all' ? counts.total : counts.byStage[filter.stage];
}
