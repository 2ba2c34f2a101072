/**
 * The TPI stream (stream 2): CodeView type records, numbered from 0x1000 in file order. Records
 * are indexed in one bounded pass and decoded on demand. Type indexes below 0x1000 are simple
 * (built-in) types encoded in the index itself. Only the leaves a debugger needs to lay out data
 * are interpreted (structures, unions, enums, their field lists, bitfields, pointers, arrays,
 * modifiers, procedures); every other leaf decodes as `{ kind: 'other' }`.
 */
import { PdbFormatError, StreamReader } from './msf';

export const TPI_STREAM = 2;
const TPI_VERSION_V80 = 20040203;
export const FIRST_TYPE_INDEX = 0x1000;
/** Far more records than any real kernel PDB has (ntkrnlmp.pdb: ~100k); bounds the index table. */
const MAX_TYPE_RECORDS = 4_000_000;

export const LEAF = {
  MODIFIER: 0x1001,
  POINTER: 0x1002,
  PROCEDURE: 0x1008,
  MFUNCTION: 0x1009,
  ARGLIST: 0x1201,
  FIELDLIST: 0x1203,
  BITFIELD: 0x1205,
  BCLASS: 0x1400,
  VBCLASS: 0x1401,
  IVBCLASS: 0x1402,
  INDEX: 0x1404,
  VFUNCTAB: 0x1409,
  ENUMERATE: 0x1502,
  ARRAY: 0x1503,
  CLASS: 0x1504,
  STRUCTURE: 0x1505,
  UNION: 0x1506,
  ENUM: 0x1507,
  MEMBER: 0x150d,
  STMEMBER: 0x150e,
  METHOD: 0x150f,
  NESTTYPE: 0x1510,
  ONEMETHOD: 0x1511,
  INTERFACE: 0x1519,
} as const;

/** CV_prop_t bits of structures, unions and enums. */
const PROP_FORWARD_REF = 0x80;
const PROP_HAS_UNIQUE_NAME = 0x200;

export type FieldListMember =
  | { kind: 'member'; name: string; type: number; offset: number }
  | { kind: 'static'; name: string; type: number }
  | { kind: 'nested'; name: string; type: number }
  | { kind: 'enumerate'; name: string; value: bigint }
  | { kind: 'base'; type: number; offset: number }
  | { kind: 'continuation'; type: number }
  | { kind: 'other'; leaf: number };

export type TypeRecord =
  | {
      kind: 'struct' | 'class' | 'union';
      name: string;
      uniqueName?: string;
      fieldList: number;
      memberCount: number;
      size: number;
      forwardRef: boolean;
    }
  | {
      kind: 'enum';
      name: string;
      uniqueName?: string;
      fieldList: number;
      underlying: number;
      forwardRef: boolean;
    }
  | { kind: 'fieldList'; members: FieldListMember[] }
  | { kind: 'bitfield'; type: number; position: number; bits: number }
  | { kind: 'array'; element: number; index: number; size: number }
  | { kind: 'pointer'; referent: number; size: number; isReference: boolean }
  | { kind: 'modifier'; referent: number; isConst: boolean; isVolatile: boolean }
  | { kind: 'procedure'; returnType: number; argList: number; paramCount: number }
  | { kind: 'argList'; args: number[] }
  | { kind: 'other'; leaf: number };

/** The value leaves a numeric leaf may be (LF_CHAR .. LF_UQUADWORD): their width and reader. */
const NUMERIC_LEAVES = new Map<number, { bytes: number; read: (r: StreamReader, at: number) => bigint }>([
  [0x8000, { bytes: 1, read: (r, at) => BigInt((r.u8(at) << 24) >> 24) }],
  [0x8001, { bytes: 2, read: (r, at) => BigInt(r.i16(at)) }],
  [0x8002, { bytes: 2, read: (r, at) => BigInt(r.u16(at)) }],
  [0x8003, { bytes: 4, read: (r, at) => BigInt(r.i32(at)) }],
  [0x8004, { bytes: 4, read: (r, at) => BigInt(r.u32(at)) }],
  [0x8009, { bytes: 8, read: (r, at) => r.i64(at) }],
  [0x800a, { bytes: 8, read: (r, at) => r.u64(at) }],
]);

/** A numeric leaf (CodeView's variable-length integer): the value and the bytes it took. */
export function readNumeric(r: StreamReader, at: number): { value: bigint; next: number } {
  const leaf = r.u16(at);
  if (leaf < 0x8000) return { value: BigInt(leaf), next: at + 2 };
  const numeric = NUMERIC_LEAVES.get(leaf);
  if (!numeric) throw new PdbFormatError(`unsupported numeric leaf 0x${leaf.toString(16)} in ${r.what}`);
  return { value: numeric.read(r, at + 2), next: at + 2 + numeric.bytes };
}

/** A size or offset: a numeric leaf that must fit a 32-bit unsigned number. */
function readSize(r: StreamReader, at: number): { value: number; next: number } {
  const { value, next } = readNumeric(r, at);
  if (value < 0n || value > 0xffffffffn)
    throw new PdbFormatError(`a type size or offset is out of range in ${r.what}`);
  return { value: Number(value), next };
}

export class TypeStream {
  readonly firstIndex: number;
  readonly endIndex: number;
  private readonly reader: StreamReader;
  /** Byte offset of each record (index - firstIndex). */
  private readonly offsets: Uint32Array;
  private readonly cache = new Map<number, TypeRecord>();

  constructor(bytes: Uint8Array) {
    const r = new StreamReader(bytes, 'the TPI stream');
    if (r.length < 56) throw new PdbFormatError('the TPI stream is missing or truncated');
    const version = r.u32(0);
    if (version !== TPI_VERSION_V80) throw new PdbFormatError(`unsupported TPI version ${version}`);
    const headerSize = r.u32(4);
    this.firstIndex = r.u32(8);
    this.endIndex = r.u32(12);
    const recordBytes = r.u32(16);
    if (this.firstIndex !== FIRST_TYPE_INDEX || this.endIndex < this.firstIndex)
      throw new PdbFormatError('the TPI header has an impossible type index range');
    const count = this.endIndex - this.firstIndex;
    if (headerSize < 56 || headerSize + recordBytes > r.length)
      throw new PdbFormatError('the TPI stream is truncated');
    // every record takes at least 4 bytes, so a larger count is a lie that would cost memory
    if (count > MAX_TYPE_RECORDS || count * 4 > recordBytes)
      throw new PdbFormatError(
        `the TPI header claims ${count} type records, more than its ${recordBytes} bytes can hold`,
      );
    this.reader = new StreamReader(bytes.subarray(0, headerSize + recordBytes), 'the TPI stream');
    this.offsets = new Uint32Array(count);
    let at = headerSize;
    for (let i = 0; i < count; i++) {
      const length = this.reader.u16(at);
      if (length < 2)
        throw new PdbFormatError(`type record 0x${(this.firstIndex + i).toString(16)} is damaged`);
      this.offsets[i] = at;
      at += 2 + length;
    }
    if (at > this.reader.length) throw new PdbFormatError('the TPI stream is truncated');
  }

  get count(): number {
    return this.offsets.length;
  }

  has(index: number): boolean {
    return index >= this.firstIndex && index < this.endIndex;
  }

  /** The decoded record of a non-simple type index; a PdbFormatError for an index outside the stream. */
  record(index: number): TypeRecord {
    const cached = this.cache.get(index);
    if (cached) return cached;
    if (!this.has(index))
      throw new PdbFormatError(`type index 0x${index.toString(16)} is outside the TPI stream`);
    const at = this.offsets[index - this.firstIndex]!;
    const end = at + 2 + this.reader.u16(at);
    const record = decodeRecord(this.reader, this.reader.u16(at + 2), at + 4, end);
    this.cache.set(index, record);
    return record;
  }
}

function decodeRecord(r: StreamReader, leaf: number, at: number, end: number): TypeRecord {
  const name = (from: number) => r.cString(from, end);
  switch (leaf) {
    case LEAF.CLASS:
    case LEAF.STRUCTURE:
    case LEAF.INTERFACE:
    case LEAF.UNION: {
      const isUnion = leaf === LEAF.UNION;
      const memberCount = r.u16(at);
      const props = r.u16(at + 2);
      const fieldList = r.u32(at + 4);
      const size = readSize(r, isUnion ? at + 8 : at + 16);
      const n = name(size.next);
      return {
        kind: isUnion ? 'union' : leaf === LEAF.STRUCTURE ? 'struct' : 'class',
        name: n.text,
        ...(props & PROP_HAS_UNIQUE_NAME ? { uniqueName: name(n.next).text } : {}),
        fieldList,
        memberCount,
        size: size.value,
        forwardRef: (props & PROP_FORWARD_REF) !== 0,
      };
    }
    case LEAF.ENUM: {
      const props = r.u16(at + 2);
      const n = name(at + 12);
      return {
        kind: 'enum',
        name: n.text,
        ...(props & PROP_HAS_UNIQUE_NAME ? { uniqueName: name(n.next).text } : {}),
        underlying: r.u32(at + 4),
        fieldList: r.u32(at + 8),
        forwardRef: (props & PROP_FORWARD_REF) !== 0,
      };
    }
    case LEAF.FIELDLIST:
      return { kind: 'fieldList', members: decodeFieldList(r, at, end) };
    case LEAF.BITFIELD:
      return { kind: 'bitfield', type: r.u32(at), bits: r.u8(at + 4), position: r.u8(at + 5) };
    case LEAF.ARRAY: {
      const size = readSize(r, at + 8);
      return { kind: 'array', element: r.u32(at), index: r.u32(at + 4), size: size.value };
    }
    case LEAF.POINTER: {
      const attributes = r.u32(at + 4);
      const mode = (attributes >> 5) & 0x7;
      return {
        kind: 'pointer',
        referent: r.u32(at),
        size: (attributes >> 13) & 0x3f,
        isReference: mode === 1 || mode === 4,
      };
    }
    case LEAF.MODIFIER: {
      const modifiers = r.u16(at + 4);
      return {
        kind: 'modifier',
        referent: r.u32(at),
        isConst: (modifiers & 1) !== 0,
        isVolatile: (modifiers & 2) !== 0,
      };
    }
    case LEAF.PROCEDURE:
      return { kind: 'procedure', returnType: r.u32(at), paramCount: r.u16(at + 6), argList: r.u32(at + 8) };
    case LEAF.ARGLIST: {
      const count = r.u32(at);
      if (at + 4 + 4 * count > end) throw new PdbFormatError(`an argument list is truncated in ${r.what}`);
      return { kind: 'argList', args: Array.from({ length: count }, (_, i) => r.u32(at + 4 + 4 * i)) };
    }
    default:
      return { kind: 'other', leaf };
  }
}

/** Skips LF_PAD bytes (0xf0..0xff) that align each sub-record of a field list. */
function skipPadding(r: StreamReader, at: number, end: number): number {
  let next = at;
  while (next < end && r.u8(next) >= 0xf0) next += r.u8(next) & 0x0f || 1;
  return next;
}

function decodeFieldList(r: StreamReader, start: number, end: number): FieldListMember[] {
  const members: FieldListMember[] = [];
  let at = start;
  while (at + 2 <= end) {
    const leaf = r.u16(at);
    const body = at + 2;
    let next: number;
    switch (leaf) {
      case LEAF.MEMBER: {
        const offset = readSize(r, body + 6);
        const n = r.cString(offset.next, end);
        members.push({ kind: 'member', name: n.text, type: r.u32(body + 2), offset: offset.value });
        next = n.next;
        break;
      }
      case LEAF.STMEMBER: {
        const n = r.cString(body + 6, end);
        members.push({ kind: 'static', name: n.text, type: r.u32(body + 2) });
        next = n.next;
        break;
      }
      case LEAF.NESTTYPE: {
        const n = r.cString(body + 6, end);
        members.push({ kind: 'nested', name: n.text, type: r.u32(body + 2) });
        next = n.next;
        break;
      }
      case LEAF.ENUMERATE: {
        const value = readNumeric(r, body + 2);
        const n = r.cString(value.next, end);
        members.push({ kind: 'enumerate', name: n.text, value: value.value });
        next = n.next;
        break;
      }
      case LEAF.BCLASS: {
        const offset = readSize(r, body + 6);
        members.push({ kind: 'base', type: r.u32(body + 2), offset: offset.value });
        next = offset.next;
        break;
      }
      case LEAF.VBCLASS:
      case LEAF.IVBCLASS: {
        next = readNumeric(r, readNumeric(r, body + 10).next).next;
        members.push({ kind: 'other', leaf });
        break;
      }
      case LEAF.INDEX:
        members.push({ kind: 'continuation', type: r.u32(body + 2) });
        next = body + 6;
        break;
      case LEAF.VFUNCTAB:
        members.push({ kind: 'other', leaf });
        next = body + 6;
        break;
      case LEAF.METHOD:
        members.push({ kind: 'other', leaf });
        next = r.cString(body + 6, end).next;
        break;
      case LEAF.ONEMETHOD: {
        const attributes = r.u16(body);
        const methodProperty = (attributes >> 2) & 0x7;
        const introducing = methodProperty === 4 || methodProperty === 6;
        members.push({ kind: 'other', leaf });
        next = r.cString(body + 6 + (introducing ? 4 : 0), end).next;
        break;
      }
      default:
        // An unknown sub-record has no known length: the rest of this list cannot be read.
        throw new PdbFormatError(`unsupported field list entry 0x${leaf.toString(16)} in ${r.what}`);
    }
    at = skipPadding(r, next, end);
  }
  return members;
}
