// The Memory pane's display formats, as WinDbg's and HyperDbg's d* commands lay them out: bytes
// (db) with ASCII, words (dw), dwords (dd), qwords (dq), pointers with symbols (dps-style, one
// per row), ASCII (da) and UTF-16 (du) text. Pure: hex bytes in, rows out.

export type MemoryFormat = 'db' | 'dw' | 'dd' | 'dq' | 'dps' | 'da' | 'du';

export const MEMORY_FORMATS: readonly { readonly id: MemoryFormat; readonly label: string }[] = [
  { id: 'db', label: 'bytes (db)' },
  { id: 'dw', label: 'words (dw)' },
  { id: 'dd', label: 'dwords (dd)' },
  { id: 'dq', label: 'qwords (dq)' },
  { id: 'dps', label: 'pointers + symbols (dps)' },
  { id: 'da', label: 'ASCII (da)' },
  { id: 'du', label: 'Unicode (du)' },
];

/** Bytes per value and values per row of each format (text formats have one text cell). */
const SHAPE: Record<MemoryFormat, { unit: number; perRow: number }> = {
  db: { unit: 1, perRow: 16 },
  dw: { unit: 2, perRow: 8 },
  dd: { unit: 4, perRow: 4 },
  dq: { unit: 8, perRow: 2 },
  dps: { unit: 8, perRow: 1 },
  da: { unit: 1, perRow: 32 },
  du: { unit: 2, perRow: 32 },
};

export interface MemoryCell {
  /** Byte offset from the view's start. */
  readonly offset: number;
  readonly size: number;
  /** The value as hex, most significant digit first; null when (part of it) is unreadable. */
  readonly value: string | null;
}

export interface MemoryRow {
  readonly offset: number;
  readonly cells: readonly MemoryCell[];
  /** ASCII column of db, the text of da/du; empty for the other formats. */
  readonly text: string;
}

export function isTextFormat(format: MemoryFormat): boolean {
  return format === 'da' || format === 'du';
}

export function isPointerFormat(format: MemoryFormat): boolean {
  return format === 'dq' || format === 'dps';
}

/** Lays out `hex` (the bytes read; fewer than `viewBytes` when the rest is unreadable). */
export function memoryRows(hex: string, viewBytes: number, format: MemoryFormat): MemoryRow[] {
  const { unit, perRow } = SHAPE[format];
  const count = hex.length / 2;
  const byte = (i: number): number | null => (i < count ? parseInt(hex.slice(i * 2, i * 2 + 2), 16) : null);
  const value = (offset: number, size: number): string | null => {
    if (offset + size > count) return null;
    let text = '';
    for (let i = size - 1; i >= 0; i--) text += hex.slice((offset + i) * 2, (offset + i) * 2 + 2);
    return text;
  };
  const rowBytes = unit * perRow;
  const rows: MemoryRow[] = [];
  for (let offset = 0; offset < viewBytes; offset += rowBytes) {
    const cells: MemoryCell[] = [];
    let text = '';
    if (isTextFormat(format)) {
      for (let i = 0; i < perRow; i++) {
        const code =
          unit === 1
            ? byte(offset + i)
            : (() => {
                const v = value(offset + i * 2, 2);
                return v === null ? null : parseInt(v, 16);
              })();
        text +=
          code === null
            ? '?'
            : code >= 0x20 && code < 0x7f
              ? String.fromCharCode(code)
              : code >= 0xa0 && unit === 2
                ? String.fromCharCode(code)
                : '.';
      }
    } else {
      for (let i = 0; i < perRow; i++)
        cells.push({ offset: offset + i * unit, size: unit, value: value(offset + i * unit, unit) });
      if (format === 'db') {
        for (let i = 0; i < perRow; i++) {
          const b = byte(offset + i);
          text += b === null ? '?' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
        }
      }
    }
    rows.push({ offset, cells, text });
  }
  return rows;
}

/**
 * The little-endian bytes (hex) that write `typed` into a value of `size` bytes, or an error
 * saying what to type.
 */
export function cellBytes(
  typed: string,
  size: number,
): { ok: true; bytes: string } | { ok: false; error: string } {
  const clean = typed.trim().replace(/`/g, '').replace(/^0x/i, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(clean) || clean.length > size * 2)
    return { ok: false, error: `type at most ${size * 2} hex digits for a ${size}-byte value` };
  const padded = clean.padStart(size * 2, '0');
  let bytes = '';
  for (let i = size - 1; i >= 0; i--) bytes += padded.slice(i * 2, i * 2 + 2);
  return { ok: true, bytes };
}
