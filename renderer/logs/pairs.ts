// Pre and post rows of the same hit side by side (the Logs pane's pre ⇄ post tab).
import type { LogEntry } from '../../shared/ipc/model';

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
