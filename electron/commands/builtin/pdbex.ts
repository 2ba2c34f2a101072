/**
 * What HyperDbg v0.23's `dt` and `struct` print: they run pdbex (HyperDbg's fork, built with its
 * HYPERDBG_CODES changes) over the PDB, in pdbex's offset format for `dt` (` _EPROCESS`, then
 * `  +0x0440 void* UniqueProcessId` per field, values when memory is mapped) and its C format for
 * `struct`. This module rebuilds that output from our own PDB reader, with pdbex's rules:
 *
 * - CodeView stores the members of anonymous unions and structures flattened into the parent;
 *   pdbex infers the `union { … }` and `struct { … }` blocks back from member offsets (the same
 *   overlap heuristics, so the same blocks, and the same padding members they imply);
 * - a member whose type is an unnamed structure or union is expanded in place (`inline
 *   unnamed`, the default), or every nested type once (`inline all`), or none (`inline none`);
 * - bitfield runs, unnamed bitfield gaps, `Padding_N` members and the trailing `__PADDING__`
 *   array of a structure;
 * - with the default expansion, every type the symbol contains by value is printed before it
 *   (pdbex's referenced types, dependencies first) between its `#include <pshpack1.h>` and
 *   `#include <poppack.h>` lines;
 * - MSVC's names for built-in types (`unsigned long`), or stdint's with `native yes`.
 *
 * Known differences: enum constants print through the enum's underlying type (DIA's VARIANT
 * type is not in the PDB's bytes), and a zero-length array keeps size 0 where pdbex rewrites it
 * to 1 after printing it.
 */
import { PdbFormatError, type PdbTypes, type StructField, type TypeInfo } from '../../../shared/pdb';
import { separateTo64BitValue } from '../../session/bytes';

export type Expansion = 'none' | 'unnamed' | 'all';

export interface PdbexSettings {
  /** `dt`'s offset format (true) or `struct`'s C format (false) */
  offsetFormat: boolean;
  expansion: Expansion;
  showOffsets: boolean;
  paddingMembers: boolean;
  bitFieldsInUnion: boolean;
  useStdInt: boolean;
  printDefinitions: boolean;
  pragmaPack: boolean;
  prefix: string;
  suffix: string;
  /** `dt Type Address`: the bytes read at Address (pdbex maps every printed field onto them) */
  data?: Uint8Array;
}

export const DEFAULT_PDBEX_SETTINGS: Omit<PdbexSettings, 'offsetFormat'> = {
  expansion: 'unnamed',
  showOffsets: true,
  paddingMembers: true,
  bitFieldsInUnion: false,
  useStdInt: false,
  printDefinitions: true,
  pragmaPack: true,
  prefix: '',
  suffix: '',
};

/** Deeper nesting of expanded types than any real PDB has: a type that contains itself. */
const MAX_EXPANSION_DEPTH = 64;

// DIA's basic types (cvconst.h BasicType) and pdbex's two spelling tables for them.
const BT = { void: 1, char: 2, wchar: 3, int: 6, uint: 7, float: 8, bool: 10, long: 13, ulong: 14, hresult: 31, char16: 32, char32: 33, char8: 34 } as const; // prettier-ignore

/** CodeView simple type kind (low byte of a type index below 0x1000) → DIA basic type. */
const CV_TO_BASIC: Readonly<Record<number, number>> = {
  0x03: BT.void, 0x08: BT.hresult, 0x10: BT.char, 0x20: BT.uint, 0x68: BT.int, 0x69: BT.uint, 0x70: BT.char,
  0x71: BT.wchar, 0x7a: BT.char16, 0x7b: BT.char32, 0x7c: BT.char8, 0x11: BT.int, 0x21: BT.uint, 0x72: BT.int,
  0x73: BT.uint, 0x12: BT.long, 0x22: BT.ulong, 0x74: BT.int, 0x75: BT.uint, 0x13: BT.int, 0x23: BT.uint,
  0x76: BT.int, 0x77: BT.uint, 0x14: BT.int, 0x24: BT.uint, 0x78: BT.int, 0x79: BT.uint, 0x40: BT.float,
  0x41: BT.float, 0x42: BT.float, 0x46: BT.float, 0x30: BT.bool, 0x31: BT.bool, 0x32: BT.bool, 0x33: BT.bool,
}; // prettier-ignore

type SpellingTable = readonly (readonly [basic: number, size: number, text: string])[];
// size 0 matches any size, as in pdbex's tables (order matters: the first match wins)
const MSVC_NAMES: SpellingTable = [
  [BT.void, 0, 'void'], [BT.char, 1, 'char'], [BT.char16, 2, 'char16_t'], [BT.char32, 4, 'char32_t'],
  [BT.wchar, 2, 'wchar_t'], [BT.int, 1, 'char'], [BT.int, 2, 'short'], [BT.int, 4, 'int'], [BT.int, 8, '__int64'],
  [BT.uint, 16, '__m128'], [BT.uint, 1, 'unsigned char'], [BT.uint, 2, 'unsigned short'], [BT.uint, 4, 'unsigned int'],
  [BT.uint, 8, 'unsigned __int64'], [BT.float, 4, 'float'], [BT.float, 8, 'double'], [BT.float, 10, 'long double'],
  [BT.bool, 0, 'BOOL'], [BT.long, 4, 'long'], [BT.ulong, 4, 'unsigned long'], [BT.hresult, 4, 'HRESULT'],
  [BT.char8, 1, 'char8_t'],
]; // prettier-ignore
const STDINT_NAMES: SpellingTable = [
  [BT.void, 0, 'void'], [BT.char, 1, 'char'], [BT.char8, 1, 'char8_t'], [BT.char16, 2, 'char16_t'],
  [BT.char32, 4, 'char32_t'], [BT.wchar, 2, 'wchar_t'], [BT.int, 1, 'int8_t'], [BT.int, 2, 'int16_t'],
  [BT.int, 4, 'int32_t'], [BT.int, 8, 'int64_t'], [BT.int, 16, 'int128_t'], [BT.uint, 1, 'uint8_t'],
  [BT.uint, 2, 'uint16_t'], [BT.uint, 4, 'uint32_t'], [BT.uint, 8, 'uint64_t'], [BT.uint, 16, 'uint128_t'],
  [BT.float, 4, 'float'], [BT.float, 8, 'double'], [BT.float, 10, 'long double'], [BT.bool, 0, 'BOOL'],
  [BT.long, 4, 'int32_t'], [BT.ulong, 4, 'uint32_t'], [BT.hresult, 4, 'HRESULT'],
]; // prettier-ignore

function basicTypeName(basic: number, size: number, useStdInt: boolean): string | undefined {
  const table = useStdInt ? STDINT_NAMES : MSVC_NAMES;
  return table.find(([b, s]) => b === basic && (s === size || s === 0))?.[2];
}

const baseOf = (type: TypeInfo): number => CV_TO_BASIC[type.index & 0xff] ?? 0;
const isUnnamed = (name: string): boolean =>
  name.includes('<anonymous-') || name.includes('<unnamed-') || name.includes('__unnamed');
const hex4 = (value: number): string => (value >>> 0).toString(16).padStart(4, '0');

/** A member as pdbex sees it (DIA's data child): a bitfield's type is its underlying integer. */
interface Field {
  readonly index: number;
  readonly name: string;
  readonly offset: number;
  readonly type: TypeInfo;
  readonly bits: number;
  readonly bitPosition: number;
}

interface Udt {
  readonly info: TypeInfo;
  readonly fields: readonly Field[];
}

interface AnonymousUdt {
  readonly kind: 'union' | 'struct';
  readonly first: Field;
  /** the guessed last member of a struct (a bound for nested unions) */
  readonly lastGuess: Field | undefined;
  size: number;
  memberCount: number;
}

/** UdtFieldDefinition: the member's declaration, built while its type is visited. */
class MemberDefinition {
  prefix = '';
  suffix = '';
  comment = '';
  constructor(private readonly name: string) {}
  printable(): string {
    return `${this.prefix} ${this.name}${this.suffix}${this.comment}`;
  }
}

/** UdtFieldContext: a member and its neighbours, the next one skipping the rest of a bitfield run. */
class FieldCursor {
  previous: number;
  current: number;
  next: number;
  constructor(
    private readonly fields: readonly Field[],
    field: Field,
    private readonly respectBitFields = true,
  ) {
    this.previous = field.index - 1;
    this.current = field.index;
    this.next = respectBitFields ? nextAfterBitFields(fields, field.index) : field.index + 1;
  }
  get isFirst(): boolean {
    return this.previous < 0;
  }
  get isLast(): boolean {
    return this.next === this.fields.length;
  }
  get nextField(): Field {
    return this.fields[this.next]!;
  }
  get currentField(): Field {
    return this.fields[this.current]!;
  }
  advance(): boolean {
    this.previous = this.current;
    this.current = this.next;
    this.next = this.current + 1;
    if (this.respectBitFields && !this.isLast) this.next = nextAfterBitFields(this.fields, this.current);
    return !this.isLast;
  }
}

/** The index of the first member after `index` that starts a new storage unit (bit position 0). */
function nextAfterBitFields(fields: readonly Field[], index: number): number {
  let next = index + 1;
  while (next < fields.length && fields[next]!.bitPosition !== 0) next++;
  return next;
}

const top = <T>(stack: T[]): T | undefined => stack[stack.length - 1];

/** pdbex's visitor and header reconstructor in one: call `dumpOne` once per command. */
export class PdbexPrinter {
  /** everything, in order */
  private text = '';
  /** what went through pdbex's Write() (its message handler, or the file with `-o` last) */
  private written = '';
  /** what pdbex streams to its output file object directly (the #include lines) */
  private direct = '';
  private depth = 0;
  private readonly offsetStack: number[] = [];
  private readonly visitedNames = new Set<string>();
  private readonly correctedNames = new Map<number, string>();
  private unnamedCount = 0;
  private paddingCounter = 0;
  private readonly udts = new Map<number, Udt>();
  // visitor state
  private anonymous: AnonymousUdt[] = [];
  private anonymousUnions: AnonymousUdt[] = [];
  private anonymousStructs: AnonymousUdt[] = [];
  private readonly members: MemberDefinition[] = [];
  private previousField: Field | undefined;
  private sizeOfPreviousField = 0;
  private previousBitField: Field | undefined;
  private bitFieldRun: { first: Field | undefined; last: Field } | undefined;
  private expansionDepth = 0;

  constructor(
    private readonly types: PdbTypes,
    private readonly settings: PdbexSettings,
  ) {}

  /** DumpOneSymbol: the symbol (a structure, union or enum), as pdbex prints it. */
  dumpOne(root: TypeInfo): { all: string; written: string; direct: string } {
    if (this.settings.expansion !== 'all') {
      if (this.settings.printDefinitions) {
        if (this.settings.useStdInt) this.writeDirect('#include <stdint.h>\n');
        if (this.settings.pragmaPack) this.writeDirect('#include <pshpack1.h>\n');
        for (const symbol of this.referencedTypes(root)) {
          if (this.settings.expansion === 'unnamed' && symbol.kind === 'udt' && isUnnamed(symbol.name))
            continue;
          this.visit(symbol);
        }
        if (this.settings.pragmaPack) this.writeDirect('#include <poppack.h>\n');
      }
    } else this.visit(root);
    return { all: this.text, written: this.written, direct: this.direct };
  }

  // --- PDBSymbolSorter: the types a symbol holds by value, dependencies first ---

  private referencedTypes(root: TypeInfo): TypeInfo[] {
    const sorted: TypeInfo[] = [];
    const seenNames = new Set<string>();
    const walk = (type: TypeInfo, depth: number): void => {
      if (depth > MAX_EXPANSION_DEPTH) throw this.selfContaining(type);
      if (type.kind === 'array' && type.target) walk(type.target, depth + 1);
      if (type.kind !== 'udt' && type.kind !== 'enum') return;
      // unnamed types are never "seen" by name (pdbex numbers their keys)
      if (!isUnnamed(type.name)) {
        if (seenNames.has(type.name)) return;
        seenNames.add(type.name);
      }
      if (type.kind === 'udt') for (const field of this.udt(type).fields) walk(field.type, depth + 1);
      if (!sorted.some((s) => s.index === type.index)) sorted.push(type);
    };
    walk(root, 0);
    return sorted;
  }

  // --- the model: DIA's view of a structure ---

  private udt(info: TypeInfo): Udt {
    const cached = this.udts.get(info.index);
    if (cached) return cached;
    const layout = this.types.layout(info.index);
    const fields: Field[] = layout.fields.map((f: StructField, index) => ({
      index,
      name: f.name,
      offset: f.offset,
      type: f.type,
      bits: f.bitCount ?? 0,
      bitPosition: f.bitPosition ?? 0,
    }));
    // PDB.cpp: a structure's bytes after its last member become a `__PADDING__` array
    const last = fields[fields.length - 1];
    if (layout.kind === 'struct' && last) {
      const padding = (layout.size - (last.offset + last.type.size)) >>> 0;
      if (padding > 0) {
        const byLong = padding % 4 === 0;
        const element: TypeInfo = {
          index: byLong ? 0x12 : 0x10,
          kind: 'base',
          name: '',
          size: byLong ? 4 : 1,
        };
        fields.push({
          index: fields.length,
          name: '__PADDING__',
          offset: last.offset + last.type.size,
          type: {
            index: 0,
            kind: 'array',
            name: '',
            size: padding,
            target: element,
            elementCount: byLong ? padding / 4 : padding,
          },
          bits: 0,
          bitPosition: 0,
        });
      }
    }
    const udt = { info, fields };
    this.udts.set(info.index, udt);
    return udt;
  }

  private selfContaining(type: TypeInfo): PdbFormatError {
    return new PdbFormatError(`type '${type.name}' contains itself (the PDB is damaged)`);
  }

  // --- PDBSymbolVisitor ---

  private visit(type: TypeInfo): void {
    const member = top(this.members);
    switch (type.kind) {
      case 'base':
        if (member) this.visitBaseType(member, type);
        return;
      case 'enum':
        this.visitEnum(type);
        return;
      case 'pointer':
        if (type.target) this.visit(type.target);
        if (member) {
          member.prefix += '*';
          if (type.isConst) member.prefix += ' const';
          if (type.isVolatile) member.prefix += ' volatile';
        }
        return;
      case 'array':
        if (type.target) this.visit(type.target);
        if (member) {
          if (type.elementCount === 0) {
            member.prefix += '*';
            member.comment += ' /* zero-length array */';
          } else member.suffix += `[${type.elementCount ?? 0}]`;
        }
        return;
      case 'function':
        if (member) {
          member.prefix += 'void';
          member.comment += ' /* function */';
        }
        return;
      case 'udt':
        this.visitUdt(type);
        return;
      default:
        return;
    }
  }

  private visitBaseType(member: MemberDefinition, type: TypeInfo): void {
    if (baseOf(type) === BT.float && type.size === 10) member.comment += ' /* 80-bit float */';
    if (type.isConst) member.prefix += 'const ';
    if (type.isVolatile) member.prefix += 'volatile ';
    member.prefix += basicTypeName(baseOf(type), type.size, this.settings.useStdInt) ?? '<unknown_type>';
  }

  private visitUdt(type: TypeInfo): void {
    if (!this.onUdt(type) || type.size <= 0) return;
    if (++this.expansionDepth > MAX_EXPANSION_DEPTH) throw this.selfContaining(type);
    // a nested type's anonymous blocks never mix with its parent's
    const saved = [this.anonymous, this.anonymousUnions, this.anonymousStructs] as const;
    this.anonymous = [];
    this.anonymousUnions = [];
    this.anonymousStructs = [];
    this.members.push(new MemberDefinition(''));
    this.onUdtBegin(type);
    this.visitFields(this.udt(type).fields);
    this.onUdtEnd(type);
    this.members.pop();
    [this.anonymous, this.anonymousUnions, this.anonymousStructs] = saved;
    this.expansionDepth--;
  }

  /** PDBSymbolVisitorBase::VisitUdt: members one by one, a bitfield run as one group. */
  private visitFields(fields: readonly Field[]): void {
    for (let i = 0; i < fields.length; i++) {
      if (fields[i]!.bits === 0) {
        this.visitField(fields, fields[i]!);
        this.checkForEndOfAnonymousUdt(fields, fields[i]!);
        continue;
      }
      do this.visitField(fields, fields[i]!);
      while (++i < fields.length && fields[i]!.bitPosition !== 0);
      i--;
      const run = this.bitFieldRun!;
      this.onBitFieldEnd(run.first, run.last);
      this.bitFieldRun = undefined;
      this.checkForEndOfAnonymousUdt(fields, fields[i]!);
      this.previousBitField = undefined;
    }
  }

  private visitField(fields: readonly Field[], field: Field): void {
    const isBitField = field.bits !== 0;
    const isFirstBitField = isBitField && !this.previousBitField;
    const member = new MemberDefinition(field.name);
    this.members.push(member);
    if (!isBitField || isFirstBitField) {
      this.checkForDataFieldPadding(fields, field);
      this.checkForAnonymousUnion(fields, field);
      this.checkForAnonymousStruct(fields, field);
    }
    if (isFirstBitField) {
      const last = fields[nextAfterBitFields(fields, field.index) - 1]!;
      // a run that starts with an unnamed gap always gets its wrapping struct
      this.bitFieldRun = { first: field.bitPosition !== 0 ? undefined : field, last };
      this.onBitFieldBegin(this.bitFieldRun.first, last);
    }
    if (isBitField) this.checkForBitFieldPadding(field);
    this.onUdtFieldBegin(field);
    this.visit(field.type);
    this.onUdtField(field, member);
    this.offsetStack.pop();
    this.members.pop();
    if (isBitField) this.previousBitField = field;
  }

  private checkForDataFieldPadding(fields: readonly Field[], field: Field): void {
    const cursor = new FieldCursor(fields, field);
    const previousEnd = cursor.isFirst ? 0 : (this.previousField?.offset ?? 0) + this.sizeOfPreviousField;
    if (previousEnd >= field.offset) return;
    const difference = field.offset - previousEnd;
    if (difference % 4 === 0) this.onPaddingMember(field, BT.long, 4, difference / 4);
    else this.onPaddingMember(field, BT.char, 1, difference);
  }

  private checkForBitFieldPadding(field: Field): void {
    const previous = this.previousBitField;
    const previousIsBitField = previous ? previous.bits !== 0 : false;
    if (
      (field.bitPosition !== 0 && !previousIsBitField) ||
      (previousIsBitField && field.bitPosition !== previous!.bitPosition + previous!.bits)
    )
      this.onPaddingBitField(field, previous);
  }

  /** Members after this one at the same offset share a union with it. */
  private checkForAnonymousUnion(fields: readonly Field[], field: Field): void {
    const cursor = new FieldCursor(fields, field);
    if (cursor.isLast || top(this.anonymous)?.kind === 'union') return;
    do {
      if (cursor.nextField.offset !== field.offset) continue;
      const struct = top(this.anonymousStructs);
      if (!struct || (struct.lastGuess !== undefined && cursor.next <= struct.lastGuess.index)) {
        this.pushAnonymous({
          kind: 'union',
          first: field,
          lastGuess: undefined,
          size: field.type.size,
          memberCount: 0,
        });
        this.onAnonymousBegin('union');
        return;
      }
    } while (cursor.advance());
  }

  /** Inside a union, members that continue past the union's first member form a struct. */
  private checkForAnonymousStruct(fields: readonly Field[], field: Field): void {
    const cursor = new FieldCursor(fields, field);
    if (cursor.isLast) return;
    const open = top(this.anonymous);
    if (open && open.kind !== 'union') return;
    if (cursor.nextField.offset <= field.offset) return;
    do {
      const next = cursor.nextField;
      if (next.offset === field.offset || (open && next.offset < open.first.offset + open.size)) {
        do if (cursor.isLast || cursor.nextField.offset <= field.offset) break;
        while (cursor.advance());
        this.pushAnonymous({
          kind: 'struct',
          first: field,
          lastGuess: cursor.currentField,
          size: 0,
          memberCount: 0,
        });
        this.onAnonymousBegin('struct');
        return;
      }
    } while (cursor.advance());
  }

  private checkForEndOfAnonymousUdt(fields: readonly Field[], field: Field): void {
    this.previousField = field;
    this.sizeOfPreviousField = field.type.size;
    if (this.anonymous.length === 0) return;
    const cursor = new FieldCursor(fields, field, false);
    let current = field;
    let closed: boolean;
    do {
      const block = top(this.anonymous)!;
      block.memberCount += 1;
      let isEnd: boolean;
      if (block.kind === 'union') {
        block.size = Math.max(block.size, this.sizeOfPreviousField);
        isEnd =
          cursor.isLast ||
          cursor.nextField.offset < current.offset ||
          cursor.nextField.offset === current.offset + block.size ||
          (cursor.nextField.offset === current.offset + 8 &&
            cursor.nextField.type.kind === 'base' &&
            cursor.nextField.type.size === 8) ||
          (cursor.nextField.offset > current.offset && current.bits !== 0) ||
          (cursor.nextField.offset > current.offset &&
            current.offset + current.type.size !== cursor.nextField.offset);
      } else {
        block.size += this.sizeOfPreviousField;
        const union = top(this.anonymousUnions);
        isEnd =
          cursor.isLast ||
          cursor.nextField.offset <= current.offset ||
          (union !== undefined &&
            (union.first.offset + union.size === current.offset + current.type.size ||
              union.first.offset + union.size === cursor.nextField.offset) &&
            block.memberCount >= 2);
      }
      closed = isEnd;
      if (isEnd) {
        this.sizeOfPreviousField = block.size;
        this.onAnonymousEnd(block.size);
        this.popAnonymous();
      }
      const outer = top(this.anonymous);
      if (outer) {
        // a union's members all start at its first member; a struct goes on from this member
        current = outer.kind === 'union' ? outer.first : cursor.currentField;
        this.previousField = current;
      }
    } while (closed && this.anonymous.length > 0);
  }

  private pushAnonymous(block: AnonymousUdt): void {
    this.anonymous.push(block);
    (block.kind === 'union' ? this.anonymousUnions : this.anonymousStructs).push(block);
  }

  private popAnonymous(): void {
    const block = this.anonymous.pop()!;
    (block.kind === 'union' ? this.anonymousUnions : this.anonymousStructs).pop();
  }

  private visitEnum(type: TypeInfo): void {
    if (!this.onEnumType(type)) return;
    const name = this.correctedName(type);
    this.writeTypedefBegin(name);
    this.write(`enum ${name}\n`);
    this.writeIndent();
    this.write('{\n');
    this.depth++;
    const enumeration = this.types.enumeration(type.index);
    for (const { name: constant, value } of enumeration.values) {
      this.writeIndent();
      this.write(`${constant} = ${enumValueText(value, enumeration.underlying)},\n`);
    }
    this.depth--;
    this.writeIndent();
    this.write('}');
    // the typedef's names follow only in the C format (HyperDbg's change to WriteTypedefEnd)
    this.writeTypedefEnd(name);
    if (this.depth === 0) this.write(';\n\n');
  }

  // --- PDBHeaderReconstructor ---

  private write(text: string): void {
    this.text += text;
    this.written += text;
  }

  private writeDirect(text: string): void {
    this.text += text;
    this.direct += text;
  }

  private writeIndent(): void {
    if (!this.settings.offsetFormat) this.write('  '.repeat(this.depth));
  }

  private correctedName(type: TypeInfo): string {
    let name = this.correctedNames.get(type.index);
    if (name === undefined) {
      name = isUnnamed(type.name) ? `_TAG_UNNAMED_${++this.unnamedCount}` : type.name;
      name = `${this.settings.prefix}${name}${this.settings.suffix}`;
      this.correctedNames.set(type.index, name);
    }
    return name;
  }

  private shouldExpand(type: TypeInfo): boolean {
    let expand: boolean;
    if (this.settings.expansion === 'none') expand = this.depth === 0;
    else if (this.settings.expansion === 'unnamed')
      expand = this.depth === 0 || (type.kind === 'udt' && isUnnamed(type.name));
    else expand = !this.visitedNames.has(this.correctedName(type));
    return expand && type.size > 0;
  }

  private onUdt(type: TypeInfo): boolean {
    const expand = this.shouldExpand(type);
    const name = this.correctedName(type);
    this.visitedNames.add(name);
    if (expand) return true;
    if (this.settings.offsetFormat) this.write(name);
    else this.write(`${this.constVolatile(type)}${type.udtKind} ${name}`);
    if (this.depth === 0) this.write(';\n\n');
    return false;
  }

  private onEnumType(type: TypeInfo): boolean {
    const name = this.correctedName(type);
    const expand = this.shouldExpand(type);
    this.visitedNames.add(name);
    if (!expand) this.write(`enum ${name}`);
    return expand;
  }

  private constVolatile(type: TypeInfo): string {
    if (this.depth === 0) return '';
    return `${type.isConst ? 'const ' : ''}${type.isVolatile ? 'volatile ' : ''}`;
  }

  private onUdtBegin(type: TypeInfo): void {
    const name = this.correctedName(type);
    if (!this.settings.offsetFormat) {
      this.writeTypedefBegin(name);
      this.write(`${this.constVolatile(type)}${type.udtKind}`);
    }
    if (!isUnnamed(type.name)) this.write(` ${name}`);
    this.write('\n');
    if (!this.settings.offsetFormat) {
      this.writeIndent();
      this.write('{\n');
    }
    this.depth++;
  }

  private onUdtEnd(type: TypeInfo): void {
    this.depth--;
    if (!this.settings.offsetFormat) {
      this.writeIndent();
      this.write('}');
    }
    this.writeTypedefEnd(this.correctedName(type));
    if (!this.settings.offsetFormat) {
      if (this.depth === 0) this.write(';');
      this.write(` /* size: 0x${hex4(type.size)} */`);
    }
    if (this.depth === 0) this.write('\n\n');
  }

  private writeTypedefBegin(name: string): void {
    if (name.startsWith('_') && this.depth === 0) this.write('typedef ');
  }

  private writeTypedefEnd(name: string): void {
    if (name.startsWith('_') && this.depth === 0 && !this.settings.offsetFormat)
      this.write(` ${name.slice(1)}, *P${name.slice(1)}`);
  }

  private writeOffset(offset: number): void {
    if (!this.settings.showOffsets) return;
    this.write(this.settings.offsetFormat ? `  +0x${hex4(offset)} ` : `/* 0x${hex4(offset)} */ `);
  }

  private parentOffset(): number {
    return this.offsetStack.reduce((sum, offset) => (sum + offset) >>> 0, 0);
  }

  private onUdtFieldBegin(field: Field): void {
    this.writeIndent();
    // an expanded member's offset is shown on its own members instead
    if (field.type.kind !== 'udt' || !this.shouldExpand(field.type))
      this.writeOffset(field.offset + this.parentOffset());
    this.offsetStack.push(field.offset);
  }

  private onUdtField(field: Field, member: MemberDefinition): void {
    this.write(member.printable());
    if (this.settings.offsetFormat) {
      if (field.bits !== 0) this.write(`, Pos ${field.bitPosition}, ${field.bits} Bit`);
    } else {
      if (field.bits !== 0) this.write(` : ${field.bits}`);
      this.write(';');
      if (field.bits !== 0) this.write(` /* bit position: ${field.bitPosition} */`);
    }
    if (this.settings.data) this.write(mappedValue(field, this.settings.data));
    this.write('\n');
  }

  private onAnonymousBegin(kind: 'union' | 'struct'): void {
    if (!this.settings.offsetFormat) {
      this.writeIndent();
      this.write(`${kind}\n`);
      this.writeIndent();
      this.write('{\n');
    }
    this.depth++;
  }

  private onAnonymousEnd(size: number): void {
    this.depth--;
    if (this.settings.offsetFormat) return;
    this.writeIndent();
    this.write(`}; /* size: 0x${hex4(size)} */\n`);
  }

  private onBitFieldBegin(first: Field | undefined, last: Field): void {
    if (this.settings.bitFieldsInUnion || first === last) return;
    if (!this.settings.offsetFormat) {
      this.writeIndent();
      this.write('struct /* bitfield */\n');
      this.writeIndent();
      this.write('{\n');
    }
    this.depth++;
  }

  private onBitFieldEnd(first: Field | undefined, last: Field): void {
    if (this.settings.bitFieldsInUnion || first === last) return;
    this.depth--;
    if (this.settings.offsetFormat) return;
    this.writeIndent();
    this.write('}; /* bitfield */\n');
  }

  /** Bytes no member covers: `long Padding_N[count]` (by 4) or `char Padding_N[count]`. */
  private onPaddingMember(field: Field, basic: number, elementSize: number, count: number): void {
    if (!this.settings.paddingMembers) return;
    this.writeIndent();
    // pdbex places it before the member without adding the parent's offset
    this.writeOffset(field.offset - count * elementSize);
    this.write(`${basicTypeName(basic, elementSize, false)} Padding_${this.paddingCounter++}`);
    if (count > 1) this.write(`[${count}]`);
    this.write(this.settings.offsetFormat ? '\n' : ';\n');
  }

  /** An unnamed bitfield gap: the underlying type and the bits nobody names. */
  private onPaddingBitField(field: Field, previous: Field | undefined): void {
    this.writeIndent();
    this.writeOffset(field.offset + this.parentOffset());
    this.write(basicTypeName(baseOf(field.type), field.type.size, false) ?? '');
    const bits = previous ? field.bitPosition - (previous.bitPosition + previous.bits) : field.bitPosition;
    const position = previous ? previous.bitPosition + previous.bits : 0;
    if (this.settings.offsetFormat) this.write(` : Pos ${position}, ${bits} Bit`);
    else this.write(` : ${bits}; /* bit position: ${position} */`);
    this.write('\n');
  }
}

/** WriteVariant over the constant converted to the enum's underlying type. */
function enumValueText(value: bigint, underlying: TypeInfo): string {
  const width = BigInt(Math.min(Math.max(underlying.size, 1), 4) * 8);
  if (underlying.size > 4) return '';
  return underlying.signed
    ? String(BigInt.asIntN(Number(width), value))
    : `0x${BigInt.asUintN(Number(width), value).toString(16)}`;
}

/**
 * The ` : value` pdbex appends to a member when `dt` maps memory: the member's own offset into the
 * bytes read for the printed symbol (also for members of expanded or referenced types, as pdbex
 * does), a bitfield as `0y` bits lowest first, zero as `(null)`.
 */
function mappedValue(field: Field, data: Uint8Array): string {
  const size = field.type.size;
  if (size >= 1 && size <= 8) {
    let value = 0n;
    for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(data[field.offset + i] ?? 0);
    if (field.bits !== 0) {
      const extracted = (value >> BigInt(field.bitPosition)) & ((1n << BigInt(field.bits)) - 1n);
      let bits = '';
      for (let i = 0; i < field.bits; i++) bits += (extracted >> BigInt(i)) & 1n ? '1' : '0';
      return ` : 0y${bits}${field.bits >= 2 ? ` (0x${extracted.toString(16)})` : ''}`;
    }
    if (value === 0n) return ' : (null)';
    // `%x` of the 64-bit temporary prints its low 32 bits
    return size === 8 ? ` : ${separateTo64BitValue(value)}` : ` : 0x${(value & 0xffffffffn).toString(16)}`;
  }
  if (field.type.kind === 'array') return ' : (array)';
  if (field.type.kind !== 'udt' && field.type.kind !== 'enum') return '';
  let text = ` : ${field.type.name}`;
  if (field.type.size === 16 && field.type.name === '_LIST_ENTRY') {
    const word = (at: number) => {
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(data[field.offset + at + i] ?? 0);
      return separateTo64BitValue(v);
    };
    text += ` [ ${word(0)} - ${word(8)} ]`;
  }
  return text;
}
