// How the Breakpoints pane names a breakpoint's `bp` filters.
import type { BreakpointRow } from '../../shared/ipc/model';

/** The `bp` filters of a row in hex, e.g. "core 1 · pid 1c4"; empty when it applies everywhere. */
export function breakpointFilters(row: BreakpointRow): string {
  const parts: string[] = [];
  if (row.core !== null) parts.push(`core ${row.core.toString(16)}`);
  if (row.pid !== null) parts.push(`pid ${row.pid.toString(16)}`);
  if (row.tid !== null) parts.push(`tid ${row.tid.toString(16)}`);
  return parts.join(' · ');
}
