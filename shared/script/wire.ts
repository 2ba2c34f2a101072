/**
 * HyperDbg v0.23 script wire format: a buffer of 24-byte SYMBOL slots
 * (`u64 Type, u64 Len, u64 Value`, little-endian). STRING / WSTRING records span several slots:
 * the header slot's Value field holds the first text bytes and the text continues over
 * `(16 + Len) / 24 + 1` slots in total. This module encodes and decodes those buffers and formats
 * a readable listing; it never throws on malformed input.
 */
import {
  FUNC_NAMES,
  PSEUDO_REGISTER_NAMES,
  REGISTER_NAMES,
  SYMBOL_TYPE_NAMES,
  SymbolType,
} from './generated/tables';

/** Bytes per SYMBOL slot. */
export const SYMBOL_SIZE = 24;

/**
 * One decoded record. `type` and `len` are numbers when they fit in 2^53, else bigints (only printf
 * arguments with a leading '%' carry 0xffffffff in Type's high dword). For STRING / WSTRING records
 * `value` is 0n and `text` holds the raw text bytes including the terminator (`len` bytes).
 */
export interface ScriptSymbol {
  type: bigint | number;
  len: bigint | number;
  value: bigint;
  text?: Uint8Array;
}

/** Number of 24-byte slots a STRING / WSTRING record of `len` text bytes occupies. */
export function stringSlotCount(len: number): number {
  return Math.floor((16 + len) / SYMBOL_SIZE) + 1;
}

/** Low 32 bits of a Type: the SYMBOL_* kind. */
export function symbolKind(type: bigint | number): number {
  return Number(BigInt(type) & 0xffffffffn);
}

/** High 32 bits of a Type as a signed value (printf argument: offset of its '%' minus one). */
export function symbolTypeHigh(type: bigint | number): number {
  return Number(BigInt.asIntN(32, BigInt(type) >> 32n));
}

function isStringKind(kind: number): boolean {
  return kind === SymbolType.SYMBOL_STRING_TYPE || kind === SymbolType.SYMBOL_WSTRING_TYPE;
}

function compact(v: bigint): bigint | number {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Splits a wire buffer into records. Trailing bytes that do not form a whole slot are ignored; a
 * string record whose declared length runs past the end of the buffer keeps the bytes available.
 */
export function decodeSymbolBuffer(bytes: Uint8Array): ScriptSymbol[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slots = Math.floor(bytes.byteLength / SYMBOL_SIZE);
  const out: ScriptSymbol[] = [];
  let slot = 0;
  while (slot < slots) {
    const base = slot * SYMBOL_SIZE;
    const type = view.getBigUint64(base, true);
    const len = view.getBigUint64(base + 8, true);
    const kind = symbolKind(type);
    if (isStringKind(kind)) {
      const textLen = len > BigInt(bytes.byteLength) ? bytes.byteLength : Number(len);
      const start = base + 16;
      const end = Math.min(bytes.byteLength, start + textLen);
      out.push({ type: compact(type), len: compact(len), value: 0n, text: bytes.slice(start, end) });
      slot += stringSlotCount(textLen);
    } else {
      out.push({ type: compact(type), len: compact(len), value: view.getBigUint64(base + 16, true) });
      slot += 1;
    }
  }
  return out;
}

/** Slots one record occupies on the wire. */
export function symbolSlotCount(symbol: ScriptSymbol): number {
  return isStringKind(symbolKind(symbol.type)) ? stringSlotCount(Number(symbol.len)) : 1;
}

/** Builds the wire buffer; string padding (undefined in HyperDbg) is written as zeros. */
export function encodeSymbols(symbols: ScriptSymbol[]): Uint8Array {
  let slots = 0;
  for (const s of symbols) slots += symbolSlotCount(s);
  const bytes = new Uint8Array(slots * SYMBOL_SIZE);
  const view = new DataView(bytes.buffer);
  let slot = 0;
  for (const s of symbols) {
    const base = slot * SYMBOL_SIZE;
    view.setBigUint64(base, BigInt.asUintN(64, BigInt(s.type)), true);
    view.setBigUint64(base + 8, BigInt.asUintN(64, BigInt(s.len)), true);
    if (isStringKind(symbolKind(s.type))) {
      const text = s.text ?? new Uint8Array(0);
      bytes.set(text.subarray(0, Math.min(text.length, Number(s.len), bytes.length - base - 16)), base + 16);
    } else {
      view.setBigUint64(base + 16, BigInt.asUintN(64, s.value), true);
    }
    slot += symbolSlotCount(s);
  }
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Parses lowercase/uppercase hex; returns undefined for odd length or non-hex characters. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A float the way the reference listings print it (Python's repr: `11.0`, `-0.0`, `1e+16`). */
function floatText(v: number): string {
  if (Object.is(v, -0)) return '-0.0';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v);
}

function floatNote(kind: number, len: number, value: bigint): string {
  if (kind !== SymbolType.SYMBOL_NUM_TYPE) return '';
  const view = new DataView(new ArrayBuffer(8));
  if (len === 1) {
    view.setUint32(0, Number(value & 0xffffffffn));
    return ` (f32 bits: ${floatText(view.getFloat32(0))})`;
  }
  if (len === 2) {
    view.setBigUint64(0, value);
    return ` (f64 bits: ${floatText(view.getFloat64(0))})`;
  }
  return '';
}

function textOf(kind: number, text: Uint8Array): string {
  if (kind === SymbolType.SYMBOL_WSTRING_TYPE) {
    let s = '';
    for (let i = 0; i + 1 < text.length; i += 2) {
      const unit = text[i]! | (text[i + 1]! << 8);
      if (unit === 0) break;
      s += String.fromCharCode(unit);
    }
    return `{"wstr": ${JSON.stringify(s)}}`;
  }
  let s = '';
  for (const b of text) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return `{"str": ${JSON.stringify(s)}}`;
}

function valueText(kind: number, value: bigint): string {
  const index = Number(value & 0xffffffffn);
  if (kind === SymbolType.SYMBOL_SEMANTIC_RULE_TYPE && value < BigInt(FUNC_NAMES.length))
    return FUNC_NAMES[index]!;
  if (kind === SymbolType.SYMBOL_REGISTER_TYPE && value < BigInt(REGISTER_NAMES.length))
    return `@${REGISTER_NAMES[index]!}`;
  if (kind === SymbolType.SYMBOL_PSEUDO_REG_TYPE && value < BigInt(PSEUDO_REGISTER_NAMES.length))
    return `$${PSEUDO_REGISTER_NAMES[index]!}`;
  return `0x${value.toString(16)}`;
}

/** One line per record: slot number, kind, len, value (names for opcodes, registers, pseudo-registers). */
export function formatListing(bytes: Uint8Array): string {
  const lines: string[] = [];
  let slot = 0;
  for (const s of decodeSymbolBuffer(bytes)) {
    const kind = symbolKind(s.type);
    const kindName = SYMBOL_TYPE_NAMES[kind] ?? `SYMBOL_${kind}`;
    const len = Number(s.len);
    const head = `${String(slot).padStart(4, '0')}  ${kindName.padEnd(28)} ${`len=${len}`.padEnd(8)} `;
    let body = s.text ? textOf(kind, s.text) : valueText(kind, s.value) + floatNote(kind, len, s.value);
    const high = BigInt(s.type) >> 32n;
    if (high !== 0n)
      body += `  [printf arg; type high dword = ${symbolTypeHigh(s.type)} = offset of its '%' in the format - 1]`;
    lines.push(head + body);
    slot += symbolSlotCount(s);
  }
  return lines.join('\n');
}
