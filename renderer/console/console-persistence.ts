// Console history and scrollback across reloads and restarts: the newest entries and lines in
// localStorage, read back when the window starts. Damaged entries are ignored, never fatal.
import type { ConsoleLine } from '../state/session-reducer';

export const HISTORY_KEY = 'hds.console-history.v1';
export const SCROLLBACK_KEY = 'hds.console-scrollback.v1';
/** Lines of scrollback kept across a reload (the log store keeps every debuggee message). */
export const SCROLLBACK_LINES = 1000;
const STREAMS = new Set(['echo', 'output', 'error', 'info']);

interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function read(storage: KeyValue, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function write(storage: KeyValue, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: this window still has everything.
  }
}

export function loadHistory(storage: KeyValue): string[] {
  const saved = read(storage, HISTORY_KEY);
  return Array.isArray(saved) ? saved.filter((e): e is string => typeof e === 'string') : [];
}

export function saveHistory(storage: KeyValue, entries: readonly string[]): void {
  write(storage, HISTORY_KEY, entries);
}

export function loadScrollback(storage: KeyValue): Pick<ConsoleLine, 'stream' | 'text'>[] {
  const saved = read(storage, SCROLLBACK_KEY);
  if (!Array.isArray(saved)) return [];
  return saved.flatMap((line: unknown) => {
    if (typeof line !== 'object' || line === null) return [];
    const { stream, text } = line as Record<string, unknown>;
    return typeof stream === 'string' && STREAMS.has(stream) && typeof text === 'string'
      ? [{ stream: stream as ConsoleLine['stream'], text }]
      : [];
  });
}

export function saveScrollback(storage: KeyValue, lines: readonly ConsoleLine[]): void {
  write(
    storage,
    SCROLLBACK_KEY,
    lines.slice(-SCROLLBACK_LINES).map(({ stream, text }) => ({ stream, text })),
  );
}
