/**
 * How a stored row is written out: one JSON object per line (JSONL, also `hds logs show --json`)
 * or one RFC 4180 CSV record. Both carry the event id the UI shows (the event number in hex,
 * `tag − 0x1000000`), the row id and the arrival time (ISO text and sub-millisecond epoch ms).
 */
import type { StoredLog } from './log-database';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';

export type ExportFormat = 'jsonl' | 'csv';

/** The event number as the Events table and Logs pane show it, e.g. `3` for tag 0x1000003. */
export function eventId(tag: number | undefined): string | null {
  return tag === undefined ? null : (tag - DebuggerEventTagStartSeed).toString(16);
}

export interface ExportedRow {
  readonly id: number;
  readonly time: string;
  readonly timeMs: number;
  readonly kind: string;
  readonly event: string | null;
  readonly eventTag: number | null;
  readonly stage: string | null;
  readonly core: number | null;
  readonly sequence: number;
  readonly text: string;
}

export function exportedRow(row: StoredLog): ExportedRow {
  return {
    id: row.id,
    time: new Date(row.arrivedAt).toISOString(),
    timeMs: row.arrivedAt,
    kind: row.kind,
    event: eventId(row.eventTag),
    eventTag: row.eventTag ?? null,
    stage: row.stage ?? null,
    core: row.core ?? null,
    sequence: row.sequence,
    text: row.text,
  };
}

export function jsonLine(row: StoredLog): string {
  return JSON.stringify(exportedRow(row)) + '\n';
}

export const CSV_COLUMNS = ['id', 'time', 'time_ms', 'kind', 'event', 'stage', 'core', 'sequence', 'text'];

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

export function csvLine(row: StoredLog): string {
  const r = exportedRow(row);
  return (
    [
      r.id,
      r.time,
      r.timeMs,
      r.kind,
      r.event ?? '',
      r.stage ?? '',
      r.core ?? '',
      r.sequence,
      csvField(r.text),
    ].join(',') + '\r\n'
  );
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
