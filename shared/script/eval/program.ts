/**
 * A wire buffer split into per-slot columns so the interpreter reads plain typed arrays. The
 * engine addresses code by slot (jump targets, string skips), so the columns are per 24-byte
 * slot, not per logical symbol. Trailing bytes that do not fill a slot are ignored.
 */
import { SYMBOL_SIZE } from '../wire';

/** Kind column value for a Type whose high dword is set: it matches none of GetValue's cases. */
export const NO_KIND = -1;

export interface LoadedProgram {
  readonly bytes: Uint8Array;
  /** Number of slots (the engine's CodeBuffer->Pointer). */
  readonly slots: number;
  /** Full 64-bit Type when it is a small number (what GetValue / SetValue switch on), else NO_KIND. */
  readonly kind: Int32Array;
  /** Type & 0xffffffff when below 2^31 (what the typed-opcode checks look at), else NO_KIND. */
  readonly lowKind: Int32Array;
  /** Type >> 32 as a signed 32-bit number (printf's '%' offset minus one). */
  readonly high: Int32Array;
  /** Len (value kind for NUM/TEMP, byte length for strings); huge values stay huge. */
  readonly len: Float64Array;
  readonly value: BigUint64Array;
  /** Value as a double: exact for the slot / register / table indexes the engine uses. */
  readonly valueNumber: Float64Array;
}

export function loadProgram(bytes: Uint8Array): LoadedProgram {
  const slots = Math.floor(bytes.byteLength / SYMBOL_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = new Int32Array(slots);
  const lowKind = new Int32Array(slots);
  const high = new Int32Array(slots);
  const len = new Float64Array(slots);
  const value = new BigUint64Array(slots);
  const valueNumber = new Float64Array(slots);
  for (let slot = 0; slot < slots; slot++) {
    const base = slot * SYMBOL_SIZE;
    const low = view.getUint32(base, true);
    const hi = view.getInt32(base + 4, true);
    lowKind[slot] = low < 0x8000_0000 ? low : NO_KIND;
    kind[slot] = hi === 0 && low < 0x8000_0000 ? low : NO_KIND;
    high[slot] = hi;
    len[slot] = Number(view.getBigUint64(base + 8, true));
    const v = view.getBigUint64(base + 16, true);
    value[slot] = v;
    valueNumber[slot] = Number(v);
  }
  return { bytes, slots, kind, lowKind, high, len, value, valueNumber };
}

/**
 * A compiled buffer decoded once, for callers that run the same script many times (an event
 * action runs on every hit). It keeps its own copy of the bytes, so later changes to the
 * caller's buffer cannot make the decoded columns and the code region disagree.
 */
export class PreparedScript {
  readonly program: LoadedProgram;

  constructor(bytes: Uint8Array) {
    this.program = loadProgram(bytes.slice());
  }
}
