/**
 * HyperDbg's printf (ScriptEngineFunctionPrintf) as the debuggee runs it. Facts it reproduces:
 * - each argument symbol's Type high dword holds (offset of its '%') - 1; text between
 *   specifiers is copied, an argument pointing backwards or past the end is an error;
 * - a specifier is '%', an optional h / l / ll / w, and one character — no widths, flags or
 *   precision (the compiler only counts these forms);
 * - integers are formatted by the platform sprintf with the 64-bit value as the only vararg
 *   (MSVC: `%d`/`%x`/`%u`/`%o` and their `l` forms read 32 bits, `h` forms 16, `ll` forms 64,
 *   `%c` one byte, `%p` 16 uppercase hex digits);
 * - `%s` / `%ws` / `%ls` need 2 (4) readable bytes at the address, then copy the string;
 *   wide text becomes ASCII in 50-unit blocks (non-ASCII -> '?'), and a wide string whose
 *   byte length is a multiple of 100 loses its last block (the engine copies `len % 100` bytes);
 * - `%f` prints six decimals and is only valid for float arguments (and they only for `%f`);
 * - the output buffer is 4096 bytes (PacketChunkSize) and the message ends at the first NUL.
 */
import { formatFixedFloat } from './floats';
import type { ScriptMemory } from './memory';

const FINAL_BUFFER_SIZE = 4096;
const WIDE_BLOCK_UNITS = 50;

/** One printf argument as the engine sees it after GetValue. */
export interface PrintfArgument {
  /** Offset of the '%' minus one, from the Type's high dword (0xffffffff for offset 0). */
  percentOffsetMinusOne: number;
  value: bigint;
  /** Float kind from the symbol's Len (1 / 2) when the symbol is a float, else 0. */
  floatKind: number;
}

/**
 * The output buffer, shared by every call: a simulated debuggee runs a printf per event hit, and a
 * fresh 4 KB buffer each time was most of its garbage. formatPrintf never calls itself, and only
 * the bytes below `outPos` of the current call are read.
 */
const out = new Uint8Array(FINAL_BUFFER_SIZE + 8);

/** The format's byte at `i`; 0 past its end (the terminator). */
function byteAt(format: Uint8Array, i: number): number {
  return i < format.length ? format[i]! : 0;
}

/** `length` bytes of the format from `from` to `out` at `outPos` (0 past its end: the terminator). */
function copyFormat(format: Uint8Array, from: number, length: number, outPos: number): number {
  for (let k = 0; k < length; k++) {
    out[outPos + k] = byteAt(format, from + k);
  }
  return outPos + length;
}

/** The formatted message, or undefined when the engine's printf fails (script error). */
export function formatPrintf(
  format: Uint8Array,
  args: PrintfArgument[],
  memory: ScriptMemory,
): string | undefined {
  const lenOfFormats = format.length + 1; // strlen + 1: the terminator is part of the text copied
  let outPos = 0;
  let processed = 0;

  for (const arg of args) {
    const position = (arg.percentOffsetMinusOne + 1) >>> 0;
    if (position < processed || position + 1 >= lenOfFormats) return undefined;
    if (processed !== position) {
      const length = position - processed;
      if (outPos + length >= FINAL_BUFFER_SIZE) return undefined;
      outPos = copyFormat(format, processed, length, outPos);
      processed += length;
    }
    if (byteAt(format, position) !== 0x25 /* '%' */) continue;

    let specifier = '%';
    const second = byteAt(format, position + 1);
    if (second === 0x6c /* l */ || second === 0x77 /* w */ || second === 0x68 /* h */) {
      if (position + 2 >= lenOfFormats) return undefined;
      specifier += String.fromCharCode(second);
      if (second === 0x6c && byteAt(format, position + 2) === 0x6c) {
        if (position + 3 >= lenOfFormats) return undefined;
        specifier += 'l' + String.fromCharCode(byteAt(format, position + 3));
      } else {
        specifier += String.fromCharCode(byteAt(format, position + 2));
      }
    } else {
      specifier += String.fromCharCode(second);
    }
    specifier = specifier.replace(/\0.*$/s, '');

    if (specifier.startsWith('%f')) {
      if (arg.floatKind === 0) return undefined;
      const text = formatFixedFloat(arg.floatKind, arg.value);
      if (text === undefined || text.length >= FINAL_BUFFER_SIZE - outPos) return undefined;
      processed += 2;
      for (let k = 0; k < text.length; k++) out[outPos++] = text.charCodeAt(k);
      continue;
    }
    if (arg.floatKind !== 0) return undefined;

    if (specifier.startsWith('%s') || specifier.startsWith('%ls') || specifier.startsWith('%ws')) {
      const wide = !specifier.startsWith('%s');
      if (!memory.isValid(arg.value, wide ? 4 : 2)) return undefined;
      processed += wide ? 3 : 2;
      const units = memory.stringLength(arg.value, wide ? 2 : 1);
      if (outPos + units > FINAL_BUFFER_SIZE) continue; // the engine skips a string that does not fit
      if (wide) {
        outPos = copyWideAsAscii(arg.value, units, memory, out, outPos);
      } else {
        const bytes = memory.read(arg.value, units) ?? new Uint8Array(units);
        out.set(bytes, outPos);
        outPos += units;
      }
      continue;
    }

    const text = formatInteger(specifier, arg.value);
    if (text === undefined) return undefined;
    processed += specifier.length;
    if (outPos + text.length > FINAL_BUFFER_SIZE) return undefined;
    for (let k = 0; k < text.length; k++) out[outPos++] = text.charCodeAt(k) & 0xff;
  }

  if (args.length === 0) {
    if (lenOfFormats >= FINAL_BUFFER_SIZE) return undefined;
    outPos = copyFormat(format, 0, lenOfFormats, 0);
  } else if (lenOfFormats > processed) {
    const remaining = lenOfFormats - processed;
    if (outPos + remaining >= FINAL_BUFFER_SIZE) return undefined;
    outPos = copyFormat(format, processed, remaining, outPos);
  }
  // The message ends at its first NUL (everything below outPos was written by this call).
  const written = out.subarray(0, Math.min(outPos, out.length));
  const nul = written.indexOf(0);
  const end = Math.min(nul >= 0 ? nul : outPos, FINAL_BUFFER_SIZE);
  // one byte per character (Latin-1), as the engine's char buffer holds it
  return String.fromCharCode.apply(null, written.subarray(0, end) as unknown as number[]);
}

/**
 * Wide text to ASCII the way the engine does it: blocks of 50 units, each converted up to its
 * first NUL; a unit >= 128 becomes '?', and a lead surrogate D800..D8FF also swallows the next
 * unit, leaving a NUL in the output (which ends the message). The last block reads
 * `bytes % 100` bytes, so nothing when the length is a multiple of 50 units.
 */
function copyWideAsAscii(
  address: bigint,
  units: number,
  memory: ScriptMemory,
  out: Uint8Array,
  outPos: number,
): number {
  const totalBytes = units * 2;
  const blockBytes = WIDE_BLOCK_UNITS * 2;
  const blocks = Math.ceil(totalBytes / blockBytes);
  for (let block = 0; block < blocks; block++) {
    const readBytes = block === blocks - 1 ? totalBytes % blockBytes : blockBytes;
    const raw = new Uint8Array(blockBytes);
    if (readBytes > 0) {
      const bytes = memory.read(address + BigInt(block * blockBytes), readBytes);
      if (bytes) raw.set(bytes);
    }
    const ascii = new Uint8Array(WIDE_BLOCK_UNITS);
    let i = 0;
    while (i < WIDE_BLOCK_UNITS) {
      const code = raw[i * 2]! | (raw[i * 2 + 1]! << 8);
      if (code === 0) break;
      if (code < 128) {
        ascii[i] = code;
      } else {
        ascii[i] = 0x3f;
        if (code >= 0xd800 && code <= 0xd8ff) i++;
      }
      i++;
    }
    const copied = Math.min(i, WIDE_BLOCK_UNITS);
    if (outPos + copied > out.length) break;
    out.set(ascii.subarray(0, copied), outPos);
    outPos += copied;
  }
  return outPos;
}

/**
 * MSVC sprintf of one 64-bit vararg with a specifier of at most four characters. Undefined for
 * a conversion MSVC rejects (invalid-parameter path, sprintf returns -1).
 */
export function formatInteger(specifier: string, value: bigint): string | undefined {
  if (specifier === '%%') return '%';
  const match = /^%(h|l|ll|w)?([diuoxXcp])$/.exec(specifier);
  if (!match) return undefined;
  const length = match[1] ?? '';
  const conversion = match[2]!;
  if (length === 'w' && conversion !== 'c') return undefined;
  const bits = length === 'll' ? 64 : length === 'h' ? 16 : 32;
  switch (conversion) {
    case 'd':
    case 'i':
      return BigInt.asIntN(bits, value).toString();
    case 'u':
      return BigInt.asUintN(bits, value).toString();
    case 'o':
      return BigInt.asUintN(bits, value).toString(8);
    case 'x':
      return BigInt.asUintN(bits, value).toString(16);
    case 'X':
      return BigInt.asUintN(bits, value).toString(16).toUpperCase();
    case 'p':
      return BigInt.asUintN(64, value).toString(16).toUpperCase().padStart(16, '0');
    default: {
      // %c / %hc / %lc / %wc: one character; wide forms convert a code unit below 128 only.
      const code = length === 'l' || length === 'w' ? Number(value & 0xffffn) : Number(value & 0xffn);
      if ((length === 'l' || length === 'w') && code >= 128) return '?';
      return String.fromCharCode(code);
    }
  }
}
