/**
 * Declarative C-struct codecs. A struct is declared once as an ordered list of typed fields
 * (in HyperDbg's header order and names); the layout — offsets, padding, size — is computed
 * with the MSVC x64 rules (each field at a multiple of its alignment, capped by `#pragma pack`;
 * the struct size rounded up to its largest alignment). That one description drives encode,
 * decode and the layout table, and the tests compare the computed layout with the compiler's.
 */

export interface ByteView {
  bytes: Uint8Array;
  view: DataView;
}

export interface FieldType<V> {
  /** C spelling, for the layout table and error messages. */
  readonly cType: string;
  readonly size: number;
  readonly align: number;
  read(at: ByteView, offset: number): V;
  /** `value` undefined means "not given": the bytes stay zero. */
  write(at: ByteView, offset: number, value: unknown, path: string): void;
  /** Sub-fields of a nested struct, for the flattened layout table. */
  readonly nested?: StructCodec<unknown>;
}

export type DeepPartial<T> = T extends Uint8Array | bigint | number | boolean | string
  ? T
  : T extends readonly (infer E)[]
    ? DeepPartial<E>[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

export interface LayoutField {
  name: string;
  offset: number;
  size: number;
}

export interface StructLayout {
  size: number;
  fields: LayoutField[];
}

export interface StructCodec<T> {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  encode(value?: DeepPartial<T>): Uint8Array;
  encodeInto(target: Uint8Array, offset: number, value?: DeepPartial<T>): void;
  /** Never throws: bytes missing at the end of short input read as zero. */
  decode(bytes: Uint8Array, offset?: number): T;
  /**
   * Top-level fields (as in HyperDbg's layouts.json) followed by the members of nested structs
   * with dotted names (`Options.OptionalParam1`); all offsets from the start of this struct.
   * Padding is not listed.
   */
  readonly layout: StructLayout;
  readonly fields: readonly { name: string; offset: number; type: FieldType<unknown> }[];
}

function viewOf(bytes: Uint8Array): ByteView {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

function describe(value: unknown): string {
  return typeof value === 'bigint'
    ? `${value}n`
    : typeof value === 'string'
      ? JSON.stringify(value)
      : String(value);
}

function integerOf(value: unknown, path: string, cType: string, min: number, max: number): number {
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value === 'boolean') value = value ? 1 : 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${path}: ${describe(value)} does not fit in ${cType} (${min}..${max})`);
  }
  return value;
}

function unsigned(cType: string, size: 1 | 2 | 4): FieldType<number> {
  const max = 2 ** (size * 8) - 1;
  return {
    cType,
    size,
    align: size,
    read: ({ view }, offset) =>
      size === 1
        ? view.getUint8(offset)
        : size === 2
          ? view.getUint16(offset, true)
          : view.getUint32(offset, true),
    write: ({ view }, offset, value, path) => {
      if (value === undefined) return;
      const n = integerOf(value, path, cType, 0, max);
      if (size === 1) view.setUint8(offset, n);
      else if (size === 2) view.setUint16(offset, n, true);
      else view.setUint32(offset, n, true);
    },
  };
}

export const u8 = unsigned('UINT8', 1);
export const u16 = unsigned('UINT16', 2);
export const u32 = unsigned('UINT32', 4);

/** A C enum: 4 bytes, MSVC `int`. Decodes as the unsigned 32-bit value; encodes -1 as FF FF FF FF too. */
export const enum32: FieldType<number> = {
  cType: 'enum',
  size: 4,
  align: 4,
  read: ({ view }, offset) => view.getUint32(offset, true),
  write: ({ view }, offset, value, path) => {
    if (value === undefined) return;
    view.setUint32(offset, integerOf(value, path, 'enum', -0x8000_0000, 0xffff_ffff) >>> 0, true);
  },
};

const U64_MAX = (1n << 64n) - 1n;

function u64Of(value: unknown, path: string, cType: string): bigint {
  const n = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof n !== 'bigint' || n < -(1n << 63n) || n > U64_MAX) {
    throw new RangeError(`${path}: ${describe(value)} does not fit in ${cType}`);
  }
  return BigInt.asUintN(64, n);
}

function quad(cType: string): FieldType<bigint> {
  return {
    cType,
    size: 8,
    align: 8,
    read: ({ view }, offset) => view.getBigUint64(offset, true),
    write: ({ view }, offset, value, path) => {
      if (value === undefined) return;
      view.setBigUint64(offset, u64Of(value, path, cType), true);
    },
  };
}

export const u64 = quad('UINT64');
/** A pointer field: meaningless to the other side, sent as 0 unless given. */
export const pointer = quad('PVOID');

/** BOOLEAN: one byte, 0 or 1 (any non-zero byte decodes as true). */
export const bool: FieldType<boolean> = {
  cType: 'BOOLEAN',
  size: 1,
  align: 1,
  read: ({ bytes }, offset) => bytes[offset] !== 0,
  write: ({ bytes }, offset, value, path) => {
    if (value === undefined) return;
    if (typeof value !== 'boolean' && value !== 0 && value !== 1) {
      throw new RangeError(`${path}: ${describe(value)} is not a BOOLEAN (true/false)`);
    }
    bytes[offset] = value === true || value === 1 ? 1 : 0;
  },
};

/** Raw bytes (BYTE[n] / UCHAR[n]); shorter input is zero-filled, longer input is refused. */
export function bytes(count: number, cType = `BYTE[${count}]`): FieldType<Uint8Array> {
  return {
    cType,
    size: count,
    align: 1,
    read: (at, offset) => at.bytes.slice(offset, offset + count),
    write: (at, offset, value, path) => {
      if (value === undefined) return;
      if (!(value instanceof Uint8Array) || value.length > count) {
        throw new RangeError(`${path}: expected at most ${count} bytes, got ${describe(value)}`);
      }
      at.bytes.set(value, offset);
    },
  };
}

/**
 * CHAR[n]: a NUL-terminated string, one byte per character (Latin-1, so every byte value
 * round-trips). Decoding stops at the first NUL or the end of the array; a string filling all
 * n bytes is encoded without a NUL, as C allows.
 */
export function chars(count: number, cType = `CHAR[${count}]`): FieldType<string> {
  return {
    cType,
    size: count,
    align: 1,
    read: ({ bytes: source }, offset) => {
      let end = offset;
      while (end < offset + count && source[end] !== 0) end++;
      let text = '';
      for (let i = offset; i < end; i++) text += String.fromCharCode(source[i]);
      return text;
    },
    write: ({ bytes: target }, offset, value, path) => {
      if (value === undefined) return;
      if (typeof value !== 'string' || value.length > count) {
        throw new RangeError(
          `${path}: expected a string of at most ${count} characters, got ${describe(value)}`,
        );
      }
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0xff)
          throw new RangeError(`${path}: character ${JSON.stringify(value[i])} is not a single byte`);
        target[offset + i] = code;
      }
    },
  };
}

/** A fixed array of a scalar or struct type (e.g. UINT64[5]). */
export function array<V>(element: FieldType<V>, count: number): FieldType<V[]> {
  return {
    cType: `${element.cType}[${count}]`,
    size: element.size * count,
    align: element.align,
    read: (at, offset) =>
      Array.from({ length: count }, (_, i) => element.read(at, offset + i * element.size)),
    write: (at, offset, value, path) => {
      if (value === undefined) return;
      if (!Array.isArray(value) || value.length > count) {
        throw new RangeError(
          `${path}: expected an array of at most ${count} elements, got ${describe(value)}`,
        );
      }
      value.forEach((item, i) => element.write(at, offset + i * element.size, item, `${path}[${i}]`));
    },
  };
}

/** A nested struct member. */
export function struct<T>(codec: StructCodec<T>): FieldType<T> {
  return {
    cType: codec.name,
    size: codec.size,
    align: codec.align,
    nested: codec as StructCodec<unknown>,
    read: (at, offset) => readStruct(codec, at, offset),
    write: (at, offset, value, path) => {
      if (value === undefined) return;
      writeStruct(codec, at, offset, value, path);
    },
  };
}

type FieldSpec = Record<string, FieldType<unknown>>;
export type StructValue<C> = C extends StructCodec<infer T> ? T : never;
type ValuesOf<S extends FieldSpec> = { [K in keyof S]: S[K] extends FieldType<infer V> ? V : never };

function readStruct<T>(codec: StructCodec<T>, at: ByteView, base: number): T {
  const out: Record<string, unknown> = {};
  for (const field of codec.fields) out[field.name] = field.type.read(at, base + field.offset);
  return out as T;
}

function writeStruct<T>(
  codec: StructCodec<T>,
  at: ByteView,
  base: number,
  value: unknown,
  path: string,
): void {
  if (typeof value !== 'object' || value === null) {
    throw new RangeError(`${path}: expected an object for ${codec.name}, got ${describe(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!codec.fields.some((f) => f.name === key)) {
      throw new RangeError(`${path}: ${codec.name} has no field '${key}'`);
    }
  }
  for (const field of codec.fields) {
    field.type.write(at, base + field.offset, record[field.name], `${path}.${field.name}`);
  }
}

export interface StructOptions {
  /** `#pragma pack(n)` in effect for this struct. */
  pack?: number;
}

/** Declares a struct from its fields in header order; see the module comment for the layout rules. */
export function defineStruct<S extends FieldSpec>(
  name: string,
  spec: S,
  options: StructOptions = {},
): StructCodec<ValuesOf<S>> {
  const pack = options.pack ?? 8;
  let offset = 0;
  let align = 1;
  const fields: { name: string; offset: number; type: FieldType<unknown> }[] = [];
  for (const [fieldName, type] of Object.entries(spec)) {
    const fieldAlign = Math.min(type.align, pack);
    offset = Math.ceil(offset / fieldAlign) * fieldAlign;
    fields.push({ name: fieldName, offset, type });
    offset += type.size;
    align = Math.max(align, fieldAlign);
  }
  const size = Math.ceil(offset / align) * align;

  const layoutFields: LayoutField[] = fields.map((f) => ({
    name: f.name,
    offset: f.offset,
    size: f.type.size,
  }));
  const appendNested = (members: StructCodec<unknown>['fields'], base: number, prefix: string): void => {
    for (const member of members) {
      if (!member.type.nested) continue;
      for (const inner of member.type.nested.fields) {
        layoutFields.push({
          name: `${prefix}${member.name}.${inner.name}`,
          offset: base + member.offset + inner.offset,
          size: inner.type.size,
        });
      }
      appendNested(member.type.nested.fields, base + member.offset, `${prefix}${member.name}.`);
    }
  };
  appendNested(fields, 0, '');

  const codec: StructCodec<ValuesOf<S>> = {
    name,
    size,
    align,
    fields,
    layout: { size, fields: layoutFields },
    encode(value) {
      const out = new Uint8Array(size);
      if (value !== undefined) writeStruct(codec, viewOf(out), 0, value, name);
      return out;
    },
    encodeInto(target, at, value) {
      if (at < 0 || at + size > target.length) {
        throw new RangeError(
          `${name}: ${size} bytes do not fit in the target at offset ${at} (length ${target.length})`,
        );
      }
      const region = target.subarray(at, at + size);
      region.fill(0);
      if (value !== undefined) writeStruct(codec, viewOf(region), 0, value, name);
    },
    decode(input, at = 0) {
      const start = Number.isInteger(at) && at > 0 ? at : 0;
      let region = input.subarray(Math.min(start, input.length), start + size);
      if (region.length < size) {
        const padded = new Uint8Array(size);
        padded.set(region);
        region = padded;
      }
      return readStruct(codec, viewOf(region), 0);
    },
  };
  return codec;
}
