/**
 * The C-like value types of HyperDbg v0.23's script engine, as far as code generation sees them:
 * the scalar type id written after typed opcodes, signedness, size and C integer conversion rank.
 */
import { ScalarType } from './generated/tables';

export type TypeKind =
  | 'void'
  | 'bool'
  | 'char'
  | 'short'
  | 'int'
  | 'long'
  | 'llong'
  | 'float'
  | 'double'
  | 'ptr'
  | 'array'
  | 'struct'
  | 'unknown';

export interface ValueType {
  readonly kind: TypeKind;
  /** SCRIPT_SCALAR_TYPE_* id (0 when the type has none). */
  readonly id: number;
  readonly unsigned: boolean;
  readonly size: number;
  readonly align: number;
  /** Integer conversion rank; -1 for non-integers. */
  readonly rank: number;
  /** Element type of an array, pointee of a pointer (when known). */
  readonly base?: ValueType;
  /** Pointer whose target is known to be in the script's own (local) memory, e.g. `&local`. */
  readonly localTarget?: boolean;
  /** Layout of a struct type (filled in when its definition completes). */
  readonly struct?: StructTagLayout;
}

export interface StructMember {
  readonly name: string;
  readonly type: ValueType;
  offset: number;
}

/** A struct tag's layout; members are added while its definition is parsed. */
export interface StructTagLayout {
  readonly tag: string;
  readonly members: StructMember[];
  complete: boolean;
  size: number;
  align: number;
}

/** A new, incomplete struct type for `tag`. */
export function structType(tag: string): ValueType {
  const layout: StructTagLayout = { tag, members: [], complete: false, size: 0, align: 1 };
  return {
    kind: 'struct',
    id: ScalarType.SCRIPT_SCALAR_TYPE_INVALID,
    unsigned: false,
    rank: -1,
    struct: layout,
    get size() {
      return layout.size;
    },
    get align() {
      return layout.align;
    },
  };
}

/** C layout: each member at the next multiple of its alignment, size rounded to the largest one. */
export function completeStruct(layout: StructTagLayout): void {
  let offset = 0;
  let align = 1;
  for (const m of layout.members) {
    offset = alignTo(offset, m.type.align);
    m.offset = offset;
    offset += m.type.size;
    align = Math.max(align, m.type.align);
  }
  layout.align = align;
  layout.size = layout.members.length > 0 ? alignTo(offset, align) : 1;
  layout.complete = true;
}

function alignTo(value: number, alignment: number): number {
  return alignment > 0 ? Math.ceil(value / alignment) * alignment : value;
}

export function isIncompleteStruct(type: ValueType): boolean {
  return type.kind === 'struct' && !type.struct?.complete;
}

export function arrayOf(base: ValueType, length: number): ValueType {
  return {
    kind: 'array',
    id: ScalarType.SCRIPT_SCALAR_TYPE_INVALID,
    unsigned: false,
    size: base.size * length,
    align: base.align,
    rank: -1,
    base,
  };
}

export function pointerTo(base: ValueType, localTarget = false): ValueType {
  return { ...TYPES.pointer, base, localTarget };
}

/** The innermost element type of a (possibly nested) array. */
export function innermost(type: ValueType): ValueType {
  let t = type;
  while (t.base) t = t.base;
  return t;
}

/** The unsigned integer type loaded for an element of `size` bytes, or undefined. */
export function unsignedOfSize(size: number): ValueType | undefined {
  return size === 1
    ? TYPES.uchar
    : size === 2
      ? TYPES.ushort
      : size === 4
        ? TYPES.uint
        : size === 8
          ? TYPES.ullong
          : undefined;
}

const t = (kind: TypeKind, id: number, unsigned: boolean, size: number, rank: number): ValueType => ({
  kind,
  id,
  unsigned,
  size,
  align: size,
  rank,
});
const S = ScalarType;

export const TYPES = {
  void: t('void', S.SCRIPT_SCALAR_TYPE_INVALID, false, 1, -1),
  bool: t('bool', S.SCRIPT_SCALAR_TYPE_BOOL, false, 1, 0),
  char: t('char', S.SCRIPT_SCALAR_TYPE_I8, false, 1, 1),
  uchar: t('char', S.SCRIPT_SCALAR_TYPE_U8, true, 1, 1),
  short: t('short', S.SCRIPT_SCALAR_TYPE_I16, false, 2, 2),
  ushort: t('short', S.SCRIPT_SCALAR_TYPE_U16, true, 2, 2),
  int: t('int', S.SCRIPT_SCALAR_TYPE_I32, false, 4, 3),
  uint: t('int', S.SCRIPT_SCALAR_TYPE_U32, true, 4, 3),
  long: t('long', S.SCRIPT_SCALAR_TYPE_I64, false, 8, 4),
  ulong: t('long', S.SCRIPT_SCALAR_TYPE_U64, true, 8, 4),
  llong: t('llong', S.SCRIPT_SCALAR_TYPE_I64, false, 8, 5),
  ullong: t('llong', S.SCRIPT_SCALAR_TYPE_U64, true, 8, 5),
  float: t('float', S.SCRIPT_SCALAR_TYPE_F32, false, 4, -1),
  double: t('double', S.SCRIPT_SCALAR_TYPE_F64, false, 8, -1),
  pointer: t('ptr', S.SCRIPT_SCALAR_TYPE_POINTER, true, 8, -1),
  unknown: t('unknown', S.SCRIPT_SCALAR_TYPE_INVALID, false, 0, -1),
} as const;

export function isInteger(type: ValueType | null): type is ValueType {
  return type !== null && type.rank >= 0;
}

export function isFloating(type: ValueType | null): boolean {
  return type !== null && (type.kind === 'float' || type.kind === 'double');
}

/** Integer promotion: anything ranked below int becomes int. */
export function promote(type: ValueType | null): ValueType | null {
  return isInteger(type) && type.rank < TYPES.int.rank ? TYPES.int : type;
}

/** C's usual arithmetic conversion for two integer operands; `unknown` otherwise. */
export function commonType(a: ValueType | null, b: ValueType | null): ValueType {
  const l = promote(a);
  const r = promote(b);
  if (!isInteger(l) || !isInteger(r)) return TYPES.unknown;
  if (l === r) return l;
  if (l.unsigned === r.unsigned) return l.rank >= r.rank ? l : r;
  const u = l.unsigned ? l : r;
  const s = l.unsigned ? r : l;
  if (u.rank >= s.rank) return u;
  if (s.size > u.size) return s;
  if (s === TYPES.long) return TYPES.ulong;
  if (s === TYPES.llong) return TYPES.ullong;
  return TYPES.uint;
}

/** The type named by a sequence of type words (`unsigned long long`); `unknown` if invalid. */
export function typeFromWords(words: readonly string[]): ValueType {
  const n = (w: string) => words.filter((x) => x === w).length;
  const v = n('void'),
    b = n('bool'),
    c = n('char'),
    sh = n('short'),
    i = n('int'),
    l = n('long');
  const f = n('float'),
    d = n('double'),
    sg = n('signed'),
    u = n('unsigned');
  if (sg > 1 || u > 1 || (sg && u) || v > 1 || b > 1 || c > 1 || sh > 1 || i > 1 || l > 2 || f > 1 || d > 1)
    return TYPES.unknown;
  if (v || b || c || sh || f || d) {
    if (v && !(b || c || sh || i || l || f || d || sg || u)) return TYPES.void;
    if (b && !(v || c || sh || i || l || f || d || sg || u)) return TYPES.bool;
    if (c && !(v || b || sh || i || l || f || d)) return u ? TYPES.uchar : TYPES.char;
    if (sh && !(v || b || c || l || f || d)) return u ? TYPES.ushort : TYPES.short;
    if (f && !(v || b || c || sh || i || l || d || sg || u)) return TYPES.float;
    if (d && !v && !b && !c && !sh && !i && !f && !sg && !u) return l === 0 ? TYPES.double : TYPES.unknown;
    return TYPES.unknown;
  }
  if (l) return l === 2 ? (u ? TYPES.ullong : TYPES.llong) : u ? TYPES.ulong : TYPES.long;
  if (i || sg || u) return u ? TYPES.uint : TYPES.int;
  return TYPES.unknown;
}
