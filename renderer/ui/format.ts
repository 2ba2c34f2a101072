// Small display formatters shared by panes.
import { parseHyperDbgNumber } from '../../shared/numbers';

export function formatRate(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A u64 hex string padded to 16 digits with WinDbg's backtick between the halves. */
export function formatAddress(hex: string): string {
  const padded = hex.padStart(16, '0');
  return `${padded.slice(0, 8)}\`${padded.slice(8)}`;
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/**
 * A user-typed number read with HyperDbg's rules (hex by default, `0x`/`0n` prefixes, backticks;
 * the same reader the host uses for address arguments), in the contract's lower-case hex, or null.
 */
export function parseHexAddress(text: string): string | null {
  return parseHyperDbgNumber(text.trim())?.toString(16) ?? null;
}

/** Adds a byte offset to a u64 hex address (wrapping at 2^64). */
export function addHex(hex: string, offset: number): string {
  const v = (BigInt('0x' + hex) + BigInt(offset)) & 0xffff_ffff_ffff_ffffn;
  return v.toString(16);
}

/** A log row's arrival time with microseconds (rows of one burst differ below a millisecond). */
export function formatLogTime(ms: number): string {
  const micros = Math.floor((ms % 1) * 1000);
  return `${formatTime(Math.floor(ms))}${String(micros).padStart(3, '0')}`;
}
