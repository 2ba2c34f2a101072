/**
 * Kernel types as a debugger uses them: a structure's size and fields with offsets (bitfields with
 * their bit position and width), each field's type spelled as in C, enums with their values, and
 * `offsetOf('_EPROCESS', 'Pcb.DirectoryTableBase')`. Built over the TPI records; a forward
 * reference is replaced by the complete definition of the same name. Type indexes come from an
 * untrusted file, so every walk is bounded: a chain that loops (a modifier of itself, a field list
 * continued by itself) is reported as a damaged PDB instead of recursing forever.
 */
import { PdbFormatError } from './msf';
import { FIRST_TYPE_INDEX, type TypeRecord, type TypeStream } from './tpi';

/** Deeper than any real declarator chain (pointer to array of pointers to const…). */
const MAX_TYPE_DEPTH = 64;

export type UdtKind = 'struct' | 'class' | 'union';

export interface TypeInfo {
  readonly index: number;
  readonly kind: 'base' | 'pointer' | 'array' | 'udt' | 'enum' | 'function' | 'unknown';
  /** C spelling: `unsigned long`, `_LIST_ENTRY*`, `unsigned char[15]`, `_KPROCESS`. */
  readonly name: string;
  readonly size: number;
  /** base types: signed integer (for printing values) */
  readonly signed?: boolean;
  /** udt: struct, class or union */
  readonly udtKind?: UdtKind;
  /** pointer: the pointee; array: the element */
  readonly target?: TypeInfo;
  readonly elementCount?: number;
  readonly isConst?: boolean;
  readonly isVolatile?: boolean;
}

export interface StructField {
  readonly name: string;
  readonly offset: number;
  readonly type: TypeInfo;
  readonly bitPosition?: number;
  readonly bitCount?: number;
}

export interface UdtLayout {
  readonly index: number;
  readonly name: string;
  readonly kind: UdtKind;
  readonly size: number;
  /** In declaration order; members of anonymous unions/structs appear flattened, as CodeView stores them. */
  readonly fields: readonly StructField[];
}

export interface EnumLayout {
  readonly index: number;
  readonly name: string;
  readonly underlying: TypeInfo;
  readonly values: readonly { name: string; value: bigint }[];
}

export class PdbTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdbTypeError';
  }
}

interface SimpleType {
  name: string;
  size: number;
  signed?: boolean;
}

/** Simple (built-in) type kinds, the low byte of a type index below 0x1000, spelled as MSVC does. */
const SIMPLE_TYPES: Record<number, SimpleType> = {
  0x00: { name: '<no type>', size: 0 },
  0x03: { name: 'void', size: 0 },
  0x08: { name: 'HRESULT', size: 4, signed: true },
  0x10: { name: 'char', size: 1, signed: true },
  0x20: { name: 'unsigned char', size: 1 },
  0x68: { name: 'char', size: 1, signed: true },
  0x69: { name: 'unsigned char', size: 1 },
  0x70: { name: 'char', size: 1, signed: true },
  0x71: { name: 'wchar_t', size: 2 },
  0x7a: { name: 'char16_t', size: 2 },
  0x7b: { name: 'char32_t', size: 4 },
  0x7c: { name: 'char8_t', size: 1 },
  0x11: { name: 'short', size: 2, signed: true },
  0x21: { name: 'unsigned short', size: 2 },
  0x72: { name: 'short', size: 2, signed: true },
  0x73: { name: 'unsigned short', size: 2 },
  0x12: { name: 'long', size: 4, signed: true },
  0x22: { name: 'unsigned long', size: 4 },
  0x74: { name: 'int', size: 4, signed: true },
  0x75: { name: 'unsigned int', size: 4 },
  0x13: { name: '__int64', size: 8, signed: true },
  0x23: { name: 'unsigned __int64', size: 8 },
  0x76: { name: '__int64', size: 8, signed: true },
  0x77: { name: 'unsigned __int64', size: 8 },
  0x14: { name: '__int128', size: 16, signed: true },
  0x24: { name: 'unsigned __int128', size: 16 },
  0x78: { name: '__int128', size: 16, signed: true },
  0x79: { name: 'unsigned __int128', size: 16 },
  0x46: { name: 'half', size: 2 },
  0x40: { name: 'float', size: 4 },
  0x41: { name: 'double', size: 8 },
  0x42: { name: 'long double', size: 10 },
  0x43: { name: '__float128', size: 16 },
  0x30: { name: 'bool', size: 1 },
  0x31: { name: 'bool16', size: 2 },
  0x32: { name: 'bool32', size: 4 },
  0x33: { name: 'bool64', size: 8 },
};

const hexIndex = (index: number) => `0x${index.toString(16)}`;

export class PdbTypes {
  private definitions: Map<string, number> | undefined;
  /** Complete definitions by their unique (decorated) name: how a forward reference to one of
   *  several same-named types (`<unnamed-tag>`) finds its own definition. */
  private uniqueDefinitions: Map<string, number> | undefined;
  private readonly layouts = new Map<number, UdtLayout>();

  /** `fileName` starts the message of every damage found while records are decoded on demand. */
  constructor(
    private readonly stream: TypeStream,
    private readonly fileName: string,
  ) {}

  /** Names of every complete structure, union, class and enum, sorted. */
  names(): string[] {
    return this.guard(() => [...this.definitionMap().keys()].sort());
  }

  /** The type index of the complete definition named `name` (exact, then case-insensitive). */
  find(name: string): number | undefined {
    return this.guard(() => this.findDefinition(name));
  }

  /** The structure, union or class named `name` (or with that type index), fields and all. */
  layout(nameOrIndex: string | number): UdtLayout {
    return this.guard(() => this.layoutOf(nameOrIndex));
  }

  /** An enum's values in declaration order. */
  enumeration(nameOrIndex: string | number): EnumLayout {
    return this.guard(() => this.enumerationOf(nameOrIndex));
  }

  /**
   * The byte offset of `path` (`Field` or `Field.SubField...`) inside structure `typeName`, and the
   * field's type: what `.process list` needs for _EPROCESS.ActiveProcessLinks and the like.
   */
  offsetOf(typeName: string, path: string): { offset: number; field: StructField } {
    return this.guard(() => this.offsetOfPath(typeName, path));
  }

  /** The C spelling, size and shape of any type index (simple or from the TPI stream). */
  describe(index: number): TypeInfo {
    return this.guard(() => this.describeAt(index, 0));
  }

  private guard<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof PdbFormatError) throw new PdbFormatError(`${this.fileName}: ${error.message}`);
      throw error;
    }
  }

  private findDefinition(name: string): number | undefined {
    const map = this.definitionMap();
    const exact = map.get(name);
    if (exact !== undefined) return exact;
    const lower = name.toLowerCase();
    for (const [candidate, index] of map) if (candidate.toLowerCase() === lower) return index;
    return undefined;
  }

  private layoutOf(nameOrIndex: string | number): UdtLayout {
    const index =
      typeof nameOrIndex === 'number' ? this.complete(nameOrIndex) : this.findDefinition(nameOrIndex);
    if (index === undefined) throw new PdbTypeError(`there is no type named '${nameOrIndex}'`);
    const cached = this.layouts.get(index);
    if (cached) return cached;
    const record = this.stream.record(index);
    if (record.kind !== 'struct' && record.kind !== 'class' && record.kind !== 'union')
      throw new PdbTypeError(`'${this.describeAt(index, 0).name}' is not a structure, class or union`);
    const fields: StructField[] = [];
    for (const member of this.fieldListMembers(record.fieldList)) {
      if (member.kind !== 'member') continue;
      const memberType = this.recordOrUndefined(member.type);
      if (memberType?.kind === 'bitfield') {
        fields.push({
          name: member.name,
          offset: member.offset,
          type: this.describeAt(memberType.type, 0),
          bitPosition: memberType.position,
          bitCount: memberType.bits,
        });
      } else fields.push({ name: member.name, offset: member.offset, type: this.describeAt(member.type, 0) });
    }
    const layout: UdtLayout = { index, name: record.name, kind: record.kind, size: record.size, fields };
    this.layouts.set(index, layout);
    return layout;
  }

  private enumerationOf(nameOrIndex: string | number): EnumLayout {
    const index =
      typeof nameOrIndex === 'number' ? this.complete(nameOrIndex) : this.findDefinition(nameOrIndex);
    const record = index === undefined ? undefined : this.stream.record(index);
    if (index === undefined || record?.kind !== 'enum')
      throw new PdbTypeError(`there is no enum named '${nameOrIndex}'`);
    const values = this.fieldListMembers(record.fieldList).flatMap((m) =>
      m.kind === 'enumerate' ? [{ name: m.name, value: m.value }] : [],
    );
    return { index, name: record.name, underlying: this.describeAt(record.underlying, 0), values };
  }

  private offsetOfPath(typeName: string, path: string): { offset: number; field: StructField } {
    let layout = this.layoutOf(typeName);
    let offset = 0;
    const parts = path.split('.');
    for (let i = 0; i < parts.length; i++) {
      const field = layout.fields.find((f) => f.name === parts[i]);
      if (!field) throw new PdbTypeError(`${layout.name} has no field named '${parts[i]}'`);
      offset += field.offset;
      if (i === parts.length - 1) return { offset, field };
      if (field.type.kind !== 'udt') throw new PdbTypeError(`${layout.name}.${parts[i]} is not a structure`);
      layout = this.layoutOf(field.type.index);
    }
    throw new PdbTypeError('an empty field path');
  }

  private describeAt(index: number, depth: number): TypeInfo {
    if (depth > MAX_TYPE_DEPTH)
      throw new PdbFormatError(
        `type ${hexIndex(index)} is part of a chain of types that refers back to itself`,
      );
    if (index < FIRST_TYPE_INDEX) return this.simple(index);
    const record = this.stream.record(index);
    switch (record.kind) {
      case 'struct':
      case 'class':
      case 'union': {
        const complete = record.forwardRef ? this.definitionOf(record, index) : index;
        const size =
          complete === index ? record.size : (this.stream.record(complete) as { size: number }).size;
        return { index: complete, kind: 'udt', name: record.name, size, udtKind: record.kind };
      }
      case 'enum': {
        const underlying = this.describeAt(record.underlying, depth + 1);
        return { index, kind: 'enum', name: record.name, size: underlying.size, signed: underlying.signed };
      }
      case 'pointer': {
        const target = this.describeAt(record.referent, depth + 1);
        return {
          index,
          kind: 'pointer',
          name: `${target.name}${record.isReference ? '&' : '*'}`,
          size: record.size,
          target,
        };
      }
      case 'array': {
        const target = this.describeAt(record.element, depth + 1);
        const elementCount = target.size > 0 ? Math.floor(record.size / target.size) : 0;
        return {
          index,
          kind: 'array',
          name: `${target.name}[${elementCount}]`,
          size: record.size,
          target,
          elementCount,
        };
      }
      case 'modifier': {
        const target = this.describeAt(record.referent, depth + 1);
        return { ...target, isConst: record.isConst, isVolatile: record.isVolatile };
      }
      case 'bitfield':
        return this.describeAt(record.type, depth + 1);
      case 'procedure':
        return { index, kind: 'function', name: 'void', size: 0 };
      default:
        return { index, kind: 'unknown', name: `<type ${hexIndex(index)}>`, size: 0 };
    }
  }

  private simple(index: number): TypeInfo {
    const kind = index & 0xff;
    const mode = (index >> 8) & 0xf;
    const base = SIMPLE_TYPES[kind] ?? { name: `<simple type ${hexIndex(index)}>`, size: 0 };
    const info: TypeInfo = {
      index: kind,
      kind: 'base',
      name: base.name,
      size: base.size,
      signed: base.signed,
    };
    if (mode === 0) return info;
    // modes 1..7 are pointers to the base type; 4 is a 32-bit pointer, 6 a 64-bit one
    return { index, kind: 'pointer', name: `${base.name}*`, size: mode === 6 ? 8 : 4, target: info };
  }

  private complete(index: number): number {
    if (index < FIRST_TYPE_INDEX) return index;
    const record = this.stream.record(index);
    if (
      (record.kind === 'struct' ||
        record.kind === 'class' ||
        record.kind === 'union' ||
        record.kind === 'enum') &&
      record.forwardRef
    )
      return this.definitionOf(record, index);
    return index;
  }

  /** The definition a forward reference stands for: by unique name when it has one, else by name. */
  private definitionOf(record: { name: string; uniqueName?: string }, index: number): number {
    this.definitionMap();
    const unique =
      record.uniqueName === undefined ? undefined : this.uniqueDefinitions!.get(record.uniqueName);
    return unique ?? this.definitions!.get(record.name) ?? index;
  }

  private recordOrUndefined(index: number): TypeRecord | undefined {
    return index >= FIRST_TYPE_INDEX ? this.stream.record(index) : undefined;
  }

  /** The members of a field list, following LF_INDEX continuations; a continuation loop is an error. */
  private fieldListMembers(index: number) {
    const members = [];
    const seen = new Set<number>();
    let next: number | undefined = index;
    while (next !== undefined && next !== 0) {
      if (seen.has(next)) throw new PdbFormatError(`field list ${hexIndex(next)} continues into itself`);
      seen.add(next);
      const record = this.stream.record(next);
      if (record.kind !== 'fieldList')
        throw new PdbFormatError(`type ${hexIndex(next)} should be a field list`);
      next = undefined;
      for (const member of record.members) {
        if (member.kind === 'continuation') next = member.type;
        else members.push(member);
      }
    }
    return members;
  }

  private definitionMap(): Map<string, number> {
    if (this.definitions) return this.definitions;
    const map = new Map<string, number>();
    const unique = new Map<string, number>();
    for (let index = this.stream.firstIndex; index < this.stream.endIndex; index++) {
      const record = this.stream.record(index);
      if (
        (record.kind === 'struct' ||
          record.kind === 'class' ||
          record.kind === 'union' ||
          record.kind === 'enum') &&
        !record.forwardRef
      ) {
        if (!map.has(record.name)) map.set(record.name, index);
        if (record.uniqueName !== undefined && !unique.has(record.uniqueName))
          unique.set(record.uniqueName, index);
      }
    }
    this.uniqueDefinitions = unique;
    this.definitions = map;
    return map;
  }
}
