/**
 * HyperDbg v0.23 script compiler: parses with the same LL(1) statement grammar and LALR boolean-
 * expression grammar decisions as the engine (so errors stop at the same token) and emits the same
 * SYMBOL buffer. Code generation follows the engine's observable rules: temps are the lowest free
 * slot, an operation's result temp is taken before its operands are released, integer operations
 * carry the common scalar type, locals become temps above the top-level temp count.
 */
import {
  PSEUDO_REGISTER_NAMES,
  REGISTER_NAMES,
  ScalarType,
  ScriptFunc,
  SymbolType,
} from './generated/tables';
import { CAUSE } from './causes';
import { BooleanParser, type ConditionHost } from './condition-parser';
import { FUNCTION_SHAPES, arityOf, type FunctionShape } from './language/vocabulary';
import {
  TYPES,
  arrayOf,
  commonType,
  completeStruct,
  innermost,
  isFloating,
  isIncompleteStruct,
  isInteger,
  pointerTo,
  promote,
  structType,
  typeFromWords,
  unsignedOfSize,
  type ValueType,
} from './scalar-types';
import { Scanner, type Token } from './scanner';
import type { CompileOptions, CompileResult, CompileError } from './types';
import { SYMBOL_SIZE, stringSlotCount } from './wire';

type ScalarTy = ValueType;
const TY_INT = TYPES.int;
const TY_LONG = TYPES.long;
const TY_ULLONG = TYPES.ullong;

type OperandKind =
  | 'function'
  | 'temp'
  | 'local'
  | 'global'
  | 'num'
  | 'register'
  | 'pseudo'
  | 'param'
  | 'localUnresolved'
  | 'globalUnresolved'
  | 'string'
  | 'wstring';

/** An entry of the semantic stack: a value the next operation consumes. */
interface Operand {
  kind: OperandKind;
  /** Temp/local/global/param index, register/pseudo number or literal value. */
  value: bigint;
  type: ScalarTy | null;
  name?: string;
  bytes?: number[];
  /** A `0n` decimal literal (the engine's chained assignment stops at one instead of failing). */
  decimal?: boolean;
  /** A floating-point literal: its text (re-parsed at the precision it is converted to). */
  float?: boolean;
  literal?: string;
  /** Value kind written in Len (0 integer, 1 float32, 2 float64). */
  len?: number;
  /** Source offsets [start, end) of the token this operand came from (for editor ranges). */
  span?: [number, number];
  /** An array element's address temp: written as a DEREFERENCE_TEMP symbol. */
  deref?: boolean;
  /** A temp holding the address of a struct member (stores go through TYPED_STORE). */
  isAddress?: boolean;
  addressSpace?: number;
}

interface StructDeclarator {
  name: string;
  pointers: number;
  dims: number[];
}

/** SYMBOL Len of a value of this type: 1 for float, 2 for double, else 0. */
function floatKind(type: ValueType | null): number {
  return type?.kind === 'float' ? 1 : type?.kind === 'double' ? 2 : 0;
}

/** IEEE bits of a literal at float (kind 1) or double (kind 2) precision; `outOfRange` on overflow/underflow. */
function floatBits(text: string, kind: number, outOfRange: () => never): bigint {
  const value = Number(text);
  const view = new DataView(new ArrayBuffer(8));
  let bits: bigint;
  if (kind === 1) {
    view.setFloat32(0, value, true);
    bits = BigInt(view.getUint32(0, true));
    if ((bits & 0x7f800000n) === 0x7f800000n || ((bits & 0x7fffffffn) === 0n && /[1-9]/.test(text)))
      outOfRange();
  } else {
    view.setFloat64(0, value, true);
    bits = view.getBigUint64(0, true);
    if (
      (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n ||
      ((bits & 0x7fffffffffffffffn) === 0n && /[1-9]/.test(text))
    )
      outOfRange();
  }
  return bits;
}

interface Rec {
  /** Emitted as a printf argument (the final pass keeps reference kinds there). */
  printfArg?: boolean;
  type: number;
  high: number;
  len: number;
  value: bigint;
  text?: Uint8Array;
}

class CompileFailure {
  constructor(
    readonly cause: string,
    readonly at: { line: number; lineIdx: number; tokenIdx: number; inputIdx: number },
    /** Source range to highlight when it is better than the caret position (an unresolved name). */
    readonly span?: [number, number],
  ) {}
}

const TERMINAL_OF_KIND: Partial<Record<Token['kind'], string>> = {
  global: '_global_id',
  globalUnresolved: '_global_id',
  local: '_local_id',
  localUnresolved: '_local_id',
  register: '_register',
  pseudo: '_pseudo_register',
  hex: '_hex',
  decimal: '_decimal',
  octal: '_octal',
  binary: '_binary',
  float: '_float',
  functionId: '_function_id',
  parameterId: '_function_parameter_id',
  varType: '_script_variable_type',
  string: '_string',
  wstring: '_wstring',
  end: '$',
};

const LL_SPECIALS = new Set([
  '!',
  '%',
  '%=',
  '&',
  '&=',
  '(',
  ')',
  '*',
  '*=',
  '+',
  '++',
  '+=',
  ',',
  '-',
  '--',
  '-=',
  '->',
  '.',
  '/',
  '/=',
  ';',
  '<<',
  '<<=',
  '=',
  '>>',
  '>>=',
  '[',
  ']',
  '^',
  '^=',
  '{',
  '|',
  '|=',
  '}',
  '~',
]);

/** The terminal the LL(1) table sees for a token, or undefined when it is none (a syntax error). */
function terminal(t: Token): string | undefined {
  if (t.kind === 'keyword') return t.value;
  if (t.kind === 'special') return LL_SPECIALS.has(t.value) ? t.value : undefined;
  return TERMINAL_OF_KIND[t.kind];
}

/** Tokens that may follow a complete expression in statement context (FOLLOW of the E-tails). */
const EXPRESSION_FOLLOW = new Set([
  ';',
  ')',
  ',',
  ']',
  '=',
  '}',
  '|',
  '^',
  '&',
  '>>',
  '<<',
  '+',
  '-',
  '*',
  '/',
  '%',
]);

const BINARY_OPCODE: Record<string, number> = {
  '|': ScriptFunc.FUNC_OR,
  '^': ScriptFunc.FUNC_XOR,
  '&': ScriptFunc.FUNC_AND,
  '>>': ScriptFunc.FUNC_ASR,
  '<<': ScriptFunc.FUNC_ASL,
  '+': ScriptFunc.FUNC_ADD,
  '-': ScriptFunc.FUNC_SUB,
  '*': ScriptFunc.FUNC_MUL,
  '/': ScriptFunc.FUNC_DIV,
  '%': ScriptFunc.FUNC_MOD,
  '>': ScriptFunc.FUNC_GT,
  '<': ScriptFunc.FUNC_LT,
  '>=': ScriptFunc.FUNC_EGT,
  '<=': ScriptFunc.FUNC_ELT,
  '==': ScriptFunc.FUNC_EQUAL,
  '!=': ScriptFunc.FUNC_NEQ,
};
const TYPED_OPCODE: Record<string, number> = {
  '|': ScriptFunc.FUNC_BITWISE_OR_TYPED,
  '^': ScriptFunc.FUNC_BITWISE_XOR_TYPED,
  '&': ScriptFunc.FUNC_BITWISE_AND_TYPED,
  '>>': ScriptFunc.FUNC_SHIFT_RIGHT_TYPED,
  '<<': ScriptFunc.FUNC_SHIFT_LEFT_TYPED,
  '+': ScriptFunc.FUNC_ADD_TYPED,
  '-': ScriptFunc.FUNC_SUB_TYPED,
  '*': ScriptFunc.FUNC_MUL_TYPED,
  '/': ScriptFunc.FUNC_DIV_TYPED,
  '%': ScriptFunc.FUNC_MOD_TYPED,
  '>': ScriptFunc.FUNC_GT_TYPED,
  '<': ScriptFunc.FUNC_LT_TYPED,
  '>=': ScriptFunc.FUNC_EGT_TYPED,
  '<=': ScriptFunc.FUNC_ELT_TYPED,
  '==': ScriptFunc.FUNC_EQUAL_TYPED,
  '!=': ScriptFunc.FUNC_NEQ_TYPED,
};
const FLOAT_OPCODE: Record<string, number> = {
  '+': ScriptFunc.FUNC_ADD_FLOAT,
  '-': ScriptFunc.FUNC_SUB_FLOAT,
  '*': ScriptFunc.FUNC_MUL_FLOAT,
  '/': ScriptFunc.FUNC_DIV_FLOAT,
  '>': ScriptFunc.FUNC_GT_FLOAT,
  '<': ScriptFunc.FUNC_LT_FLOAT,
  '>=': ScriptFunc.FUNC_EGT_FLOAT,
  '<=': ScriptFunc.FUNC_ELT_FLOAT,
  '==': ScriptFunc.FUNC_EQUAL_FLOAT,
  '!=': ScriptFunc.FUNC_NEQ_FLOAT,
};
const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);
const COMPOUND_ASSIGNMENT: Record<string, string> = {
  '+=': '+',
  '-=': '-',
  '*=': '*',
  '/=': '/',
  '%=': '%',
  '<<=': '<<',
  '>>=': '>>',
  '&=': '&',
  '^=': '^',
  '|=': '|',
};

function funcOpcode(name: string): number {
  const table = ScriptFunc as Record<string, number>;
  return table[`FUNC_${name.toUpperCase()}`] ?? ScriptFunc.FUNC_UNDEFINED;
}

/** Parses a literal's digits; wraps to 64 bits like the engine's accumulating conversion. */
function literalValue(kind: Token['kind'], digits: string): bigint {
  const radix = kind === 'decimal' ? 10n : kind === 'octal' ? 8n : kind === 'binary' ? 2n : 16n;
  let v = 0n;
  for (const ch of digits.toLowerCase()) {
    const d = parseInt(ch, 16);
    // Name-like hex literals may contain '_'; only hex digits contribute.
    if (Number.isNaN(d)) continue;
    v = BigInt.asUintN(64, v * radix + BigInt(d));
  }
  return v;
}

/** Per-function compile state: HyperDbg keeps temps and locals per user-defined function. */
class FunctionContext {
  readonly temps: boolean[] = [];
  maxTemp = 0;
  readonly locals = new Map<string, { index: number; type: ValueType }>();
  readonly params: string[] = [];
  /** Stack slots taken by locals (an array takes ceil(size / 8)). */
  localSlots = 0;
  /** `return` jump targets, patched to the epilogue. */
  readonly returnJumps: Rec[] = [];
  newLocal(name: string, type: ValueType, size: number): number {
    const index = this.localSlots;
    this.localSlots += Math.ceil(size / 8);
    this.locals.set(name, { index, type });
    return index;
  }

  /** Slot of the function's first prologue instruction (its call target). */
  constructor(
    readonly name: string,
    readonly returnType: ValueType,
    readonly address: number,
    readonly firstRec: number,
  ) {}
}

interface LoopContext {
  kind: 'while' | 'do' | 'for';
  breakSlots: number[];
  continueTarget?: number;
}

interface GlobalEntry {
  index: number;
  type: ValueType;
}

/** Global-variable table shared by all compiles of one session (HyperDbg keeps it per process). */
export class GlobalTable {
  private readonly entries = new Map<string, GlobalEntry>();
  get(name: string): GlobalEntry | undefined {
    return this.entries.get(name);
  }
  add(name: string): GlobalEntry {
    const existing = this.entries.get(name);
    if (existing) return existing;
    const entry = { index: this.entries.size, type: TYPES.ullong as ValueType };
    this.entries.set(name, entry);
    return entry;
  }
}

class Compilation implements ConditionHost<LogicalContext, SizeofMark> {
  private readonly scanner: Scanner;
  private la: Token;
  private readonly recs: Rec[] = [];
  /** Slot index → record, to patch jump targets. */
  private readonly slotRec: Rec[] = [];
  private pointer = 0;
  private readonly main = new FunctionContext('main', TYPES.void, 0, 0);
  /** The function whose body is being compiled; temps and locals belong to it. */
  private fn = this.main;
  private readonly functions = new Map<string, FunctionContext>([['main', this.main]]);
  /** Struct tags and typedef names live for one compile, like the engine's type context. */
  private readonly structs = new Map<string, ValueType>();
  private readonly typedefs = new Map<string, ValueType>();
  private readonly stack: Operand[] = [];
  private readonly loops: LoopContext[] = [];
  /** if / while / do / for constructs being compiled, innermost last (they leave entries on the engine's stack). */
  private readonly constructs: string[] = [];

  /** Include paths already spliced in (each file is included once per compile). */
  private readonly included = new Set<string>();

  constructor(
    src: string,
    private readonly globals: GlobalTable,
    private readonly options: CompileOptions = {},
  ) {
    this.scanner = new Scanner(src, {
      isFunction: (n) => this.functions.has(n),
      isParameter: (n) => this.fn.params.includes(n),
      isLocal: (n) => this.fn.locals.has(n),
      isGlobal: (n) => this.globals.get(n) !== undefined,
      isTypedef: (n) => this.typedefs.has(n),
    });
    this.la = { kind: 'end', value: '$', start: 0 };
  }

  /** The source as compiled so far (with any included files spliced in). */
  get source(): string {
    return this.scanner.src;
  }

  // ---- errors -------------------------------------------------------------------------------

  private fail(cause: string, span?: [number, number]): never {
    const s = this.scanner;
    throw new CompileFailure(
      cause,
      { line: s.line, lineIdx: s.lineIdx, tokenIdx: s.tokenIdx, inputIdx: s.inputIdx },
      span,
    );
  }

  // ---- token stream -------------------------------------------------------------------------

  private next(): void {
    this.la = this.scanner.scan();
    if (this.kind() === 'unknown') this.fail(CAUSE.syntax);
  }

  /** The lookahead's kind (a method, so narrowing does not survive `next()`). */
  private kind(): Token['kind'] {
    return this.la.kind;
  }

  private t(): string | undefined {
    return terminal(this.la);
  }

  private expect(term: string): void {
    if (this.t() !== term) this.fail(CAUSE.syntax);
    this.next();
  }

  /** `@PUSH`: the current token becomes an operand and the scanner moves on. */
  private pushToken(): void {
    this.pushOperandToken();
    this.next();
  }

  private operandOf(t: Token): Operand {
    switch (t.kind) {
      case 'register':
        return { kind: 'register', value: BigInt(registerIndex(t.value)), type: TY_LONG };
      case 'pseudo':
        return { kind: 'pseudo', value: BigInt(pseudoIndex(t.value)), type: TY_LONG };
      case 'hex':
      case 'decimal':
      case 'octal':
      case 'binary':
        return {
          kind: 'num',
          value: literalValue(t.kind, t.value),
          type: t.nameLike ? null : TY_LONG,
          decimal: t.kind === 'decimal',
        };
      case 'functionId':
        return { kind: 'function', value: 0n, type: null, name: t.value };
      case 'parameterId':
        // The scanner's typedef probe leaves names other than locals without a type.
        return { kind: 'param', value: BigInt(this.fn.params.indexOf(t.value)), type: null, name: t.value };
      case 'float':
        return {
          kind: 'num',
          value: floatBits(t.value, 2, () => this.fail(CAUSE.floatRange)),
          type: TYPES.double,
          float: true,
          literal: t.value,
          len: 2,
        };
      case 'local': {
        const local = this.fn.locals.get(t.value);
        return {
          kind: 'local',
          value: BigInt(local?.index ?? 0),
          type: local?.type ?? TY_ULLONG,
          name: t.value,
        };
      }
      case 'global': {
        const global = this.globals.get(t.value) ?? this.globals.add(t.value);
        return { kind: 'global', value: BigInt(global.index), type: global.type, name: t.value };
      }
      case 'localUnresolved':
        return { kind: 'localUnresolved', value: 0n, type: null, name: t.value };
      case 'globalUnresolved':
        return { kind: 'globalUnresolved', value: 0n, type: TY_LONG, name: t.value };
      case 'string':
        return { kind: 'string', value: 0n, type: TY_LONG, bytes: t.bytes ?? [] };
      case 'wstring':
        return { kind: 'wstring', value: 0n, type: TY_LONG, bytes: t.bytes ?? [] };
      default:
        return this.fail(CAUSE.syntax);
    }
  }

  // ---- code buffer --------------------------------------------------------------------------

  private emit(type: number, value: bigint, len = 0): Rec {
    const rec: Rec = { type, high: 0, len, value };
    this.recs.push(rec);
    this.slotRec[this.pointer] = rec;
    this.pointer++;
    return rec;
  }

  private emitOp(func: number): void {
    this.emit(SymbolType.SYMBOL_SEMANTIC_RULE_TYPE, BigInt(func));
  }

  private emitNum(v: bigint | number): Rec {
    return this.emit(SymbolType.SYMBOL_NUM_TYPE, BigInt.asUintN(64, BigInt(v)));
  }

  private emitString(op: Operand): void {
    const wide = op.kind === 'wstring';
    const units = op.bytes ?? [];
    const text = new Uint8Array(wide ? units.length * 2 + 2 : units.length + 1);
    units.forEach((u, i) => {
      if (wide) {
        text[i * 2] = u & 0xff;
        text[i * 2 + 1] = (u >> 8) & 0xff;
      } else text[i] = u & 0xff;
    });
    const rec: Rec = {
      type: wide ? SymbolType.SYMBOL_WSTRING_TYPE : SymbolType.SYMBOL_STRING_TYPE,
      high: 0,
      len: text.length,
      value: 0n,
      text,
    };
    this.recs.push(rec);
    this.slotRec[this.pointer] = rec;
    this.pointer += Math.floor((16 + text.length) / 24) + 1;
  }

  /** Emits an operand (the engine's ToSymbol); an unknown name is "Unresolved Variable". */
  private emitOperand(op: Operand): Rec | undefined {
    switch (op.kind) {
      case 'temp':
        if (op.deref) return this.emit(SymbolType.SYMBOL_DEREFERENCE_TEMP_TYPE, op.value);
        if (!op.isAddress && (op.type?.kind === 'array' || op.type?.kind === 'struct'))
          return this.emit(SymbolType.SYMBOL_REFERENCE_TEMP_TYPE, op.value);
        return this.emit(SymbolType.SYMBOL_TEMP_TYPE, op.value, floatKind(op.type));
      case 'local':
        if (op.type?.kind === 'array' || op.type?.kind === 'struct')
          return this.emit(SymbolType.SYMBOL_REFERENCE_LOCAL_ID_TYPE, op.value);
        return this.emit(SymbolType.SYMBOL_LOCAL_ID_TYPE, op.value, floatKind(op.type));
      case 'global':
        return this.emit(SymbolType.SYMBOL_GLOBAL_ID_TYPE, op.value);
      case 'num':
        return this.emit(SymbolType.SYMBOL_NUM_TYPE, op.value, op.len ?? 0);
      case 'register':
        return this.emit(SymbolType.SYMBOL_REGISTER_TYPE, op.value);
      case 'pseudo':
        return this.emit(SymbolType.SYMBOL_PSEUDO_REG_TYPE, op.value);
      case 'param':
        return this.emit(SymbolType.SYMBOL_FUNCTION_PARAMETER_ID_TYPE, op.value);
      case 'string':
      case 'wstring':
        this.emitString(op);
        return undefined;
      default:
        return this.fail(CAUSE.unresolved, op.span);
    }
  }

  private checkResolved(op: Operand): void {
    if (op.kind === 'localUnresolved' || op.kind === 'globalUnresolved') this.fail(CAUSE.unresolved, op.span);
  }

  private newTemp(type: ScalarTy | null): Operand {
    const fn = this.fn;
    let i = fn.temps.indexOf(false);
    if (i < 0) i = fn.temps.length;
    fn.temps[i] = true;
    if (i + 1 > fn.maxTemp) fn.maxTemp = i + 1;
    return { kind: 'temp', value: BigInt(i), type };
  }

  private freeTemp(op: Operand): void {
    if (op.kind === 'temp') this.fn.temps[Number(op.value)] = false;
  }

  private pop(): Operand {
    const op = this.stack.pop();
    return op ?? this.fail(CAUSE.syntax);
  }

  // ---- semantic actions ---------------------------------------------------------------------

  private binary(op: string): void {
    const right = this.pop();
    const left = this.pop();
    // Type-directed forms are chosen before names are resolved (their operands resolve when emitted).
    if (isFloating(right.type) || isFloating(left.type)) return this.floatingBinary(op, right, left);
    if ((op === '+' || op === '-') && (isAddressLike(right.type) || isAddressLike(left.type)))
      return this.addressArithmetic(op, right, left);
    if (COMPARISONS.has(op) && right.type?.kind === 'ptr' && left.type?.kind === 'ptr') {
      const rb = right.type.base;
      const lb = left.type.base;
      if (!sameType(rb, lb) && rb?.kind !== 'void' && lb?.kind !== 'void') this.fail(CAUSE.syntax);
      this.emitOp(TYPED_OPCODE[op]!);
      const result = this.newTemp(TY_INT);
      this.emitOperand(right);
      this.emitOperand(left);
      this.emitOperand(result);
      this.emitNum(TYPES.pointer.id);
      this.freeTemp(right);
      this.freeTemp(left);
      this.stack.push(result);
      return;
    }
    this.checkResolved(right);
    this.checkResolved(left);
    const common = commonType(right.type, left.type);
    const typed = isInteger(common);
    this.emitOp(typed ? TYPED_OPCODE[op]! : BINARY_OPCODE[op]!);
    const result = this.newTemp(COMPARISONS.has(op) ? TY_INT : common);
    this.emitOperand(right);
    this.emitOperand(left);
    this.emitOperand(result);
    if (typed) this.emitNum(common.id);
    this.freeTemp(right);
    this.freeTemp(left);
    this.stack.push(result);
  }

  /**
   * `+`/`-` with an array or pointer operand: the integer side is scaled by the element size
   * (FUNC_MUL into a temp typed as a pointer) and added with untyped FUNC_ADD.
   */
  private addressArithmetic(op: string, right: Operand, left: Operand): void {
    const rAddr = isAddressLike(right.type);
    const lAddr = isAddressLike(left.type);
    if (op === '-' && right.type?.kind === 'ptr' && left.type?.kind === 'ptr') {
      // Pointer difference: only between pointers to the same, sized type.
      const base = right.type.base;
      if (!base || !sameType(base, left.type.base) || base.size <= 0) this.fail(CAUSE.syntax);
      this.emitOp(ScriptFunc.FUNC_POINTER_DIFF);
      const result = this.newTemp(TY_LONG);
      this.emitOperand(right);
      this.emitOperand(left);
      this.emitOperand(result);
      this.emitNum(base.size);
      this.freeTemp(right);
      this.freeTemp(left);
      this.stack.push(result);
      return;
    }
    if ((rAddr && lAddr) || (rAddr && op === '-')) this.fail(CAUSE.syntax);
    const addr = rAddr ? right : left;
    const other = rAddr ? left : right;
    const addrType = addr.type ?? TYPES.unknown;
    const scale = addrType.kind === 'array' ? innermost(addrType).size : (addrType.base?.size ?? 0);
    this.emitOp(ScriptFunc.FUNC_MUL);
    this.emitNum(scale);
    this.emitOperand(other);
    const result = this.newTemp(
      addrType.kind === 'array' ? pointerTo(addrType.base ?? TYPES.unknown) : addrType,
    );
    this.emitOperand(result);
    this.emitOp(op === '+' ? ScriptFunc.FUNC_ADD : ScriptFunc.FUNC_SUB);
    if (rAddr) {
      this.emitOperand(addr);
      this.emitOperand(result);
    } else {
      this.emitOperand(result);
      this.emitOperand(addr);
    }
    this.emitOperand(result);
    this.freeTemp(right);
    this.freeTemp(left);
    this.stack.push(result);
  }

  /** Arithmetic/comparison with a float or double operand: both converted to the wider one. */
  private floatingBinary(op: string, right: Operand, left: Operand): void {
    const opcode = FLOAT_OPCODE[op];
    const okOperand = (o: Operand) => isFloating(o.type) || isInteger(o.type);
    if (opcode === undefined || !okOperand(right) || !okOperand(left)) this.fail(CAUSE.unsupportedFloat);
    const resultType =
      right.type?.kind === 'double' || left.type?.kind === 'double' ? TYPES.double : TYPES.float;
    const convert = (o: Operand): Operand => {
      if (o.type === resultType) return o;
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      const converted = this.newTemp(resultType);
      this.emitOperand(o);
      this.emitOperand(converted);
      this.emitNum(o.type?.id ?? 0);
      this.emitNum(resultType.id);
      return converted;
    };
    const r = convert(right);
    const l = convert(left);
    const result = this.newTemp(COMPARISONS.has(op) ? TY_INT : resultType);
    this.emitOp(opcode);
    this.emitOperand(r);
    this.emitOperand(l);
    this.emitOperand(result);
    for (const o of [right, left, r, l]) this.freeTemp(o);
    this.stack.push(result);
  }

  /** `*p` for a pointer to a struct: the struct's address, usable with `.member`. */
  private derefStructPointer(pointer: Operand): void {
    const type = pointer.type!;
    const address = this.newTemp(type.base ?? TYPES.unknown);
    address.isAddress = true;
    address.addressSpace = pointer.addressSpace ?? (type.localTarget ? 1 : 2);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emitOperand(pointer);
    this.emitOperand(address);
    this.freeTemp(pointer);
    this.stack.push(address);
  }

  /** One-operand functions and the unary operators `-` (neg) and `~` (not). */
  private unaryFunction(name: string): void {
    const operand = this.pop();
    if (name === 'poi' && operand.type?.kind === 'ptr' && operand.type.base?.kind === 'struct')
      return this.derefStructPointer(operand);
    if (name === 'neg' && operand.float) {
      // The engine folds `-literal` into the literal's text.
      const literal = operand.literal ?? '0';
      const folded = literal.startsWith('-') ? literal.slice(1) : '-' + literal;
      this.stack.push({
        ...operand,
        literal: folded,
        value: floatBits(folded, 2, () => this.fail(CAUSE.floatRange)),
      });
      return;
    }
    if (name === 'neg' && isFloating(operand.type)) {
      this.checkResolved(operand);
      this.emitOp(ScriptFunc.FUNC_NEG_FLOAT);
      const result = this.newTemp(operand.type);
      this.emitOperand(operand);
      this.emitOperand(result);
      this.freeTemp(operand);
      this.stack.push(result);
      return;
    }
    const negOrNot = name === 'neg' || name === 'not';
    if (negOrNot && operand.type === null) {
      // The engine's result temp inherits the missing type and emitting it dereferences NULL.
      this.fail(
        operand.kind === 'localUnresolved' ? CAUSE.undeclaredUpdate : CAUSE.untypedUnary,
        operand.span,
      );
    }
    const typed = negOrNot && isInteger(operand.type);
    const resultType = negOrNot
      ? typed
        ? promote(operand.type)
        : operand.type
      : name === 'reference'
        ? pointerTo(operand.type ?? TYPES.long, true)
        : TY_ULLONG;
    this.checkResolved(operand);
    this.emitOp(
      typed
        ? name === 'neg'
          ? ScriptFunc.FUNC_NEG_TYPED
          : ScriptFunc.FUNC_BITWISE_NOT_TYPED
        : funcOpcode(name),
    );
    const result = this.newTemp(resultType);
    this.emitOperand(operand);
    this.emitOperand(result);
    if (typed && resultType) this.emitNum(resultType.id);
    this.freeTemp(operand);
    this.stack.push(result);
  }

  private logicalNot(): void {
    const operand = this.pop();
    const truth = this.truthValue(operand, true);
    this.freeTemp(operand);
    this.stack.push(truth);
  }

  /** `!x` as the engine computes it: LOGICAL_NOT(x) typed by x; `negateOnly` stops after one NOT. */
  private truthValue(operand: Operand, negateOnly = false): Operand {
    const typeId = operand.type ? operand.type.id : 0;
    if (typeId === ScalarType.SCRIPT_SCALAR_TYPE_INVALID) this.fail(CAUSE.undefinedType);
    const first = this.newTemp(TY_INT);
    if (negateOnly) {
      this.emitOp(ScriptFunc.FUNC_LOGICAL_NOT_TYPED);
      this.emitOperand(operand);
      this.emitOperand(first);
      this.emitNum(typeId);
      return first;
    }
    const result = this.newTemp(TY_INT);
    this.emitOp(ScriptFunc.FUNC_LOGICAL_NOT_TYPED);
    this.emitOperand(operand);
    this.emitOperand(first);
    this.emitNum(typeId);
    this.emitOp(ScriptFunc.FUNC_LOGICAL_NOT_TYPED);
    this.emitOperand(first);
    this.emitOperand(result);
    this.emitNum(ScalarType.SCRIPT_SCALAR_TYPE_I32);
    this.freeTemp(first);
    return result;
  }

  /**
   * Assignment `dest = src` (the engine's @MOV). A new name becomes an implicit `unsigned long long`
   * variable unless a declaration gives `declared`; a value of another scalar type is converted
   * with FUNC_CAST_SCALAR into a temp first.
   */
  private move(declared?: ValueType): void {
    const src = this.pop();
    const dest = this.pop();
    this.checkResolved(src);
    if (declared && declared.kind === 'unknown') this.fail(CAUSE.undefinedType);
    let destOp = dest;
    if (dest.kind === 'globalUnresolved') {
      const entry = this.globals.add(dest.name ?? '');
      destOp = { kind: 'global', value: BigInt(entry.index), type: TY_ULLONG, name: dest.name };
    } else if (dest.kind === 'localUnresolved') {
      const index = this.fn.newLocal(dest.name ?? '', TY_ULLONG, 8);
      destOp = { kind: 'local', value: BigInt(index), type: TY_ULLONG, name: dest.name };
    }
    if (declared) {
      destOp = { ...destOp, type: declared };
      if (destOp.kind === 'local')
        this.fn.locals.set(destOp.name ?? '', { index: Number(destOp.value), type: declared });
      if (destOp.kind === 'global') {
        const entry = this.globals.get(destOp.name ?? '');
        if (entry) entry.type = declared;
      }
    }
    const floatInit = declared !== undefined && isFloating(declared);
    const srcId = src.type?.id ?? 0;
    const dstId = destOp.type?.id ?? 0;
    const srcIsZeroLiteral = src.kind === 'num' && src.value === 0n && !src.float;
    let pointerOk = true;
    if (srcId === TYPES.pointer.id && dstId !== TYPES.pointer.id && !(dstId === TYPES.ullong.id && !declared))
      pointerOk = false;
    if (dstId === TYPES.pointer.id && srcId !== TYPES.pointer.id && !srcIsZeroLiteral) pointerOk = false;
    if (src.type?.kind === 'ptr' && destOp.type?.kind === 'ptr') {
      // The destination keeps its pointee but takes the source's provenance (local or remote).
      const assigned = pointerTo(destOp.type.base ?? TYPES.unknown, src.type.localTarget === true);
      destOp = { ...destOp, type: assigned };
      if (destOp.kind === 'local')
        this.fn.locals.set(destOp.name ?? '', { index: Number(destOp.value), type: assigned });
    }
    if (src.type?.kind === 'struct' && destOp.type?.kind === 'struct') {
      if (src.type !== destOp.type || !src.type.struct?.complete) this.fail(CAUSE.undefinedType);
      this.emitOp(ScriptFunc.FUNC_AGGREGATE_COPY);
      this.emitOperand(destOp);
      this.emitNum(destOp.addressSpace ?? 1);
      this.emitOperand(src);
      this.emitNum(src.addressSpace ?? 1);
      this.emitNum(src.type.size);
      this.freeTemp(src);
      this.freeTemp(destOp);
      return;
    }
    if (
      src.type &&
      destOp.type &&
      srcId !== 0 &&
      dstId !== 0 &&
      pointerOk &&
      srcId !== dstId &&
      !(src.float && isFloating(destOp.type))
    ) {
      if (src.float) src.len = floatKind(src.type);
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      const converted = this.newTemp(destOp.type);
      this.emitOperand(src);
      this.emitOperand(converted);
      this.emitNum(srcId);
      this.emitNum(dstId);
      if (destOp.isAddress) this.typedStore(converted, destOp);
      else {
        this.emitOp(isFloating(destOp.type) ? ScriptFunc.FUNC_MOV_FLOAT : ScriptFunc.FUNC_MOV);
        this.emitOperand(converted);
        this.emitOperand(destOp);
      }
      this.freeTemp(converted);
    } else if (src.type && destOp.type && !pointerOk) {
      this.fail(CAUSE.undefinedType);
    } else if (floatInit) {
      if (destOp.kind !== 'local') this.fail(CAUSE.unsupportedFloat);
      const kind = floatKind(declared);
      let op: number = ScriptFunc.FUNC_MOV_FLOAT;
      if (src.float) {
        src.value = floatBits(src.literal ?? '0', kind, () => this.fail(CAUSE.floatRange));
        src.len = kind;
      } else if (!isFloating(src.type)) this.fail(CAUSE.unsupportedFloat);
      else if (floatKind(src.type) !== kind) op = ScriptFunc.FUNC_CONVERT_FLOAT;
      this.emitOp(op);
      this.emitOperand(src);
      this.emitOperand(destOp);
    } else if (destOp.isAddress) {
      if (!destOp.type || ![1, 2, 4, 8].includes(destOp.type.size)) this.fail(CAUSE.undefinedType);
      this.typedStore(src, destOp);
    } else {
      this.emitOp(ScriptFunc.FUNC_MOV);
      this.emitOperand(src);
      this.emitOperand(destOp);
    }
    this.freeTemp(src);
    this.freeTemp(destOp);
  }

  private typedStore(value: Operand, address: Operand): void {
    this.emitOp(ScriptFunc.FUNC_TYPED_STORE);
    this.emitOperand(value);
    this.emitOperand(address);
    this.emitNum(address.addressSpace ?? 0);
    this.emitNum(address.type?.size ?? 0);
  }

  private compoundAssign(op: string): void {
    const src = this.pop();
    const dest = this.pop();
    if (dest.isAddress && dest.type?.kind !== 'ptr') return this.compoundAssignAddress(op, src, dest);
    if (dest.kind === 'param') this.fail(CAUSE.untypedUpdate);
    if (dest.type?.kind === 'ptr' && dest.kind !== 'localUnresolved')
      return this.compoundAssignPointer(op, src, dest);
    if (dest.kind === 'localUnresolved') this.fail(CAUSE.undeclaredUpdate);
    this.checkResolved(src);
    this.checkResolved(dest);
    const common = commonType(src.type, dest.type);
    if (isInteger(common) && isInteger(dest.type)) {
      const operation = this.newTemp(common);
      const cast = this.newTemp(dest.type);
      this.emitOp(TYPED_OPCODE[op]!);
      this.emitOperand(src);
      this.emitOperand(dest);
      this.emitOperand(operation);
      this.emitNum(common.id);
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      this.emitOperand(operation);
      this.emitOperand(cast);
      this.emitNum(common.id);
      this.emitNum(dest.type.id);
      this.emitOp(ScriptFunc.FUNC_MOV);
      this.emitOperand(cast);
      this.emitOperand(dest);
      this.freeTemp(operation);
      this.freeTemp(cast);
    } else {
      this.emitOp(BINARY_OPCODE[op]!);
      this.emitOperand(src);
      this.emitOperand(dest);
      this.emitOperand(dest);
    }
    this.freeTemp(src);
  }

  /** `p += n` / `p -= n` scale n by the pointee size (the scaled temp stays taken); others are invalid. */
  private compoundAssignPointer(op: string, src: Operand, dest: Operand): void {
    if (op !== '+' && op !== '-') this.fail(CAUSE.syntax);
    this.emitOp(ScriptFunc.FUNC_MUL);
    this.emitNum(dest.type?.base?.size ?? 0);
    this.emitOperand(src);
    const scaled = this.newTemp(TY_LONG);
    this.emitOperand(scaled);
    this.emitOp(op === '+' ? ScriptFunc.FUNC_ADD : ScriptFunc.FUNC_SUB);
    this.emitOperand(scaled);
    this.emitOperand(dest);
    this.emitOperand(dest);
    this.freeTemp(src);
  }

  /** `object.member op= value`: load, operate in the common type, cast back, store. */
  private compoundAssignAddress(op: string, src: Operand, dest: Operand): void {
    const lvalue = dest.type ?? TYPES.unknown;
    if (![1, 2, 4, 8].includes(lvalue.size)) this.fail(CAUSE.undefinedType);
    const loaded = this.typedLoad(dest, dest.addressSpace ?? 0, lvalue);
    const common = commonType(src.type, lvalue);
    this.checkResolved(src);
    if (isInteger(common) && isInteger(lvalue)) {
      const operation = this.newTemp(common);
      const cast = this.newTemp(lvalue);
      this.emitOp(TYPED_OPCODE[op]!);
      this.emitOperand(src);
      this.emitOperand(loaded);
      this.emitOperand(operation);
      this.emitNum(common.id);
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      this.emitOperand(operation);
      this.emitOperand(cast);
      this.emitNum(common.id);
      this.emitNum(lvalue.id);
      this.typedStore(cast, dest);
      this.freeTemp(operation);
      this.freeTemp(cast);
    } else {
      this.emitOp(BINARY_OPCODE[op]!);
      this.emitOperand(src);
      this.emitOperand(loaded);
      this.emitOperand(loaded);
      this.typedStore(loaded, dest);
    }
    this.freeTemp(src);
    this.freeTemp(dest);
    this.freeTemp(loaded);
  }

  /** `x++` / `x--`; a pointer steps by its pointee's size. */
  private incDec(func: number): void {
    const target = this.pop();
    if (target.kind === 'localUnresolved') this.fail(CAUSE.undeclaredUpdate);
    if (target.kind === 'param') this.fail(CAUSE.untypedUpdate);
    if (target.type?.kind === 'ptr' && target.type.base) {
      this.emitOp(func === ScriptFunc.FUNC_INC ? ScriptFunc.FUNC_ADD : ScriptFunc.FUNC_SUB);
      this.emitNum(target.type.base.size);
      this.emitOperand(target);
      this.emitOperand(target);
      this.freeTemp(target);
      return;
    }
    this.checkResolved(target);
    this.emitOp(func);
    this.emitOperand(target);
    this.freeTemp(target);
  }

  private callFunction(name: string, shape: FunctionShape, argCount: number, asValue: boolean): void {
    const args: Operand[] = [];
    for (let i = 0; i < argCount; i++) args.unshift(this.pop());
    for (const a of args) this.checkResolved(a);
    const returnsValue =
      shape === 'zeroValue' || shape.endsWith('Value') || shape.startsWith('str') || shape.startsWith('wstr');
    if (shape === 'oneValue' && (name === 'neg' || name === 'not')) {
      this.stack.push(args[0]!);
      this.unaryFunction(name);
    } else if (shape === 'oneValue' && argCount === 1) {
      this.stack.push(args[0]!);
      this.unaryFunction(name);
    } else {
      this.emitOp(funcOpcode(name));
      // Operands go out in semantic-stack pop order: last argument first.
      for (const a of [...args].reverse()) this.emitOperand(a);
      let result: Operand | undefined;
      if (returnsValue) {
        result = this.newTemp(TY_ULLONG);
        this.emitOperand(result);
      }
      // Print-like functions keep their operand's temp taken (the goldens also show memcpy-like
      // functions releasing all three arguments).
      const released = shape === 'oneVoid' ? [] : args;
      for (const a of released) this.freeTemp(a);
      if (result) this.stack.push(result);
    }
    // As a statement the result is dropped from the semantic stack but its temp stays taken.
    if (returnsValue && !asValue) this.pop();
  }

  // ---- structs and typedefs -----------------------------------------------------------------

  /** The type named by type words, where a typedef name must stand alone. */
  private typeFromTokens(words: string[]): ValueType {
    const aliased = words.find((w) => this.typedefs.has(w));
    if (aliased !== undefined) return words.length === 1 ? this.typedefs.get(aliased)! : TYPES.unknown;
    return typeFromWords(words);
  }

  /**
   * The tag after `struct`. The engine's `@PUSH` takes whatever token comes here without checking
   * that it is a name (the production was already chosen by `struct`), so neither do we.
   */
  private structTag(): string {
    const tag = this.la.value;
    this.next();
    return tag;
  }

  private lookupStruct(tag: string): ValueType {
    return this.structs.get(tag) ?? this.fail(CAUSE.unknownStructTag);
  }

  private declareStruct(tag: string): ValueType {
    let type = this.structs.get(tag);
    if (!type) {
      type = structType(tag);
      this.structs.set(tag, type);
    }
    return type;
  }

  /** `*`s, a name and `[n]` dimensions of one struct declarator. */
  private structDeclarator(): StructDeclarator {
    let pointers = 0;
    while (this.t() === '*') {
      pointers++;
      this.next();
    }
    if (this.kind() !== 'local' && this.kind() !== 'localUnresolved') this.fail(CAUSE.syntax);
    const name = this.la.value;
    this.next();
    const dims: number[] = [];
    while (this.t() === '[') {
      this.next();
      // Unchecked `@PUSH` again: any token's text is read as a C integer (strtoull, base 0).
      const text = this.la.value;
      this.next();
      const n = cInteger(text);
      if (n === 0 || n > 0xffffffff || dims.length >= 16) this.fail(CAUSE.invalidArraySize);
      dims.push(n);
      this.expect(']');
    }
    return { name, pointers, dims };
  }

  private structDeclarators(): StructDeclarator[] {
    const list = [this.structDeclarator()];
    while (this.t() === ',') {
      this.next();
      list.push(this.structDeclarator());
    }
    if (this.t() !== ';' && this.t() !== '=') this.fail(CAUSE.syntax);
    return list;
  }

  /** Pointers first, then array dimensions (outermost first), like C declarators. */
  private applyDeclarator(base: ValueType, d: StructDeclarator): ValueType | undefined {
    let type = base;
    for (let i = 0; i < d.pointers; i++) type = pointerTo(type);
    for (let i = d.dims.length - 1; i >= 0; i--) {
      if (isIncompleteStruct(type)) return undefined;
      type = arrayOf(type, d.dims[i]!);
    }
    return type;
  }

  /** `struct T;`, `struct T { ... } [vars];` or `struct T vars [= init];` */
  private structStatement(): void {
    this.next();
    const tag = this.structTag();
    if (this.t() === ';') {
      this.next();
      this.declareStruct(tag);
      return;
    }
    if (this.t() === '{') {
      this.next();
      const existing = this.structs.get(tag);
      if (existing?.struct?.complete) this.fail(CAUSE.duplicateStruct);
      const type = this.declareStruct(tag);
      while (this.kind() === 'varType' || (this.kind() === 'keyword' && this.la.value === 'struct'))
        this.structMember(type);
      this.expect('}');
      if (this.t() === ';') {
        this.next();
        completeStruct(type.struct!);
        return;
      }
      const declarators = this.structDeclarators();
      completeStruct(type.struct!);
      this.structVariables(type, declarators);
      return;
    }
    const declarators = this.structDeclarators();
    this.structVariables(this.lookupStruct(tag), declarators);
  }

  private structMember(owner: ValueType): void {
    let base: ValueType | undefined;
    let tag: string | undefined;
    if (this.kind() === 'varType') {
      const words: string[] = [];
      while (this.kind() === 'varType') {
        words.push(this.la.value);
        this.next();
      }
      base = this.typeFromTokens(words);
    } else {
      this.next();
      tag = this.structTag();
    }
    const declarators = this.structDeclarators();
    this.expect(';');
    if (tag !== undefined) base = this.lookupStruct(tag);
    if (!base || base.kind === 'unknown') this.fail(CAUSE.undefinedType);
    const layout = owner.struct!;
    for (const d of declarators) {
      const type = this.applyDeclarator(base, d);
      if (!type) this.fail(isIncompleteStruct(base) ? CAUSE.incompleteType : CAUSE.invalidArraySize);
      if (isIncompleteStruct(type)) this.fail(CAUSE.incompleteType);
      if (layout.complete || layout.members.some((m) => m.name === d.name)) this.fail(CAUSE.duplicateMember);
      layout.members.push({ name: d.name, type, offset: 0 });
    }
  }

  /** Declares struct-typed locals, then handles `;` or `= { values }` / `= (struct T *) value`. */
  private structVariables(base: ValueType, declarators: StructDeclarator[]): void {
    let last: Operand | undefined;
    for (const d of declarators) {
      const type = this.applyDeclarator(base, d);
      if (!type || isIncompleteStruct(type)) this.fail(CAUSE.incompleteType);
      if (this.fn.locals.has(d.name)) this.fail(CAUSE.syntax);
      const index = this.fn.newLocal(d.name, type, type.size);
      last = { kind: 'local', value: BigInt(index), type, name: d.name };
    }
    if (this.t() === ';') {
      this.next();
      return;
    }
    this.expect('=');
    if (this.t() === '(') {
      this.next();
      if (!(this.kind() === 'keyword' && this.la.value === 'struct')) this.fail(CAUSE.syntax);
      this.next();
      this.structTag();
      while (this.t() === '*') this.next();
      this.expect(')');
      this.expression();
      const value = this.pop();
      if (!last || last.type?.kind !== 'ptr') this.fail(CAUSE.undefinedType);
      const remote = pointerTo(last.type.base ?? TYPES.unknown);
      this.fn.locals.set(last.name ?? '', { index: Number(last.value), type: remote });
      this.emitOp(ScriptFunc.FUNC_MOV);
      this.emitOperand(value);
      this.emitOperand({ ...last, type: remote });
      this.expect(';');
      return;
    }
    this.structInitializer(last);
    this.expect(';');
  }

  /** `{ v1, v2, ... }`: zero the object, then store each value into the next scalar member. */
  private structInitializer(target: Operand | undefined): void {
    this.expect('{');
    const before = this.stack.length;
    if (this.t() !== '}') {
      for (;;) {
        if (this.t() === '{') this.structInitializer(target);
        else this.expression();
        if (this.t() !== ',') break;
        this.next();
      }
    }
    this.expect('}');
    const values = this.stack.splice(before);
    const type = target?.type;
    if (!target || type?.kind !== 'struct' || !type.struct) this.fail(CAUSE.syntax);
    this.emitOp(ScriptFunc.FUNC_AGGREGATE_ZERO);
    this.emitOperand(target);
    this.emitNum(1);
    this.emitNum(type.size);
    const members = type.struct.members;
    let i = 0;
    for (; i < values.length && i < members.length; i++) {
      const member = members[i]!;
      const size = member.type.size;
      if (member.type.kind === 'struct' || member.type.kind === 'array' || ![1, 2, 4, 8].includes(size))
        this.fail(CAUSE.syntax);
      let address: Operand = target;
      let temp: Operand | undefined;
      if (member.offset) {
        temp = this.newTemp(pointerTo(member.type));
        this.emitOp(ScriptFunc.FUNC_ADD);
        this.emitOperand(target);
        this.emitNum(member.offset);
        this.emitOperand(temp);
        address = temp;
      }
      this.emitOp(ScriptFunc.FUNC_TYPED_STORE);
      this.emitOperand(values[i]!);
      this.emitOperand(address);
      this.emitNum(1);
      this.emitNum(size);
      if (temp) this.freeTemp(temp);
    }
    if (i < values.length) this.fail(CAUSE.syntax);
  }

  /**
   * `#include "file";` (top level): the file must hold `? { ... }`; its body is spliced into the
   * source at the scanner's read position, once per path. A missing or malformed file is
   * "Invalid Syntax", as in HyperDbg.
   */
  private includeStatement(): void {
    this.next();
    if (this.kind() !== 'string') this.fail(CAUSE.syntax);
    const path = bytesToText(String.fromCharCode(...(this.la.bytes ?? [])));
    this.next();
    const text = this.options.includeResolver?.(path);
    const body = text === undefined ? undefined : includeBody(text);
    if (body === undefined) this.fail(CAUSE.syntax);
    if (!this.included.has(path)) {
      this.included.add(path);
      let bytes = '';
      for (const b of new TextEncoder().encode(body)) bytes += String.fromCharCode(b);
      this.scanner.insert(this.scanner.inputIdx, bytes);
    }
    this.expect(';');
  }

  /**
   * `*name = value;`: stores with eb/ed/eq chosen by the size of name's own type (a 2-byte type
   * stores nothing, as in the engine).
   */
  private dereferenceAssignment(): void {
    this.next();
    const t = this.t();
    if (t !== '_global_id' && t !== '_local_id' && t !== '_register' && t !== '_function_parameter_id')
      this.fail(CAUSE.syntax);
    this.pushToken();
    this.expect('=');
    this.expression();
    const value = this.pop();
    const pointer = this.pop();
    if (pointer.kind === 'localUnresolved') this.fail(CAUSE.syntax);
    if (pointer.kind === 'param') this.fail(CAUSE.untypedUpdate);
    const size = pointer.type?.size ?? 0;
    const store =
      size === 4
        ? ScriptFunc.FUNC_ED
        : size === 8
          ? ScriptFunc.FUNC_EQ
          : size === 1
            ? ScriptFunc.FUNC_EB
            : undefined;
    if (store !== undefined) {
      this.checkResolved(value);
      this.checkResolved(pointer);
      const scratch = this.newTemp(TY_LONG);
      this.emitOp(store);
      this.emitOperand(value);
      this.emitOperand(pointer);
      this.emitOperand(scratch);
      this.freeTemp(scratch);
    }
    this.expect(';');
  }

  /** `typedef base *name;` */
  private typedefStatement(): void {
    this.next();
    let base: ValueType | undefined;
    let tag: string | undefined;
    if (this.kind() === 'varType') {
      const words: string[] = [];
      while (this.kind() === 'varType') {
        words.push(this.la.value);
        this.next();
      }
      base = this.typeFromTokens(words);
    } else if (this.kind() === 'keyword' && this.la.value === 'struct') {
      this.next();
      tag = this.structTag();
    } else this.fail(CAUSE.syntax);
    let pointers = 0;
    while (this.t() === '*') {
      pointers++;
      this.next();
    }
    // The name is taken unchecked once the table allowed the pointer list to end (a name or `)`).
    if (this.kind() !== 'local' && this.kind() !== 'localUnresolved' && this.t() !== ')')
      this.fail(CAUSE.syntax);
    const name = this.la.value;
    this.next();
    if (tag !== undefined) base = this.lookupStruct(tag);
    if (!base || base.kind === 'unknown') this.fail(CAUSE.undefinedType);
    for (let i = 0; i < pointers; i++) base = pointerTo(base);
    if (this.typedefs.has(name)) this.fail(CAUSE.duplicateTypedef);
    this.typedefs.set(name, base);
    this.expect(';');
  }

  /**
   * `object.member` / `pointer->member`: the member's address goes into a temp; as a value a
   * scalar member is then loaded with its type (the address temp is released).
   */
  memberAccess(arrow: boolean, read: boolean): void {
    const nameOp = this.pop();
    const object = this.pop();
    let base = object.type;
    let space = object.addressSpace ?? 1;
    if (arrow) {
      if (base?.kind !== 'ptr' || base.base?.kind !== 'struct') this.fail(CAUSE.undefinedType);
      space = object.addressSpace ?? (base.localTarget ? 1 : 2);
      base = base.base;
    } else if (base?.kind !== 'struct') this.fail(CAUSE.undefinedType);
    const layout = base.struct!;
    const member = layout.complete ? layout.members.find((m) => m.name === nameOp.name) : undefined;
    if (!member) this.fail(layout.complete ? CAUSE.unresolved : CAUSE.incompleteType);
    const address = this.newTemp(member.type);
    address.isAddress = true;
    address.addressSpace = space;
    this.emitOp(ScriptFunc.FUNC_ADD);
    this.emitOperand(object);
    this.emitNum(member.offset);
    this.emitOperand(address);
    if (read && member.type.kind !== 'struct' && member.type.kind !== 'array') {
      if (![1, 2, 4, 8].includes(member.type.size)) this.fail(CAUSE.undefinedType);
      const value = this.typedLoad(address, space, member.type);
      this.freeTemp(address);
      this.stack.push(value);
    } else this.stack.push(address);
  }

  /** `.name` / `->name` chains after a name (reads load scalars; lvalues keep the address). */
  private memberSuffix(read: boolean): void {
    while (this.t() === '.' || this.t() === '->') {
      const arrow = this.t() === '->';
      this.next();
      this.memberName();
      this.next();
      this.memberAccess(arrow, read);
    }
  }

  /**
   * Pushes the member name of `.name` / `->name`. Statement code takes any token here (the
   * engine's unchecked `@PUSH`); the condition grammar requires a name (`checked`).
   */
  memberName(checked = false): void {
    if (checked && this.kind() !== 'local' && this.kind() !== 'localUnresolved') this.fail(CAUSE.syntax);
    this.stack.push({ kind: 'localUnresolved', value: 0n, type: null, name: this.la.value });
  }

  /** Loads a scalar at `address`: unsigned at its width, then cast when the type is signed. */
  private typedLoad(address: Operand, space: number, type: ValueType): Operand {
    const raw = unsignedOfSize(type.size);
    if (!raw) this.fail(CAUSE.undefinedType);
    const value = this.newTemp(type);
    const rawTemp = isInteger(type) && raw.id !== type.id ? this.newTemp(raw) : undefined;
    this.emitOp(ScriptFunc.FUNC_TYPED_LOAD);
    this.emitOperand(address);
    this.emitNum(space);
    this.emitNum(type.size);
    this.emitOperand(rawTemp ?? value);
    if (rawTemp) {
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      this.emitOperand(rawTemp);
      this.emitOperand(value);
      this.emitNum(raw.id);
      this.emitNum(type.id);
      this.freeTemp(rawTemp);
    }
    return value;
  }

  // ---- statements ---------------------------------------------------------------------------

  run(): Uint8Array {
    this.next();
    this.emitOp(ScriptFunc.FUNC_ADD);
    const frame = this.emitNum(-1);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.statements(true);
    // Matching the end marker reads one more token, which can still fail (one-character scripts).
    this.expect('$');
    return this.finish(frame);
  }

  private finish(frame: Rec): Uint8Array {
    this.relocateLocals(0, this.main, true);
    frame.value = BigInt(this.main.maxTemp + this.main.localSlots);
    // Written directly (this runs on every keystroke in the editor); string padding stays zero.
    const bytes = new Uint8Array(this.pointer * SYMBOL_SIZE);
    const view = new DataView(bytes.buffer);
    let slot = 0;
    for (const r of this.recs) {
      const base = slot * SYMBOL_SIZE;
      view.setUint32(base, r.type, true);
      view.setUint32(base + 4, r.high >>> 0, true);
      view.setUint32(base + 8, r.len, true);
      if (r.text) {
        bytes.set(r.text, base + 16);
        slot += stringSlotCount(r.text.length);
      } else {
        view.setBigUint64(base + 16, r.value, true);
        slot += 1;
      }
    }
    return bytes;
  }

  /**
   * Locals of `fn` (records from `firstRec` on) become temps above the function's temp count. At the
   * end of a user function only plain locals move; the final pass over the whole buffer also moves
   * array references (kept as reference-local kinds inside printf argument lists).
   */
  private relocateLocals(firstRec: number, fn: FunctionContext, final = false): void {
    const shift = BigInt(fn.maxTemp);
    const T = SymbolType;
    for (let i = firstRec; i < this.recs.length; i++) {
      const rec = this.recs[i]!;
      if (rec.type === T.SYMBOL_LOCAL_ID_TYPE) {
        rec.type = T.SYMBOL_TEMP_TYPE;
        rec.value += shift;
      } else if (
        final &&
        (rec.type === T.SYMBOL_REFERENCE_LOCAL_ID_TYPE || rec.type === T.SYMBOL_DEREFERENCE_LOCAL_ID_TYPE)
      ) {
        if (!rec.printfArg)
          rec.type =
            rec.type === T.SYMBOL_REFERENCE_LOCAL_ID_TYPE
              ? T.SYMBOL_REFERENCE_TEMP_TYPE
              : T.SYMBOL_DEREFERENCE_TEMP_TYPE;
        rec.value += shift;
      }
    }
  }

  /** S / S2: statements until a closing brace or the end; `{ STATEMENT S }` closes the list. */
  private statements(top: boolean): void {
    for (;;) {
      const t = this.t();
      if (t === '{') {
        this.next();
        if (!this.startsStatement(top)) this.fail(CAUSE.syntax);
        this.statement(top);
        this.statements(top);
        this.expect('}');
        return;
      }
      if (this.startsStatement(top)) {
        this.statement(top);
        continue;
      }
      if (t === '}' || (top && t === '$')) return;
      this.fail(CAUSE.syntax);
    }
  }

  private startsStatement(top: boolean): boolean {
    const t = this.t();
    if (t === undefined) return false;
    if (
      [
        'if',
        'while',
        'do',
        'for',
        'break',
        'continue',
        '*',
        '_global_id',
        '_local_id',
        '_register',
        '_function_parameter_id',
        '_function_id',
        '_script_variable_type',
        'struct',
        'typedef',
      ].includes(t)
    )
      return true;
    if (top && t === '#include') return true;
    if (!top && t === 'return') return true;
    return FUNCTION_SHAPES.has(t) && this.kind() === 'keyword';
  }

  private statement(top: boolean): void {
    const t = this.t() ?? '';
    switch (t) {
      case 'if':
        return this.ifStatement();
      case 'while':
        return this.whileStatement();
      case 'do':
        return this.doWhileStatement();
      case 'for':
        return this.forStatement();
      case 'break':
      case 'continue':
        return this.jumpStatement(t);
      case '_global_id':
      case '_local_id':
      case '_register':
      case '_function_parameter_id':
        this.assignment(false);
        this.expect(';');
        return;
      case '_script_variable_type':
        return this.declaration(top);
      case 'return':
        return this.returnStatement();
      case '*':
        return this.dereferenceAssignment();
      case 'struct':
        return this.structStatement();
      case '#include':
        return this.includeStatement();
      case 'typedef':
        return this.typedefStatement();
      case '_function_id':
        this.userCall(false);
        this.expect(';');
        return;
      default:
        if (FUNCTION_SHAPES.has(t)) {
          this.functionCall(t, false);
          this.expect(';');
          return;
        }
        return this.fail(CAUSE.syntax);
    }
  }

  /** Type words, an optional `*`, then the declared name (VARIABLE_TYPE1/2 and L_VALUE). */
  private declarator(): ValueType {
    const words: string[] = [];
    while (this.kind() === 'varType') {
      words.push(this.la.value);
      this.next();
    }
    let type = this.typeFromTokens(words);
    if (this.t() === '*') {
      this.next();
      if (type.kind !== 'unknown') type = pointerTo(type);
    }
    const t = this.t();
    if (t !== '_global_id' && t !== '_local_id' && t !== '_register' && t !== '_function_parameter_id')
      this.fail(CAUSE.syntax);
    this.pushToken();
    return type;
  }

  /**
   * `type name[d1][d2] = { ... };`: the array lives in consecutive local slots; each element (then
   * zero padding up to the array's size) is stored with eb/ed/eq at name + index * element size.
   */
  private arrayDeclaration(elementType: ValueType): void {
    const id = this.pop();
    const dims: string[] = [];
    while (this.t() === '[') {
      this.next();
      const k = this.kind();
      if (k !== 'hex' && k !== 'decimal' && k !== 'octal' && k !== 'binary' && k !== 'float')
        this.fail(CAUSE.syntax);
      dims.push(this.la.value);
      this.next();
      this.expect(']');
    }
    this.expect('=');
    const before = this.stack.length;
    this.initializerList();
    const elements = this.stack.splice(before);
    if (elementType.kind === 'unknown') this.fail(CAUSE.undefinedType);
    let type = elementType;
    for (let i = dims.length - 1; i >= 0; i--) type = arrayOf(type, leadingDecimal(dims[i]!));
    let idRec = { type: 0, value: 0n };
    if (id.kind === 'localUnresolved') {
      const index = this.fn.newLocal(id.name ?? '', type, type.size);
      idRec = { type: SymbolType.SYMBOL_REFERENCE_LOCAL_ID_TYPE, value: BigInt(index) };
    }
    const base = elementType.size;
    const store =
      base === 4
        ? ScriptFunc.FUNC_ED
        : base === 8
          ? ScriptFunc.FUNC_EQ
          : base === 1
            ? ScriptFunc.FUNC_EB
            : ScriptFunc.FUNC_UNDEFINED;
    const storeElement = (value: Operand | undefined, index: number): void => {
      this.emitOp(ScriptFunc.FUNC_MUL);
      this.emitNum(base);
      this.emitNum(index);
      const offset = this.newTemp(TY_LONG);
      this.emitOperand(offset);
      this.emitOp(ScriptFunc.FUNC_ADD);
      this.emit(idRec.type, idRec.value);
      this.emitOperand(offset);
      this.emitOperand(offset);
      this.emitOp(store);
      if (value) this.emitOperand(value);
      else this.emitNum(0);
      this.emitOperand(offset);
      this.emitOperand(offset);
      this.freeTemp(offset);
    };
    let count = 0;
    for (const element of elements) {
      if (count * base > type.size) this.fail(CAUSE.syntax);
      storeElement(element, count++);
    }
    while (count * base < type.size) storeElement(undefined, count++);
    this.expect(';');
  }

  /** `{ item, item, { ... }, }`: nested braces only group; the values are pushed in order. */
  private initializerList(): void {
    this.expect('{');
    for (;;) {
      if (this.t() === '{') this.initializerList();
      else this.expression();
      if (this.t() !== ',') break;
      this.next();
      if (this.t() === '}') break;
    }
    this.expect('}');
  }

  /**
   * `name[i][j]` as a value: offset = sum of index * element size, address = name + offset, then a
   * typed load of the element (loaded unsigned at its width and cast when the element is signed).
   */
  arrayRead(indexCount: number): void {
    this.arrayElement(indexCount, true);
  }

  /**
   * Address of `name[i]...` (offset = sum of index * element size, address = name + offset); read:
   * load the element; write: leave the address as a dereference temp for the assignment.
   */
  private arrayElement(indexCount: number, read: boolean): void {
    const indices = this.stack.splice(this.stack.length - indexCount);
    const id = this.pop();
    if (id.kind === 'localUnresolved') this.fail(CAUSE.syntax);
    let type = id.type;
    const scratch = this.newTemp(TY_LONG);
    const offset = this.newTemp(TY_LONG);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emitNum(0);
    this.emitOperand(offset);
    for (const index of indices) {
      if (!type?.base) this.fail(CAUSE.syntax);
      this.emitOp(ScriptFunc.FUNC_MUL);
      this.emitNum(type.base.size);
      this.emitOperand(index);
      this.emitOperand(scratch);
      this.emitOp(ScriptFunc.FUNC_ADD);
      this.emitOperand(scratch);
      this.emitOperand(offset);
      this.emitOperand(offset);
      type = type.base;
    }
    this.emitOp(ScriptFunc.FUNC_ADD);
    this.emitOperand(id);
    this.emitOperand(offset);
    this.emitOperand(offset);
    const element = type ?? TYPES.unknown;
    if (!read) {
      this.stack.push({
        ...offset,
        type: element,
        isAddress: true,
        addressSpace: id.addressSpace ?? 1,
        deref: true,
      });
      this.freeTemp(scratch);
      return;
    }
    const raw = unsignedOfSize(element.size);
    if (!raw) this.fail(CAUSE.undefinedType);
    const value = this.newTemp(element);
    const rawTemp = isInteger(element) && raw.id !== element.id ? this.newTemp(raw) : undefined;
    this.emitOp(ScriptFunc.FUNC_TYPED_LOAD);
    this.emitOperand(offset);
    this.emitNum(1);
    this.emitNum(element.size);
    this.emitOperand(rawTemp ?? value);
    if (rawTemp) {
      this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
      this.emitOperand(rawTemp);
      this.emitOperand(value);
      this.emitNum(raw.id);
      this.emitNum(element.id);
      this.freeTemp(rawTemp);
    }
    this.freeTemp(offset);
    this.stack.push(value);
    this.freeTemp(scratch);
  }

  /** A type name inside parentheses (cast or sizeof): words, then `*`s; the `)` is not consumed. */
  typeName(): ValueType {
    const words: string[] = [];
    while (this.kind() === 'varType') {
      words.push(this.la.value);
      this.next();
    }
    let pointers = 0;
    while (this.t() === '*') {
      pointers++;
      this.next();
    }
    return this.resolveTypeName(words, pointers);
  }

  /** `struct tag *...` inside parentheses; the `)` is not consumed. */
  structTypeName(): ValueType {
    this.next();
    const tag = this.structTag();
    let pointers = 0;
    while (this.t() === '*') {
      pointers++;
      this.next();
    }
    return this.structTypeOf(tag, pointers);
  }

  structTypeOf(tag: string, pointers: number): ValueType {
    let type = this.structs.get(tag) ?? this.fail(CAUSE.undefinedType);
    for (let i = 0; i < pointers; i++) type = pointerTo(type);
    return type;
  }

  resolveTypeName(words: string[], pointers: number): ValueType {
    let type = this.typeFromTokens(words);
    if (type.kind === 'unknown') return type;
    for (let i = 0; i < pointers; i++) type = pointerTo(type);
    return type;
  }

  /** `(type) value`: FUNC_CAST_SCALAR into a temp of the target type. */
  cast(target: ValueType): void {
    const value = this.pop();
    const srcId = value.type?.id ?? 0;
    const dstId = target.id;
    const floatPointer =
      (srcId === TYPES.pointer.id || dstId === TYPES.pointer.id) &&
      (isFloating(value.type) || isFloating(target));
    if (target.kind === 'unknown' || srcId === 0 || dstId === 0 || floatPointer)
      this.fail(CAUSE.undefinedType);
    const result = this.newTemp(target);
    this.emitOp(ScriptFunc.FUNC_CAST_SCALAR);
    this.emitOperand(value);
    this.emitOperand(result);
    this.emitNum(srcId);
    this.emitNum(dstId);
    this.freeTemp(value);
    this.stack.push(result);
  }

  /** Starts `sizeof expression`: the code the operand generates is discarded afterwards. */
  sizeofBegin(): SizeofMark {
    return {
      pointer: this.pointer,
      recs: this.recs.length,
      temps: [...this.fn.temps],
      maxTemp: this.fn.maxTemp,
    };
  }

  sizeofEnd(mark: SizeofMark): void {
    const operand = this.pop();
    this.recs.length = mark.recs;
    this.slotRec.length = mark.pointer;
    this.pointer = mark.pointer;
    this.fn.temps.length = 0;
    this.fn.temps.push(...mark.temps);
    this.fn.maxTemp = mark.maxTemp;
    this.pushSize(operand.type);
  }

  stackDepth(): number {
    return this.stack.length;
  }

  pushSize(type: ValueType | null): void {
    if (!type || type.kind === 'void' || isIncompleteStruct(type) || type.size <= 0)
      this.fail(CAUSE.incompleteType);
    this.stack.push({ kind: 'num', value: BigInt(type.size), type: TY_ULLONG, decimal: true });
  }

  /** `sizeof(type)`, `sizeof(expression)` or `sizeof operand` in statement expressions. */
  private sizeofExpression(): void {
    this.next();
    if (this.t() === '(') {
      this.next();
      if (this.kind() === 'varType') {
        const type = this.typeName();
        if (this.t() !== ')') this.fail(CAUSE.syntax);
        this.next();
        if (type.kind === 'unknown') this.fail(CAUSE.undefinedType);
        this.pushSize(type);
        return;
      }
      if (this.t() === 'struct') {
        const type = this.structTypeName();
        this.expect(')');
        this.pushSize(type);
        return;
      }
      const mark = this.sizeofBegin();
      this.expression();
      this.expect(')');
      this.sizeofEnd(mark);
      return;
    }
    const mark = this.sizeofBegin();
    const t = this.t() ?? '';
    if (
      t === '(' ||
      t === '_function_id' ||
      (FUNCTION_SHAPES.has(t) && this.kind() === 'keyword') ||
      t === 'sizeof'
    )
      this.fail(CAUSE.syntax);
    this.primary();
    this.sizeofEnd(mark);
  }

  /** After `dest =`: one expression (@MOV) or a chain `a = b = c = value` (@MULTIPLE_ASSIGNMENT). */
  private assignedValue(declared: ValueType | undefined): void {
    this.expression();
    if (this.t() !== '=') {
      if (this.t() !== ';' && this.t() !== ')') this.fail(CAUSE.syntax);
      this.move(declared);
      return;
    }
    while (this.t() === '=') {
      this.next();
      this.expression();
    }
    if (this.t() !== ';' && this.t() !== ')') this.fail(CAUSE.syntax);
    this.multipleAssign(declared);
  }

  /**
   * The engine's chained assignment: every name on the semantic stack, innermost first, gets a
   * plain MOV of the value (no conversions); a temp or literal in the chain is "Invalid Syntax".
   */
  private multipleAssign(declared: ValueType | undefined): void {
    const value = this.pop();
    this.checkResolved(value);
    while (this.stack.length > 0) {
      const dest = this.stack[this.stack.length - 1]!;
      if (
        dest.kind === 'temp' ||
        (dest.kind === 'num' && !dest.decimal && !dest.float) ||
        dest.kind === 'pseudo'
      ) {
        this.stack.pop();
        this.fail(CAUSE.syntax);
      }
      let target: Operand;
      if (dest.kind === 'globalUnresolved') {
        const entry = this.globals.get(dest.name ?? '') ?? this.globals.add(dest.name ?? '');
        target = { kind: 'global', value: BigInt(entry.index), type: entry.type, name: dest.name };
      } else if (dest.kind === 'localUnresolved') {
        const existing = this.fn.locals.get(dest.name ?? '');
        const index = existing?.index ?? this.fn.newLocal(dest.name ?? '', TY_ULLONG, 8);
        target = { kind: 'local', value: BigInt(index), type: TY_ULLONG, name: dest.name };
      } else if (
        dest.kind === 'local' ||
        dest.kind === 'global' ||
        dest.kind === 'param' ||
        dest.kind === 'register'
      ) {
        target = dest;
      } else break;
      this.stack.pop();
      this.emitOp(ScriptFunc.FUNC_MOV);
      this.emitOperand(value);
      this.emitOperand(target);
      if (declared) {
        if (declared.kind === 'unknown') this.fail(CAUSE.undefinedType);
        if (target.kind === 'local')
          this.fn.locals.set(target.name ?? '', { index: Number(target.value), type: declared });
        const entry = target.kind === 'global' ? this.globals.get(target.name ?? '') : undefined;
        if (entry) entry.type = declared;
      }
    }
    this.freeTemp(value);
  }

  /** `type name = expression;` (functions and arrays are only recognised at top level). */
  private declaration(top: boolean): void {
    const type = this.declarator();
    if (top && this.t() === '(') return this.functionDefinition(type);
    if (top && this.t() === '[') return this.arrayDeclaration(type);
    this.expect('=');
    this.assignedValue(type);
    this.expect(';');
  }

  /**
   * `type name(params) { body }`: a JMP over the body, a frame prologue (push base, base = stack,
   * stack += frame size), the body with its own temps and locals, and an epilogue every `return`
   * jumps to.
   */
  private functionDefinition(returnType: ValueType): void {
    const nameOp = this.pop();
    if (returnType.kind === 'unknown') this.fail(CAUSE.undefinedType);
    this.emitOp(ScriptFunc.FUNC_JMP);
    const skipSlot = this.pointer;
    this.emitNum(-1);
    const fn = new FunctionContext(nameOp.name ?? '', returnType, this.pointer, this.recs.length);
    this.functions.set(fn.name, fn);
    this.emitOp(ScriptFunc.FUNC_PUSH);
    this.emit(SymbolType.SYMBOL_STACK_BASE_INDEX_TYPE, 0n);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.emit(SymbolType.SYMBOL_STACK_BASE_INDEX_TYPE, 0n);
    this.emitOp(ScriptFunc.FUNC_ADD);
    const frame = this.emitNum(-1);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    const outer = this.fn;
    this.fn = fn;
    this.expect('(');
    if (this.t() !== ')') {
      for (;;) {
        if (this.kind() !== 'varType') this.fail(CAUSE.syntax);
        const type = this.declarator();
        const param = this.pop();
        if (type.kind === 'unknown') this.fail(CAUSE.undefinedType);
        fn.params.push(param.name ?? '');
        if (this.t() !== ',') break;
        this.next();
      }
    }
    this.expect(')');
    this.expect('{');
    this.statements(false);
    if (this.t() !== '}') this.fail(CAUSE.syntax);
    const epilogue = this.pointer;
    this.relocateLocals(fn.firstRec, fn);
    frame.value = BigInt(fn.maxTemp + fn.localSlots);
    for (const rec of fn.returnJumps) rec.value = BigInt(epilogue);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emit(SymbolType.SYMBOL_STACK_BASE_INDEX_TYPE, 0n);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.emitOp(ScriptFunc.FUNC_POP);
    this.emit(SymbolType.SYMBOL_STACK_BASE_INDEX_TYPE, 0n);
    this.emitOp(ScriptFunc.FUNC_RET);
    this.patch(skipSlot, this.pointer);
    this.fn = outer;
    this.expect('}');
  }

  /** `return;` / `return value;`: jumps to the epilogue (patched when the function ends). */
  private returnStatement(): void {
    this.next();
    const fn = this.fn;
    if (this.t() === ';') {
      if (fn.returnType.kind !== 'void') this.fail(CAUSE.nonVoidNoReturn);
    } else {
      this.expression();
      if (fn.returnType.kind === 'void') this.fail(CAUSE.voidReturn);
      const value = this.pop();
      this.emitOp(ScriptFunc.FUNC_MOV);
      const rec = this.emitOperand(value);
      this.freeTemp(value);
      this.emit(SymbolType.SYMBOL_RETURN_VALUE_TYPE, 0n);
      void rec;
    }
    this.emitOp(ScriptFunc.FUNC_JMP);
    fn.returnJumps.push(this.emitNum(0xfffffffffffffff0n));
    this.expect(';');
  }

  /** `f(args)`: arguments pushed last first (their temps stay taken), CALL, stack -= params. */
  private userCall(asValue: boolean): void {
    const callee = this.la.value;
    this.pushToken();
    this.expect('(');
    let count = 0;
    if (this.t() !== ')') {
      for (;;) {
        this.expression();
        count++;
        if (this.t() !== ',') break;
        this.next();
      }
    }
    this.expect(')');
    this.finishUserCall(callee, count, asValue);
  }

  finishUserCall(callee: string, count: number, asValue: boolean): void {
    const args: Operand[] = [];
    for (let i = 0; i < count; i++) args.push(this.pop());
    this.pop();
    for (const a of args) {
      this.emitOp(ScriptFunc.FUNC_PUSH);
      this.emitOperand(a);
    }
    const fn = this.functions.get(callee);
    if (!fn) this.fail(CAUSE.undefinedFunction);
    if (count !== fn.params.length) this.fail(CAUSE.syntax);
    this.emitOp(ScriptFunc.FUNC_CALL);
    this.emitNum(fn.address);
    this.emitOp(ScriptFunc.FUNC_SUB);
    this.emitNum(fn.params.length);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    this.emit(SymbolType.SYMBOL_STACK_INDEX_TYPE, 0n);
    if (asValue) {
      if (fn.returnType.kind === 'void') this.fail(CAUSE.voidReturn);
      const result = this.newTemp(fn.returnType);
      this.emitOp(ScriptFunc.FUNC_MOV);
      this.emit(SymbolType.SYMBOL_RETURN_VALUE_TYPE, 0n);
      this.emitOperand(result);
      this.stack.push(result);
    }
  }

  private assignment(inFor: boolean, targetPushed = false): void {
    if (!targetPushed) {
      this.pushToken();
      this.memberSuffix(false);
    }
    const t = this.t() ?? '';
    if (t === '[') {
      let count = 0;
      while (this.t() === '[') {
        this.next();
        this.expression();
        count++;
        this.expect(']');
      }
      const next = this.t() ?? '';
      if (next !== '=' && next !== '++' && next !== '--' && COMPOUND_ASSIGNMENT[next] === undefined)
        this.fail(CAUSE.syntax);
      this.arrayElement(count, false);
      return this.assignment(inFor, true);
    }
    if (t === '++' || t === '--') {
      this.next();
      this.incDec(t === '++' ? ScriptFunc.FUNC_INC : ScriptFunc.FUNC_DEC);
      return;
    }
    if (t === '=') {
      this.next();
      this.assignedValue(undefined);
      return;
    }
    const op = COMPOUND_ASSIGNMENT[t];
    if (op) {
      this.next();
      this.expression();
      this.compoundAssign(op);
      return;
    }
    if (inFor && t === ')') {
      this.pop();
      return;
    }
    this.fail(CAUSE.syntax);
  }

  private condition(): Operand {
    const boolean = new BooleanParser(this);
    boolean.parse();
    return this.pop();
  }

  /** Hooks for the boolean-expression parser. */
  get lookahead(): Token {
    return this.la;
  }
  set lookahead(t: Token) {
    this.la = t;
  }
  get scan(): Scanner {
    return this.scanner;
  }
  failWith(cause: string): never {
    return this.fail(cause);
  }
  pushOperandToken(): void {
    const op = this.operandOf(this.la);
    op.span = [this.la.start, Math.max(this.la.start + 1, this.scanner.inputIdx - 1)];
    this.stack.push(op);
  }
  pushOperand(op: Operand): void {
    this.stack.push(op);
  }
  popOperand(): Operand {
    return this.pop();
  }
  binaryOp(op: string): void {
    this.binary(op);
  }
  unaryOp(name: string): void {
    if (name === 'logical_not') this.logicalNot();
    else this.unaryFunction(name);
  }
  call(name: string, shape: FunctionShape, argCount: number): void {
    this.callFunction(name, shape, argCount, true);
  }

  logicalBegin(isOr: boolean): LogicalContext {
    const left = this.pop();
    const truth = this.truthValue(left);
    const result = this.newTemp(TY_INT);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emitNum(isOr ? 1 : 0);
    this.emitOperand(result);
    this.emitOp(isOr ? ScriptFunc.FUNC_JNZ : ScriptFunc.FUNC_JZ);
    const slot = this.pointer;
    this.emitNum(-1);
    this.emitOperand(truth);
    this.freeTemp(truth);
    return { isOr, left, result, jumpSlots: [slot] };
  }

  logicalEnd(ctx: LogicalContext): void {
    const right = this.pop();
    const truth = this.truthValue(right);
    this.emitOp(ctx.isOr ? ScriptFunc.FUNC_JNZ : ScriptFunc.FUNC_JZ);
    ctx.jumpSlots.push(this.pointer);
    this.emitNum(-1);
    this.emitOperand(truth);
    this.emitOp(ScriptFunc.FUNC_MOV);
    this.emitNum(ctx.isOr ? 0 : 1);
    this.emitOperand(ctx.result);
    this.freeTemp(truth);
    this.freeTemp(right);
    this.freeTemp(ctx.left);
    for (const s of ctx.jumpSlots) this.patch(s, this.pointer);
    this.stack.push(ctx.result);
  }

  private patch(slot: number, target: number): void {
    const rec = this.slotRec[slot];
    if (rec) rec.value = BigInt(target);
  }

  /** After a parenthesised condition the engine skips the closing token unchecked and reads on. */
  private afterCondition(): void {
    this.la = this.scanner.scan();
    if (this.kind() === 'unknown') this.fail(CAUSE.unknownToken);
    this.la = this.scanner.scan();
    if (this.kind() === 'unknown') this.fail(CAUSE.unknownToken);
  }

  private jz(cond: Operand, release = true): number {
    this.checkResolved(cond);
    this.emitOp(ScriptFunc.FUNC_JZ);
    const slot = this.pointer;
    this.emitNum(-1);
    this.emitOperand(cond);
    if (release) this.freeTemp(cond);
    return slot;
  }

  private block(): void {
    this.expect('{');
    this.statements(false);
    this.expect('}');
  }

  private ifStatement(): void {
    this.constructs.push('if');
    this.ifStatementBody();
    this.constructs.pop();
  }

  private ifStatementBody(): void {
    this.next();
    this.expect('(');
    const jumpsToEnd: number[] = [];
    let cond = this.condition();
    this.afterCondition();
    let jzSlot = this.jz(cond);
    this.block();
    for (;;) {
      const isElsif = this.t() === 'elsif';
      if (isElsif) this.next();
      this.patch(jzSlot, this.pointer + 2);
      this.emitOp(ScriptFunc.FUNC_JMP);
      jumpsToEnd.push(this.pointer);
      this.emitNum(-1);
      if (!isElsif) break;
      this.expect('(');
      cond = this.condition();
      this.afterCondition();
      jzSlot = this.jz(cond);
      this.block();
    }
    if (this.t() === 'else') {
      this.next();
      this.block();
    }
    for (const s of jumpsToEnd) this.patch(s, this.pointer);
  }

  private whileStatement(): void {
    this.constructs.push('while');
    this.whileStatementBody();
    this.constructs.pop();
  }

  private whileStatementBody(): void {
    this.next();
    const start = this.pointer;
    this.expect('(');
    const cond = this.condition();
    this.afterCondition();
    const loop: LoopContext = { kind: 'while', breakSlots: [] };
    loop.breakSlots.push(this.jz(cond));
    this.loops.push(loop);
    this.expect('{');
    this.statements(false);
    this.emitOp(ScriptFunc.FUNC_JMP);
    this.emitNum(start);
    this.loops.pop();
    for (const s of loop.breakSlots) this.patch(s, this.pointer);
    this.expect('}');
  }

  private doWhileStatement(): void {
    this.constructs.push('do');
    this.doWhileStatementBody();
    this.constructs.pop();
  }

  private doWhileStatementBody(): void {
    this.next();
    const start = this.pointer;
    const loop: LoopContext = { kind: 'do', breakSlots: [] };
    this.loops.push(loop);
    this.block();
    this.loops.pop();
    this.expect('while');
    this.expect('(');
    const cond = this.condition();
    this.afterCondition();
    this.checkResolved(cond);
    this.emitOp(ScriptFunc.FUNC_JNZ);
    this.emitNum(start);
    this.emitOperand(cond);
    this.freeTemp(cond);
    for (const s of loop.breakSlots) this.patch(s, this.pointer);
    if (this.t() !== ';') this.fail(CAUSE.syntax);
    this.next();
  }

  private forStatement(): void {
    this.constructs.push('for');
    this.forStatementBody();
    this.constructs.pop();
  }

  private forStatementBody(): void {
    this.next();
    this.expect('(');
    const t = this.t();
    const isName =
      t === '_global_id' || t === '_local_id' || t === '_register' || t === '_function_parameter_id';
    if (t === '_script_variable_type' || isName) {
      const declared = t === '_script_variable_type' ? this.declarator() : (this.pushToken(), undefined);
      this.expect('=');
      this.assignedValue(declared);
    }
    this.expect(';');
    const condStart = this.pointer;
    this.scanner.forCondition = true;
    const cond = this.condition();
    this.afterCondition();
    const loop: LoopContext = { kind: 'for', breakSlots: [] };
    // The engine never releases a `for` condition's temp.
    loop.breakSlots.push(this.jz(cond, false));
    this.emitOp(ScriptFunc.FUNC_JMP);
    const toBody = this.pointer;
    this.emitNum(-1);
    const incStart = this.pointer;
    loop.continueTarget = incStart;
    const it = this.t();
    if (it !== '_global_id' && it !== '_local_id' && it !== '_register' && it !== '_function_parameter_id')
      this.fail(CAUSE.syntax);
    this.assignment(true);
    this.expect(')');
    this.expect('{');
    this.emitOp(ScriptFunc.FUNC_JMP);
    this.emitNum(condStart);
    this.patch(toBody, this.pointer);
    this.loops.push(loop);
    this.statements(false);
    this.loops.pop();
    this.emitOp(ScriptFunc.FUNC_JMP);
    this.emitNum(incStart);
    for (const s of loop.breakSlots) this.patch(s, this.pointer);
    this.expect('}');
  }

  /**
   * `break` jumps past the innermost loop; `continue` jumps to the increment of the innermost
   * enclosing `for`, even across `while` / `do` loops nested in it. Without a target the engine
   * reports "Invalid Syntax" when some block is open, and crashes at top level.
   */
  private jumpStatement(kind: 'break' | 'continue'): void {
    this.next();
    const loop = this.loops[this.loops.length - 1];
    const forLoop = [...this.loops].reverse().find((l) => l.continueTarget !== undefined);
    const target = kind === 'break' ? loop : forLoop;
    // Without a target the engine searches an empty stack: "Invalid Syntax" inside a block or a
    // function body, a crash at the top level of the script.
    if (!target)
      this.fail(this.constructs.length > 0 || this.fn !== this.main ? CAUSE.syntax : CAUSE.breakOutsideLoop);
    // `continue` directly in a `for` body makes the engine push its loop address twice (a double
    // free on Windows' heap); nested in an `if` or inner loop it works.
    if (kind === 'continue' && this.constructs[this.constructs.length - 1] === 'for')
      this.fail(CAUSE.continueInForBody);
    this.emitOp(ScriptFunc.FUNC_JMP);
    if (kind === 'break') {
      target.breakSlots.push(this.pointer);
      this.emitNum(-1);
    } else this.emitNum(target.continueTarget ?? 0);
    this.expect(';');
  }

  // ---- expressions (statement context) ------------------------------------------------------

  private static readonly LEVELS: string[][] = [
    ['|'],
    ['^'],
    ['&'],
    ['>>', '<<'],
    ['+', '-'],
    ['/', '%', '*'],
  ];

  private expression(level = 0): void {
    if (level === Compilation.LEVELS.length) {
      this.primary();
      if (!EXPRESSION_FOLLOW.has(this.t() ?? '')) this.fail(CAUSE.syntax);
      return;
    }
    this.expression(level + 1);
    const ops = Compilation.LEVELS[level]!;
    while (ops.includes(this.t() ?? '') && this.kind() === 'special') {
      const op = this.la.value;
      this.next();
      this.expression(level + 1);
      this.binary(op);
    }
  }

  private primary(): void {
    const t = this.t() ?? '';
    if (FUNCTION_SHAPES.has(t) && this.kind() === 'keyword') {
      const shape = FUNCTION_SHAPES.get(t)!;
      if (
        shape === 'zeroVoid' ||
        shape === 'oneVoid' ||
        shape === 'twoVoid' ||
        shape === 'threeVoid' ||
        shape === 'printf'
      )
        this.fail(CAUSE.syntax);
      this.functionCall(t, true);
      return;
    }
    switch (t) {
      case '(':
        this.next();
        if (this.t() === 'struct') {
          const type = this.structTypeName();
          this.expect(')');
          this.primary();
          this.cast(type);
          return;
        }
        if (this.t() === '_script_variable_type') {
          const type = this.typeName();
          this.expect(')');
          this.primary();
          this.cast(type);
          return;
        }
        this.expression();
        this.expect(')');
        return;
      case 'sizeof':
        this.sizeofExpression();
        return;
      case '_global_id':
      case '_local_id':
      case '_register':
      case '_function_parameter_id':
        this.pushToken();
        this.memberSuffix(true);
        if (this.t() === '[') {
          let count = 0;
          while (this.t() === '[') {
            this.next();
            this.expression();
            count++;
            this.expect(']');
          }
          if (!EXPRESSION_FOLLOW.has(this.t() ?? '')) this.fail(CAUSE.syntax);
          this.arrayRead(count);
        }
        // The table decides the empty suffixes on this token, before an enclosing operator's action.
        if (!EXPRESSION_FOLLOW.has(this.t() ?? '')) this.fail(CAUSE.syntax);
        return;
      case '_function_id':
        this.userCall(true);
        return;
      case '_float':
      case '_hex':
      case '_decimal':
      case '_octal':
      case '_binary':
      case '_pseudo_register':
        this.pushToken();
        return;
      case '-':
      case '~':
      case '!':
      case '*':
      case '&':
      case '+':
        this.next();
        this.primary();
        if (t === '-') this.unaryFunction('neg');
        else if (t === '~') this.unaryFunction('not');
        else if (t === '!') this.logicalNot();
        else if (t === '*') this.unaryFunction('poi');
        else if (t === '&') this.unaryFunction('reference');
        return;
      default:
        this.fail(CAUSE.syntax);
    }
  }

  /** `name(args)` for a built-in; `asValue` when the result feeds an expression. */
  private functionCall(name: string, asValue: boolean): void {
    const shape = FUNCTION_SHAPES.get(name)!;
    this.next();
    this.expect('(');
    if (shape === 'printf') return this.printf();
    const arity = arityOf(shape);
    for (let i = 0; i < arity; i++) {
      if (i > 0) this.expect(',');
      const stringArg =
        (shape.startsWith('str') && i < 2 && this.kind() === 'string') ||
        (shape.startsWith('wstr') && i < 2 && this.kind() === 'wstring');
      if (stringArg) this.pushToken();
      else this.expression();
    }
    // The built-in's action runs before its `)` is matched (errors report the token after the arguments).
    this.callFunction(name, shape, arity, asValue);
    this.expect(')');
  }

  private printf(): void {
    if (this.kind() !== 'string') this.fail(CAUSE.syntax);
    const format = this.la.bytes ?? [];
    this.next();
    const args: Operand[] = [];
    while (this.t() === ',') {
      this.next();
      this.expression();
      args.push(this.pop());
    }
    if (this.t() !== ')') this.fail(CAUSE.syntax);
    for (const a of [...args].reverse()) this.checkResolved(a);
    this.emitOp(ScriptFunc.FUNC_PRINTF);
    this.emitString({ kind: 'string', value: 0n, type: null, bytes: format });
    this.emit(SymbolType.SYMBOL_VARIABLE_COUNT_TYPE, BigInt(args.length));
    const argRecs = args.map((a) => this.emitOperand(a)!);
    for (const rec of argRecs) rec.printfArg = true;
    for (const a of args) this.freeTemp(a);
    let used = 0;
    const end = format.indexOf(0) >= 0 ? format.indexOf(0) : format.length;
    for (let i = 0; i < end; i++) {
      if (format[i] !== 37) continue;
      if (!isPrintfSpecifier(format, i)) continue;
      const rec = argRecs[used];
      if (!rec) this.fail(CAUSE.syntax);
      rec.high = i - 1;
      used++;
    }
    if (used !== args.length) this.fail(CAUSE.syntax);
    this.next();
  }
}

export interface SizeofMark {
  pointer: number;
  recs: number;
  temps: boolean[];
  maxTemp: number;
}

export interface LogicalContext {
  isOr: boolean;
  left: Operand;
  result: Operand;
  jumpSlots: number[];
}

/** The engine compares types by identity; ours are rebuilt, so compare their structure. */
function sameType(a: ValueType | undefined, b: ValueType | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind || a.id !== b.id || a.unsigned !== b.unsigned || a.size !== b.size)
    return false;
  if (a.kind === 'struct') return a.struct === b.struct;
  return a.base === b.base || sameType(a.base, b.base);
}

/** Arrays and pointers with a known pointee take part in scaled address arithmetic. */
function isAddressLike(type: ValueType | null): boolean {
  return type !== null && (type.kind === 'array' || (type.kind === 'ptr' && type.base !== undefined));
}

/** C's strtoull(text, NULL, 0) on a token's text: 0x.. hex, 0.. octal, else decimal; longest valid prefix. */
function cInteger(text: string): number {
  const t = text.trimStart();
  let radix = 10;
  let digits = t;
  if (/^0[xX][0-9a-fA-F]/.test(t)) {
    radix = 16;
    digits = t.slice(2);
  } else if (t.startsWith('0')) radix = 8;
  const valid = radix === 16 ? /^[0-9a-fA-F]*/ : radix === 8 ? /^[0-7]*/ : /^[0-9]*/;
  const m = valid.exec(digits)?.[0] ?? '';
  return m === '' ? 0 : parseInt(m, radix);
}

/** C's atoi: the leading decimal digits of a literal's text (dimensions are read this way). */
function leadingDecimal(text: string): number {
  const m = /^[0-9]*/.exec(text);
  return m && m[0] !== '' ? Number(m[0]) : 0;
}

const PRINTF_SPECIFIERS = [
  'ws',
  'ls',
  'ld',
  'li',
  'lu',
  'lo',
  'lx',
  'hd',
  'hi',
  'hu',
  'ho',
  'hx',
  'lld',
  'lli',
  'llu',
  'llo',
  'llx',
];
function isPrintfSpecifier(format: number[], i: number): boolean {
  const next = String.fromCharCode(format[i + 1] ?? 0);
  if ('diuoxcpsf'.includes(next) && next !== '') return true;
  const rest = String.fromCharCode(...format.slice(i + 1, i + 4));
  return PRINTF_SPECIFIERS.some((s) => rest.startsWith(s));
}

function registerIndex(name: string): number {
  return REGISTER_NAMES.indexOf(name);
}
function pseudoIndex(name: string): number {
  return PSEUDO_REGISTER_NAMES.indexOf(name);
}

/** The body of an include file `? { body }` (trimmed first), or undefined when it has another form. */
function includeBody(text: string): string | undefined {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  if (!trimmed.startsWith('? {') || !trimmed.endsWith('}')) return undefined;
  return trimmed.slice(3, -1);
}

/** Turns a binary-string source back into text for messages (the engine works on bytes). */
function bytesToText(s: string): string {
  const bytes = Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
  return new TextDecoder().decode(bytes);
}

function diagnostic(src: string, f: CompileFailure): CompileError {
  const { line, lineIdx, tokenIdx, inputIdx } = f.at;
  let lineEnd = Math.max(inputIdx, 0);
  while (lineEnd < src.length && src[lineEnd] !== '\n' && src[lineEnd] !== '\0') lineEnd++;
  const text = bytesToText(src.slice(Math.max(lineIdx, 0), lineEnd));
  const caret = ' '.repeat(Math.max(0, tokenIdx - lineIdx));
  const message = `Line ${line}:\n${text}\n${caret}^\n${f.cause}`;
  // Editor range: the real line/column of the offending token (HyperDbg's own line count can lag),
  // or of the unresolved name itself.
  if (f.span) return { message, ...rangeOf(src, f.span[0], f.span[1]) };
  const before = bytesToText(src.slice(0, Math.max(0, Math.min(tokenIdx, src.length))));
  const lines = before.split('\n');
  const realLine = lines.length;
  const column = (lines[lines.length - 1] ?? '').length + 1;
  // The offending token ends where the scanner stopped reading (at least one column, same line).
  const tokenText = bytesToText(src.slice(Math.max(0, tokenIdx), Math.max(tokenIdx + 1, inputIdx - 1)));
  const width = Math.max(1, (tokenText.split('\n')[0] ?? '').length);
  return { message, line: realLine, column, endLine: realLine, endColumn: column + width };
}

/** 1-based line/column range of the byte offsets [start, end) of the source. */
function rangeOf(src: string, start: number, end: number): Omit<CompileError, 'message'> {
  const at = (offset: number) => {
    const lines = bytesToText(src.slice(0, Math.max(0, Math.min(offset, src.length)))).split('\n');
    return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
  };
  const a = at(start);
  const b = at(end);
  return {
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.line === a.line ? Math.max(b.column, a.column + 1) : b.column,
  };
}

/** Compiles one script with a session's global table. */
export function compileWithGlobals(
  source: string,
  globals: GlobalTable,
  options: CompileOptions = {},
): CompileResult {
  let bytes = '';
  for (const b of new TextEncoder().encode(source)) bytes += String.fromCharCode(b);
  const compilation = new Compilation(bytes, globals, options);
  try {
    return { ok: true, bytes: compilation.run() };
  } catch (e) {
    if (e instanceof CompileFailure) return { ok: false, error: diagnostic(compilation.source, e) };
    throw e;
  }
}

export type { CompileOptions };
