/**
 * Runs a compiled HyperDbg v0.23 script buffer with the debuggee's semantics (hyperkd's
 * DebuggerPerformRunScript loop around script-eval's ScriptEngineExecute, kernel-mode build):
 * - one "instruction" is an operator slot followed by its operand slots; operands are read as
 *   sources first and the destination last, and binary operators compute `second OP first`;
 * - all integer arithmetic wraps at 64 bits; comparisons are signed; shifts are logical and
 *   their count is taken modulo 64 (x86 `shl`/`shr`, which the C `<<`/`>>` compile to);
 * - a 256-slot stack buffer, zeroed per run, holds temps, locals, call frames and arguments;
 *   globals live in the caller's ScriptGlobalState and persist across runs;
 * - the run stops when the instruction index leaves the buffer (a normal end), when an
 *   operator reports an error, when the stack index reaches 256, or after the instruction
 *   budget, printing the same log line the debuggee prints in each case.
 * Where the C code would touch memory outside its own buffers (a temp index past the 256-slot
 * stack, a global index past 512, operands past the end of the buffer) the run stops with the
 * operator's error instead: there is no sane value to invent.
 */
import { FUNC_NAMES, ScriptFunc as F, SymbolType as S } from '../generated/tables';
import { encodeSymbols, type ScriptSymbol } from '../wire';
import {
  VALUE_KIND_F32,
  VALUE_KIND_F64,
  VALUE_KIND_INTEGER,
  floatBinary,
  decodeFloat,
  encodeFloat,
  type FloatBinaryOp,
} from './floats';
import { EVENT_TAG_START_SEED } from '../../protocol/event-packets';
import {
  MAX_EXECUTION_COUNT,
  MAX_STACK_BUFFER_COUNT,
  MAX_VAR_COUNT,
  createGlobalState,
  type EvalOptions,
  type EvalResult,
  type ScriptGlobalState,
  type ScriptHost,
} from './host';
import * as log from './log';
import {
  CODE_REGION_BASE,
  GLOBAL_REGION_BASE,
  STACK_REGION_BASE,
  ScriptMemory,
  littleEndian,
  toLittleEndian,
} from './memory';
import { formatPrintf, type PrintfArgument } from './printf';
import { loadProgram, PreparedScript, type LoadedProgram } from './program';
import {
  castScalar,
  isFloatType,
  isIntegerType,
  normalizeInteger,
  typedBinary,
  type TypedBinaryOp,
} from './scalar';

const SLOT_BYTES = 24;
const SIZE_SYMBOL_WITHOUT_LEN = 16;
const ADDRESS_SPACE_LOCAL = 1n;
const ADDRESS_SPACE_REMOTE = 2n;
const MOVING_BUFFER_SIZE = 64;
/**
 * Largest memcpy / aggregate copy a single instruction may move. HyperDbg has no limit, but a
 * multi-gigabyte copy over a simulated address space would stall the host for minutes.
 */
const MAX_BULK_BYTES = 16 * 1024 * 1024;
const ALL_ONES = 0xffff_ffff_ffff_ffffn;
const SIGN_BIT = 0x8000_0000_0000_0000n;
/** What HyperDbg's GetPseudoRegValue returns for an index it does not know. */
const INVALID = 0x8000_0000n;

/** Thrown inside the interpreter when an operator reports an error (HasError in C). */
class OperatorFault {
  constructor(readonly detail?: string) {}
}
const FAULT = new OperatorFault();

/** A stop that is not one of HyperDbg's messages (the engine would hang or crash instead). */
class HostStop {
  constructor(readonly reason: string) {}
}

const FLOAT_OPS: Record<number, FloatBinaryOp> = {
  [F.FUNC_ADD_FLOAT]: 'add',
  [F.FUNC_SUB_FLOAT]: 'sub',
  [F.FUNC_MUL_FLOAT]: 'mul',
  [F.FUNC_DIV_FLOAT]: 'div',
  [F.FUNC_GT_FLOAT]: 'gt',
  [F.FUNC_LT_FLOAT]: 'lt',
  [F.FUNC_EGT_FLOAT]: 'ge',
  [F.FUNC_ELT_FLOAT]: 'le',
  [F.FUNC_EQUAL_FLOAT]: 'eq',
  [F.FUNC_NEQ_FLOAT]: 'ne',
};

const TYPED_OPS: Record<number, TypedBinaryOp> = {
  [F.FUNC_ADD_TYPED]: 'add',
  [F.FUNC_SUB_TYPED]: 'sub',
  [F.FUNC_MUL_TYPED]: 'mul',
  [F.FUNC_DIV_TYPED]: 'div',
  [F.FUNC_MOD_TYPED]: 'mod',
  [F.FUNC_BITWISE_AND_TYPED]: 'and',
  [F.FUNC_BITWISE_OR_TYPED]: 'or',
  [F.FUNC_BITWISE_XOR_TYPED]: 'xor',
  [F.FUNC_SHIFT_LEFT_TYPED]: 'shl',
  [F.FUNC_SHIFT_RIGHT_TYPED]: 'shr',
  [F.FUNC_GT_TYPED]: 'gt',
  [F.FUNC_LT_TYPED]: 'lt',
  [F.FUNC_EGT_TYPED]: 'ge',
  [F.FUNC_ELT_TYPED]: 'le',
  [F.FUNC_EQUAL_TYPED]: 'eq',
  [F.FUNC_NEQ_TYPED]: 'ne',
};

/**
 * Executes `code` (wire bytes, records that are encoded first, or a buffer decoded once by
 * `new PreparedScript(bytes)`). Never throws: a malformed buffer ends the run with `ok: false`,
 * and the instruction budget bounds every run.
 */
export function evaluateScript(
  code: Uint8Array | ScriptSymbol[] | PreparedScript,
  host: ScriptHost,
  state: ScriptGlobalState = createGlobalState(),
  options: EvalOptions = {},
): EvalResult {
  if (code instanceof PreparedScript) return new ScriptRun(code.program, host, state, options).run();
  let bytes: Uint8Array;
  try {
    bytes = code instanceof Uint8Array ? code : encodeSymbols(code);
  } catch (error) {
    return { ok: false, error: `cannot encode the symbols: ${String(error)}`, instructions: 0 };
  }
  return new ScriptRun(loadProgram(bytes), host, state, options).run();
}

/**
 * Stacks of finished runs, zeroed again when taken: a simulated debuggee runs a script per event
 * hit, and a fresh stack buffer each time was a large share of its garbage.
 */
const spareStacks: BigUint64Array[] = [];
const MAX_SPARE_STACKS = 4;

class ScriptRun {
  private readonly stack = spareStacks.pop()?.fill(0n) ?? new BigUint64Array(MAX_STACK_BUFFER_COUNT);
  private readonly globals: BigUint64Array;
  private readonly memory: ScriptMemory;
  private stackIndex = 0;
  private stackBase = 0;
  private returnValue = 0n;
  private formatsValue: bigint | undefined;
  private testStatementValue: bigint | undefined;
  private readonly maxInstructions: number;

  constructor(
    private readonly program: LoadedProgram,
    private readonly host: ScriptHost,
    state: ScriptGlobalState,
    private readonly options: EvalOptions,
  ) {
    this.globals = state.globals;
    this.memory = new ScriptMemory(host, this.stack, this.globals, program.bytes);
    this.maxInstructions = options.maxInstructions ?? MAX_EXECUTION_COUNT;
  }

  /** Runs the program once; the run's stack is given back afterwards. */
  run(): EvalResult {
    try {
      return this.execute();
    } finally {
      if (spareStacks.length < MAX_SPARE_STACKS) spareStacks.push(this.stack);
    }
  }

  private execute(): EvalResult {
    const slots = this.program.slots;
    let index = 0;
    let executed = 0;
    let operatorSlot = 0;
    try {
      while (index < slots) {
        operatorSlot = index;
        index = this.step(index);
        executed++;
        if (this.stackIndex >= MAX_STACK_BUFFER_COUNT) {
          return this.stop(executed, log.STACK_OVERFLOW_TEXT, log.STACK_OVERFLOW_LINE);
        }
        if (executed - 1 >= this.maxInstructions) {
          return this.stop(executed, log.MAX_EXECUTION_TEXT, log.MAX_EXECUTION_LINE);
        }
      }
    } catch (error) {
      executed++;
      if (error instanceof HostStop) return this.finish(false, executed, error.reason);
      const name = this.operatorName(operatorSlot);
      const detail = error instanceof OperatorFault ? error.detail : `internal error: ${String(error)}`;
      const text = log.executeErrorText(name);
      this.emit(log.executeErrorLine(name));
      return this.finish(false, executed, detail ? `${text} (${detail})` : text);
    }
    return this.finish(true, executed);
  }

  private operatorName(slot: number): string {
    const value = this.program.valueNumber[slot] ?? 0;
    return FUNC_NAMES[value] ?? `FUNC_${value}`;
  }

  private stop(executed: number, text: string, line: string): EvalResult {
    this.emit(line);
    return this.finish(false, executed, text);
  }

  private finish(ok: boolean, instructions: number, error?: string): EvalResult {
    const result: EvalResult = { ok, instructions };
    if (error !== undefined) result.error = error;
    if (this.formatsValue !== undefined) result.formatsValue = this.formatsValue;
    if (this.testStatementValue !== undefined) result.testStatementValue = this.testStatementValue;
    return result;
  }

  private emit(text: string): void {
    try {
      this.host.output(text);
    } catch {
      // A failing sink must not change the script's outcome.
    }
  }

  // ---------------------------------------------------------------- operands

  /** Index of the next `count` operand slots, or a fault when the buffer ends first. */
  private operands(index: number, count: number): void {
    if (index + count > this.program.slots) throw FAULT;
  }

  private stackSlot(offset: number): number {
    const slot = this.stackBase + offset;
    if (!(slot >= 0 && slot < MAX_STACK_BUFFER_COUNT) || !Number.isInteger(slot)) throw FAULT;
    return slot;
  }

  /** GetValue(..., ReturnReference = FALSE). `kind` is the symbol's full Type. */
  private valueOf(slot: number, kind = this.program.kind[slot]!): bigint {
    const p = this.program;
    switch (kind) {
      case 7 /* SYMBOL_TEMP_TYPE */:
        return this.stack[this.stackSlot(p.valueNumber[slot]!)]!;
      case 3 /* SYMBOL_NUM_TYPE */:
        return p.value[slot]!;
      case 1 /* SYMBOL_GLOBAL_ID_TYPE */:
        return this.globals[this.globalSlot(slot)]!;
      case 4 /* SYMBOL_REGISTER_TYPE */:
        return BigInt.asUintN(64, this.host.readRegister(p.valueNumber[slot]!));
      case 5 /* SYMBOL_PSEUDO_REG_TYPE */:
        return this.pseudoRegister(p.valueNumber[slot]!);
      case 15 /* SYMBOL_STACK_INDEX_TYPE */:
        return BigInt(this.stackIndex);
      case 16 /* SYMBOL_STACK_BASE_INDEX_TYPE */:
        return BigInt(this.stackBase);
      case 17 /* SYMBOL_RETURN_VALUE_TYPE */:
        return this.returnValue;
      case 19 /* SYMBOL_REFERENCE_TEMP_TYPE */:
        return this.stackAddress(this.stackBase + p.valueNumber[slot]!);
      case 21 /* SYMBOL_DEREFERENCE_TEMP_TYPE */:
        return this.readPointer(this.stack[this.stackSlot(p.valueNumber[slot]!)]!);
      case 12 /* SYMBOL_FUNCTION_PARAMETER_ID_TYPE */:
        return this.stack[this.stackSlot(-3 - p.valueNumber[slot]!)]!;
      default:
        return 0n;
    }
  }

  /** GetValue(..., ReturnReference = TRUE): the address of the operand's storage. */
  private referenceOf(slot: number): bigint {
    const p = this.program;
    switch (p.kind[slot]) {
      case 1 /* SYMBOL_GLOBAL_ID_TYPE */:
        return GLOBAL_REGION_BASE + 8n * p.value[slot]!;
      case 3 /* SYMBOL_NUM_TYPE */:
        return CODE_REGION_BASE + BigInt(slot * SLOT_BYTES + SIZE_SYMBOL_WITHOUT_LEN);
      case 7 /* SYMBOL_TEMP_TYPE */:
      case 19 /* SYMBOL_REFERENCE_TEMP_TYPE */:
        return this.stackAddress(this.stackBase + p.valueNumber[slot]!);
      case 21 /* SYMBOL_DEREFERENCE_TEMP_TYPE */:
        return this.valueOf(slot);
      case 12 /* SYMBOL_FUNCTION_PARAMETER_ID_TYPE */:
        return this.stackAddress(this.stackBase - 3 - p.valueNumber[slot]!);
      default:
        // Registers and pseudo-registers have no address (the engine returns NULL); the engine's
        // own index registers are not exposed as memory here.
        return 0n;
    }
  }

  /** SetValue: stores wrap to 64 bits (typed-array stores do it themselves). */
  private assign(slot: number, value: bigint): void {
    const p = this.program;
    switch (p.kind[slot]) {
      case 7 /* SYMBOL_TEMP_TYPE */:
        this.stack[this.stackSlot(p.valueNumber[slot]!)] = value;
        return;
      case 1 /* SYMBOL_GLOBAL_ID_TYPE */:
        this.globals[this.globalSlot(slot)] = value;
        return;
      case 4 /* SYMBOL_REGISTER_TYPE */:
        this.host.writeRegister(p.valueNumber[slot]!, BigInt.asUintN(64, value));
        return;
      case 15 /* SYMBOL_STACK_INDEX_TYPE */:
        this.stackIndex = Number(BigInt.asUintN(64, value));
        return;
      case 16 /* SYMBOL_STACK_BASE_INDEX_TYPE */:
        this.stackBase = Number(BigInt.asUintN(64, value));
        return;
      case 17 /* SYMBOL_RETURN_VALUE_TYPE */:
        this.returnValue = BigInt.asUintN(64, value);
        return;
      case 21 /* SYMBOL_DEREFERENCE_TEMP_TYPE */: {
        const pointer = this.stack[this.stackSlot(p.valueNumber[slot]!)]!;
        if (!this.memory.write(pointer, toLittleEndian(value, 8)))
          throw new OperatorFault(`write to unmapped 0x${pointer.toString(16)}`);
        return;
      }
      case 12 /* SYMBOL_FUNCTION_PARAMETER_ID_TYPE */:
        this.stack[this.stackSlot(-3 - p.valueNumber[slot]!)] = value;
        return;
      default:
        return;
    }
  }

  private globalSlot(slot: number): number {
    const index = this.program.valueNumber[slot]!;
    if (!(index < MAX_VAR_COUNT)) throw FAULT;
    return index;
  }

  private stackAddress(slotIndex: number): bigint {
    return BigInt.asUintN(64, STACK_REGION_BASE + 8n * BigInt(Math.trunc(slotIndex)));
  }

  private pseudoRegister(id: number): bigint {
    if (!(id >= 0 && id <= 15)) return INVALID;
    return BigInt.asUintN(64, this.host.readPseudoRegister(id));
  }

  private readPointer(address: bigint): bigint {
    const value = this.memory.readUnsigned(address, 8);
    if (value === undefined) throw new OperatorFault(`read of unmapped 0x${address.toString(16)}`);
    return value;
  }

  /** Operand that may be an inline STRING / WSTRING record: its text address, skipping its slots. */
  private stringOperand(slot: number, stringKind: number): { value: bigint; next: number } {
    const p = this.program;
    if (p.kind[slot] === stringKind) {
      const skip = Math.floor((SIZE_SYMBOL_WITHOUT_LEN + p.len[slot]!) / SLOT_BYTES);
      return {
        value: CODE_REGION_BASE + BigInt(slot * SLOT_BYTES + SIZE_SYMBOL_WITHOUT_LEN),
        next: slot + 1 + skip,
      };
    }
    return { value: this.valueOf(slot), next: slot + 1 };
  }

  // ------------------------------------------------------- value-kind checks

  private inStack(slot: number): boolean {
    return (
      this.stackBase < MAX_STACK_BUFFER_COUNT &&
      this.program.valueNumber[slot]! < MAX_STACK_BUFFER_COUNT - this.stackBase
    );
  }

  private floatReadable(slot: number): boolean {
    const p = this.program;
    const len = p.len[slot];
    if (len !== VALUE_KIND_F32 && len !== VALUE_KIND_F64) return false;
    return (
      p.lowKind[slot] === S.SYMBOL_NUM_TYPE || (p.lowKind[slot] === S.SYMBOL_TEMP_TYPE && this.inStack(slot))
    );
  }

  private floatWritable(slot: number): boolean {
    const p = this.program;
    const len = p.len[slot];
    return (
      (len === VALUE_KIND_F32 || len === VALUE_KIND_F64) &&
      p.lowKind[slot] === S.SYMBOL_TEMP_TYPE &&
      this.inStack(slot)
    );
  }

  private integerWritable(slot: number): boolean {
    const p = this.program;
    return p.len[slot] === VALUE_KIND_INTEGER && p.lowKind[slot] === S.SYMBOL_TEMP_TYPE && this.inStack(slot);
  }

  // ------------------------------------------------------------ interpreter

  /** Executes the instruction at `index`; returns the index of the next one. */
  private step(index: number): number {
    const p = this.program;
    const op = p.valueNumber[index]!;
    // Case labels are numeric literals (with their FUNC_* names) so V8 can dispatch through a
    // jump table instead of comparing the opcode against every case in turn.
    const i = index + 1;
    switch (op) {
      case 9 /* FUNC_ADD */:
      case 10 /* FUNC_SUB */:
      case 11 /* FUNC_MUL */:
      case 12 /* FUNC_DIV */:
      case 13 /* FUNC_MOD */:
      case 4 /* FUNC_OR */:
      case 5 /* FUNC_XOR */:
      case 6 /* FUNC_AND */:
      case 7 /* FUNC_ASR */:
      case 8 /* FUNC_ASL */:
      case 14 /* FUNC_GT */:
      case 15 /* FUNC_LT */:
      case 16 /* FUNC_EGT */:
      case 17 /* FUNC_ELT */:
      case 18 /* FUNC_EQUAL */:
      case 19 /* FUNC_NEQ */: {
        this.operands(i, 3);
        const right = this.valueOf(i);
        const left = this.valueOf(i + 1);
        this.assign(i + 2, integerBinary(op, left, right));
        return i + 3;
      }
      case 23 /* FUNC_MOV */:
        this.operands(i, 2);
        this.assign(i + 1, this.valueOf(i));
        return i + 2;
      case 21 /* FUNC_JZ */:
      case 22 /* FUNC_JNZ */: {
        this.operands(i, 2);
        const target = this.valueOf(i);
        const condition = this.valueOf(i + 1);
        if ((condition === 0n) === (op === F.FUNC_JZ)) return jumpTarget(target);
        return i + 2;
      }
      case 20 /* FUNC_JMP */:
        this.operands(i, 1);
        return jumpTarget(this.valueOf(i));
      case 1 /* FUNC_INC */:
      case 2 /* FUNC_DEC */:
        this.operands(i, 1);
        this.assign(i, this.valueOf(i) + (op === F.FUNC_INC ? 1n : ALL_ONES));
        return i + 1;
      case 68 /* FUNC_NEG */:
      case 71 /* FUNC_NOT */:
        this.operands(i, 2);
        this.assign(i + 1, op === F.FUNC_NEG ? -this.valueOf(i) : ~this.valueOf(i));
        return i + 2;
      case 3 /* FUNC_REFERENCE */:
        this.operands(i, 2);
        this.assign(i + 1, this.referenceOf(i));
        return i + 2;
      case 32 /* FUNC_PUSH */: {
        this.operands(i, 1);
        const value = this.valueOf(i);
        this.push(value);
        return i + 1;
      }
      case 33 /* FUNC_POP */:
        this.operands(i, 1);
        this.assign(i, this.pop());
        return i + 1;
      case 34 /* FUNC_CALL */: {
        this.operands(i, 1);
        const target = this.valueOf(i);
        this.push(BigInt(i + 1));
        return jumpTarget(target);
      }
      case 35 /* FUNC_RET */:
        return jumpTarget(this.pop());

      case 63 /* FUNC_POI */:
      case 67 /* FUNC_DQ */:
      case 65 /* FUNC_DD */:
      case 66 /* FUNC_DW */:
      case 64 /* FUNC_DB */:
      case 69 /* FUNC_HI */:
      case 70 /* FUNC_LOW */: {
        this.operands(i, 2);
        const address = this.valueOf(i);
        const size = op === F.FUNC_DD ? 4 : op === F.FUNC_DW ? 2 : op === F.FUNC_DB ? 1 : 8;
        // dq checks only 4 bytes (sizeof(DWORD)) before its 8-byte read; unreadable bytes of
        // that read come back as zero.
        const bytes = this.memory.readChecked(address, size, op === F.FUNC_DQ ? 4 : size);
        if (!bytes) throw new OperatorFault(`0x${address.toString(16)} is not mapped`);
        const value = littleEndian(bytes);
        this.assign(i + 1, wordOf(op, value));
        return i + 2;
      }
      case 80 /* FUNC_POI_PA */:
      case 86 /* FUNC_DQ_PA */:
      case 84 /* FUNC_DD_PA */:
      case 85 /* FUNC_DW_PA */:
      case 83 /* FUNC_DB_PA */:
      case 81 /* FUNC_HI_PA */:
      case 82 /* FUNC_LOW_PA */: {
        this.operands(i, 2);
        const address = this.valueOf(i);
        const size = op === F.FUNC_DD_PA ? 4 : op === F.FUNC_DW_PA ? 2 : op === F.FUNC_DB_PA ? 1 : 8;
        const bytes = this.memory.readPhysical(address, size);
        if (!bytes) throw new OperatorFault(`physical 0x${address.toString(16)} is not valid`);
        this.assign(i + 1, wordOf(op, littleEndian(bytes.subarray(0, size))));
        return i + 2;
      }
      case 90 /* FUNC_EQ */:
      case 88 /* FUNC_ED */:
      case 89 /* FUNC_EB */: {
        this.operands(i, 3);
        const value = this.valueOf(i);
        const address = this.valueOf(i + 1);
        const size = op === F.FUNC_EQ ? 8 : op === F.FUNC_ED ? 4 : 1;
        // An invalid address is not an error: the function returns FALSE to the script.
        const ok = this.memory.isValid(address, size) && this.memory.writeUnsigned(address, value, size);
        this.assign(i + 2, ok ? 1n : 0n);
        return i + 3;
      }
      case 95 /* FUNC_EQ_PA */:
      case 94 /* FUNC_ED_PA */:
      case 93 /* FUNC_EB_PA */: {
        this.operands(i, 3);
        const value = this.valueOf(i);
        const address = this.valueOf(i + 1);
        const size = op === F.FUNC_EQ_PA ? 8 : op === F.FUNC_ED_PA ? 4 : 1;
        const ok = this.memory.writePhysical(address, toLittleEndian(value, size));
        this.assign(i + 2, ok ? 1n : 0n);
        return i + 3;
      }
      case 72 /* FUNC_CHECK_ADDRESS */:
        this.operands(i, 2);
        this.assign(i + 1, this.memory.isValid(this.valueOf(i), 1) ? 1n : 0n);
        return i + 2;
      case 79 /* FUNC_VIRTUAL_TO_PHYSICAL */:
      case 78 /* FUNC_PHYSICAL_TO_VIRTUAL */: {
        this.operands(i, 2);
        const address = this.valueOf(i);
        const translated =
          op === F.FUNC_VIRTUAL_TO_PHYSICAL
            ? this.host.virtualToPhysical?.(address)
            : this.host.physicalToVirtual?.(address);
        this.assign(i + 1, translated ?? 0n);
        return i + 2;
      }
      case 73 /* FUNC_DISASSEMBLE_LEN */:
      case 75 /* FUNC_DISASSEMBLE_LEN64 */:
      case 74 /* FUNC_DISASSEMBLE_LEN32 */:
        this.operands(i, 2);
        this.assign(
          i + 1,
          this.host.disassembleLength?.(this.valueOf(i), op === F.FUNC_DISASSEMBLE_LEN32) ?? 0n,
        );
        return i + 2;
      case 97 /* FUNC_STRLEN */:
      case 101 /* FUNC_WCSLEN */: {
        this.operands(i, 1);
        const wide = op === F.FUNC_WCSLEN;
        const text = this.stringOperand(i, wide ? S.SYMBOL_WSTRING_TYPE : S.SYMBOL_STRING_TYPE);
        this.operands(text.next, 1);
        this.assign(text.next, BigInt(this.memory.stringLength(text.value, wide ? 2 : 1)));
        return text.next + 1;
      }
      case 98 /* FUNC_STRCMP */:
      case 102 /* FUNC_WCSCMP */: {
        this.operands(i, 1);
        const wide = op === F.FUNC_WCSCMP;
        const stringKind = wide ? S.SYMBOL_WSTRING_TYPE : S.SYMBOL_STRING_TYPE;
        const second = this.stringOperand(i, stringKind);
        this.operands(second.next, 1);
        const first = this.stringOperand(second.next, stringKind);
        this.operands(first.next, 1);
        this.assign(
          first.next,
          this.memory.compare(first.value, second.value, wide ? 2 : 1, undefined, true),
        );
        return first.next + 1;
      }
      case 99 /* FUNC_MEMCMP */:
      case 100 /* FUNC_STRNCMP */:
      case 106 /* FUNC_WCSNCMP */: {
        this.operands(i, 2);
        const count = this.valueOf(i);
        const wide = op === F.FUNC_WCSNCMP;
        const stringKind = wide ? S.SYMBOL_WSTRING_TYPE : S.SYMBOL_STRING_TYPE;
        const second = this.stringOperand(i + 1, stringKind);
        this.operands(second.next, 1);
        const first = this.stringOperand(second.next, stringKind);
        this.operands(first.next, 1);
        const result = this.memory.compare(
          first.value,
          second.value,
          wide ? 2 : 1,
          count,
          op !== F.FUNC_MEMCMP,
        );
        this.assign(first.next, result);
        return first.next + 1;
      }
      case 104 /* FUNC_MEMCPY */: {
        this.operands(i, 3);
        const count = this.valueOf(i);
        const source = this.valueOf(i + 1);
        const destination = this.valueOf(i + 2);
        if (count === 0n || count > 0xffff_ffffn)
          throw new OperatorFault('memcpy size must be 1..0xffffffff');
        this.copyVirtual(destination, source, Number(count));
        return i + 3;
      }
      case 105 /* FUNC_MEMCPY_PA */: {
        this.operands(i, 3);
        const count = Number(this.valueOf(i) & 0xffff_ffffn);
        const source = this.valueOf(i + 1);
        const destination = this.valueOf(i + 2);
        this.copyPhysical(destination, source, count);
        return i + 3;
      }
      case 76 /* FUNC_INTERLOCKED_INCREMENT */:
      case 77 /* FUNC_INTERLOCKED_DECREMENT */: {
        this.operands(i, 2);
        const address = this.valueOf(i);
        const updated = BigInt.asUintN(
          64,
          this.readLocked(address) + (op === F.FUNC_INTERLOCKED_INCREMENT ? 1n : ALL_ONES),
        );
        this.memory.writeUnsigned(address, updated, 8);
        this.assign(i + 1, updated);
        return i + 2;
      }
      case 91 /* FUNC_INTERLOCKED_EXCHANGE */:
      case 92 /* FUNC_INTERLOCKED_EXCHANGE_ADD */: {
        this.operands(i, 3);
        const value = this.valueOf(i);
        const address = this.valueOf(i + 1);
        const previous = this.readLocked(address);
        this.memory.writeUnsigned(address, op === F.FUNC_INTERLOCKED_EXCHANGE ? value : previous + value, 8);
        this.assign(i + 2, previous);
        return i + 3;
      }
      case 96 /* FUNC_INTERLOCKED_COMPARE_EXCHANGE */: {
        this.operands(i, 4);
        const comparand = this.valueOf(i);
        const exchange = this.valueOf(i + 1);
        const address = this.valueOf(i + 2);
        const previous = this.readLocked(address);
        if (previous === comparand) this.memory.writeUnsigned(address, exchange, 8);
        this.assign(i + 3, previous);
        return i + 4;
      }
      case 42 /* FUNC_SPINLOCK_LOCK */:
      case 43 /* FUNC_SPINLOCK_UNLOCK */: {
        this.operands(i, 1);
        const address = this.valueOf(i);
        if (!this.memory.isValid(address, 4))
          throw new OperatorFault(`lock 0x${address.toString(16)} is not mapped`);
        if (op === F.FUNC_SPINLOCK_UNLOCK) {
          this.memory.writeUnsigned(address, 0n, 4);
        } else if (!this.tryLock(address)) {
          throw new HostStop(
            `spinlock_lock(0x${address.toString(16)}): the lock is held and no other core runs in this evaluation, ` +
              'so HyperDbg would spin here forever',
          );
        }
        return i + 1;
      }
      case 61 /* FUNC_SPINLOCK_LOCK_CUSTOM_WAIT */: {
        this.operands(i, 2);
        const address = this.valueOf(i + 1);
        if (!this.memory.isValid(address, 4))
          throw new OperatorFault(`lock 0x${address.toString(16)} is not mapped`);
        // With no other core to release it, a held lock stays held for every retry: give up.
        this.tryLock(address);
        return i + 2;
      }

      case 36 /* FUNC_PRINT */: {
        this.operands(i, 1);
        this.emit(`${this.valueOf(i).toString(16)}\n`);
        return i + 1;
      }
      case 37 /* FUNC_FORMATS */: {
        this.operands(i, 1);
        const value = this.valueOf(i);
        this.formatsValue = value;
        if (this.host.formats) this.host.formats(value);
        else this.emit(`${value.toString(16)}\n`);
        return i + 1;
      }
      case 41 /* FUNC_TEST_STATEMENT */: {
        this.operands(i, 1);
        const value = this.valueOf(i);
        this.testStatementValue = value;
        this.host.testStatement?.(value);
        return i + 1;
      }
      case 46 /* FUNC_PRINTF */:
        return this.printf(i);

      case 38 /* FUNC_EVENT_ENABLE */:
      case 39 /* FUNC_EVENT_DISABLE */:
      case 40 /* FUNC_EVENT_CLEAR */: {
        this.operands(i, 1);
        const id = this.valueOf(i);
        const tag = BigInt.asUintN(64, id + EVENT_TAG_START_SEED);
        const kind =
          op === F.FUNC_EVENT_ENABLE ? 'enable' : op === F.FUNC_EVENT_DISABLE ? 'disable' : 'clear';
        const handler =
          kind === 'enable'
            ? this.host.eventEnable
            : kind === 'disable'
              ? this.host.eventDisable
              : this.host.eventClear;
        if (!(handler?.call(this.host, tag) ?? false)) this.emit(log.invalidTagLine(kind, id));
        return i + 1;
      }
      case 44 /* FUNC_EVENT_SC */: {
        // The engine also steps over a destination slot the compiler never emits (event_sc has one
        // operand on the wire): at the end of a script that read lands past the buffer and the
        // run ends; mid-script it swallows the next slot, exactly as here.
        this.operands(i, 1);
        const state = this.valueOf(i);
        if (this.options.postEventStage) this.emit(log.EVENT_SC_POST_STAGE_LINE);
        else this.host.eventShortCircuit?.(state !== 0n);
        return i + 2;
      }
      case 62 /* FUNC_EVENT_INJECT */: {
        this.operands(i, 2);
        const vector = Number(this.valueOf(i) & 0xffff_ffffn);
        const type = Number(this.valueOf(i + 1) & 0xffff_ffffn);
        if (vector >= 256 || type >= 8) this.emit(log.invalidInjectionLine(false));
        else this.host.eventInject?.(type, vector);
        return i + 2;
      }
      case 103 /* FUNC_EVENT_INJECT_ERROR_CODE */: {
        // Three operands on the wire; the engine steps over a fourth (see FUNC_EVENT_SC).
        this.operands(i, 3);
        const errorCode = Number(this.valueOf(i) & 0xffff_ffffn);
        const vector = Number(this.valueOf(i + 1) & 0xffff_ffffn);
        const type = Number(this.valueOf(i + 2) & 0xffff_ffffn);
        if (vector >= 256 || type >= 8) this.emit(log.invalidInjectionLine(true));
        else this.host.eventInject?.(type, vector, errorCode);
        return i + 4;
      }
      case 47 /* FUNC_PAUSE */:
        if (!(this.host.pause?.() ?? false)) this.emit(log.PAUSE_REFUSED_LINE);
        return i;
      case 48 /* FUNC_FLUSH */:
        this.host.flush?.();
        return i;
      case 49 /* FUNC_EVENT_TRACE_STEP */:
      case 50 /* FUNC_EVENT_TRACE_STEP_IN */:
        this.host.traceStep?.('step-in');
        return i;
      case 52 /* FUNC_EVENT_TRACE_INSTRUMENTATION_STEP */:
      case 53 /* FUNC_EVENT_TRACE_INSTRUMENTATION_STEP_IN */:
        this.host.traceStep?.('instrumentation-step');
        return i;
      case 45 /* FUNC_MICROSLEEP */:
        this.operands(i, 1);
        this.host.microSleep?.(this.valueOf(i));
        return i + 1;
      case 54 /* FUNC_RDTSC */:
      case 55 /* FUNC_RDTSCP */:
        this.operands(i, 1);
        this.assign(i, (op === F.FUNC_RDTSC ? this.host.rdtsc?.() : this.host.rdtscp?.()) ?? 0n);
        return i + 1;
      case 56 /* FUNC_LBR_SAVE */:
      case 58 /* FUNC_LBR_PRINT */:
      case 57 /* FUNC_LBR_DUMP */:
      case 59 /* FUNC_LBR_RESTORE */:
      case 60 /* FUNC_LBR_CHECK */: {
        this.operands(i, 1);
        const operation =
          op === F.FUNC_LBR_SAVE
            ? 'save'
            : op === F.FUNC_LBR_RESTORE
              ? 'restore'
              : op === F.FUNC_LBR_CHECK
                ? 'check'
                : 'print';
        this.assign(i, this.host.lbr?.(operation) ?? 0n);
        return i + 1;
      }
      case 87 /* FUNC_LBR_RESTORE_BY_FILTER */: {
        this.operands(i, 2);
        const filter = this.valueOf(i);
        this.assign(i + 1, this.host.lbr?.('restore-by-filter', filter) ?? 0n);
        return i + 2;
      }

      case 116 /* FUNC_TYPED_LOAD */: {
        this.operands(i, 4);
        const address = this.valueOf(i);
        const space = this.valueOf(i + 1);
        const size = this.valueOf(i + 2);
        const bytes = isAccessSize(size) ? this.transferRead(address, space, Number(size)) : undefined;
        if (!bytes)
          throw new OperatorFault(`typed load of ${size} bytes at 0x${address.toString(16)} failed`);
        this.assign(i + 3, littleEndian(bytes));
        return i + 4;
      }
      case 117 /* FUNC_TYPED_STORE */: {
        this.operands(i, 4);
        const value = this.valueOf(i);
        const address = this.valueOf(i + 1);
        const space = this.valueOf(i + 2);
        const size = this.valueOf(i + 3);
        if (!isAccessSize(size) || !this.transferWrite(address, space, toLittleEndian(value, Number(size)))) {
          throw new OperatorFault(`typed store of ${size} bytes at 0x${address.toString(16)} failed`);
        }
        return i + 4;
      }
      case 119 /* FUNC_AGGREGATE_ZERO */: {
        this.operands(i, 3);
        const address = this.valueOf(i);
        const space = this.valueOf(i + 1);
        const size = this.valueOf(i + 2);
        this.aggregateZero(address, space, size);
        return i + 3;
      }
      case 118 /* FUNC_AGGREGATE_COPY */: {
        this.operands(i, 5);
        const destination = this.valueOf(i);
        const destinationSpace = this.valueOf(i + 1);
        const source = this.valueOf(i + 2);
        const sourceSpace = this.valueOf(i + 3);
        const size = this.valueOf(i + 4);
        this.aggregateCopy(destination, destinationSpace, source, sourceSpace, size);
        return i + 5;
      }

      case 129 /* FUNC_MOV_FLOAT */:
      case 130 /* FUNC_NEG_FLOAT */: {
        this.operands(i, 2);
        const source = i;
        const destination = i + 1;
        if (
          !this.floatReadable(source) ||
          !this.floatWritable(destination) ||
          p.len[source] !== p.len[destination]
        )
          throw FAULT;
        const value = this.valueOf(source);
        const f32 = p.len[source] === VALUE_KIND_F32;
        const result = op === F.FUNC_NEG_FLOAT ? value ^ (f32 ? 0x8000_0000n : SIGN_BIT) : value;
        this.assign(destination, f32 ? result & 0xffff_ffffn : result);
        return i + 2;
      }
      case 141 /* FUNC_CONVERT_FLOAT */: {
        this.operands(i, 2);
        const source = i;
        const destination = i + 1;
        if (
          !this.floatReadable(source) ||
          !this.floatWritable(destination) ||
          p.len[source] === p.len[destination]
        )
          throw FAULT;
        const decoded = decodeFloat(p.len[source]!, this.valueOf(source));
        const bits = decoded === undefined ? undefined : encodeFloat(p.len[destination]!, decoded);
        if (bits === undefined) throw new OperatorFault('float conversion out of range');
        this.assign(destination, bits);
        return i + 2;
      }
      case 131 /* FUNC_ADD_FLOAT */:
      case 132 /* FUNC_SUB_FLOAT */:
      case 133 /* FUNC_MUL_FLOAT */:
      case 134 /* FUNC_DIV_FLOAT */:
      case 135 /* FUNC_GT_FLOAT */:
      case 136 /* FUNC_LT_FLOAT */:
      case 137 /* FUNC_EGT_FLOAT */:
      case 138 /* FUNC_ELT_FLOAT */:
      case 139 /* FUNC_EQUAL_FLOAT */:
      case 140 /* FUNC_NEQ_FLOAT */: {
        this.operands(i, 3);
        const right = i;
        const left = i + 1;
        const destination = i + 2;
        const operation = FLOAT_OPS[op]!;
        const comparison = op >= F.FUNC_GT_FLOAT;
        const expectedKind =
          p.len[right] === VALUE_KIND_F64 || p.len[left] === VALUE_KIND_F64 ? VALUE_KIND_F64 : VALUE_KIND_F32;
        const destinationOk = comparison
          ? this.integerWritable(destination)
          : this.floatWritable(destination) && p.len[destination] === expectedKind;
        if (!this.floatReadable(right) || !this.floatReadable(left) || !destinationOk) throw FAULT;
        const rightBits = this.valueOf(right);
        const leftBits = this.valueOf(left);
        const result = floatBinary(
          operation,
          p.len[left]!,
          leftBits,
          p.len[right]!,
          rightBits,
          comparison ? VALUE_KIND_INTEGER : p.len[destination]!,
        );
        if (result === undefined)
          throw new OperatorFault(
            'float operation failed (overflow, division by zero, or NaN/infinity operand)',
          );
        this.assign(destination, result);
        return i + 3;
      }
      case 142 /* FUNC_CAST_SCALAR */: {
        this.operands(i, 4);
        const source = i;
        const destination = i + 1;
        const from = this.valueOf(i + 2);
        const to = this.valueOf(i + 3);
        const sourceOk = isFloatType(from)
          ? this.floatReadable(source)
          : p.len[source] === VALUE_KIND_INTEGER;
        const destinationOk = isFloatType(to)
          ? this.floatWritable(destination)
          : this.integerWritable(destination);
        if (!sourceOk || !destinationOk) throw FAULT;
        const result = castScalar(this.valueOf(source), from, to);
        if (result === undefined) throw new OperatorFault('cast failed');
        this.assign(destination, result);
        return i + 4;
      }
      case 143 /* FUNC_ADD_TYPED */:
      case 144 /* FUNC_SUB_TYPED */:
      case 145 /* FUNC_MUL_TYPED */:
      case 146 /* FUNC_DIV_TYPED */:
      case 147 /* FUNC_MOD_TYPED */:
      case 148 /* FUNC_BITWISE_AND_TYPED */:
      case 149 /* FUNC_BITWISE_OR_TYPED */:
      case 150 /* FUNC_BITWISE_XOR_TYPED */:
      case 151 /* FUNC_SHIFT_LEFT_TYPED */:
      case 152 /* FUNC_SHIFT_RIGHT_TYPED */:
      case 153 /* FUNC_GT_TYPED */:
      case 154 /* FUNC_LT_TYPED */:
      case 155 /* FUNC_EGT_TYPED */:
      case 156 /* FUNC_ELT_TYPED */:
      case 157 /* FUNC_EQUAL_TYPED */:
      case 158 /* FUNC_NEQ_TYPED */: {
        this.operands(i, 4);
        const right = i;
        const left = i + 1;
        const destination = i + 2;
        const type = this.valueOf(i + 3);
        if (
          p.len[right] !== VALUE_KIND_INTEGER ||
          p.len[left] !== VALUE_KIND_INTEGER ||
          !this.integerWritable(destination)
        )
          throw FAULT;
        const rightValue = this.valueOf(right);
        const leftValue = this.valueOf(left);
        const result = typedBinary(TYPED_OPS[op]!, leftValue, rightValue, type);
        if (result === undefined) throw new OperatorFault('typed operation is undefined for these operands');
        this.assign(destination, result);
        return i + 4;
      }
      case 159 /* FUNC_NEG_TYPED */:
      case 160 /* FUNC_BITWISE_NOT_TYPED */:
      case 161 /* FUNC_LOGICAL_NOT_TYPED */: {
        this.operands(i, 3);
        const source = i;
        const destination = i + 1;
        const type = this.valueOf(i + 2);
        const pointerType = type === 12n;
        const typeOk =
          isIntegerType(type) || pointerType || (op === F.FUNC_LOGICAL_NOT_TYPED && isFloatType(type));
        const sourceOk = isFloatType(type)
          ? this.floatReadable(source)
          : p.len[source] === VALUE_KIND_INTEGER;
        if (!typeOk || !sourceOk || !this.integerWritable(destination)) throw FAULT;
        const value = this.valueOf(source);
        let result: bigint;
        if (op === F.FUNC_LOGICAL_NOT_TYPED) {
          const magnitude = type === 10n ? value & 0x7fff_ffffn : type === 11n ? value & ~SIGN_BIT : value;
          result = magnitude === 0n ? 1n : 0n;
        } else {
          result = normalizeInteger(op === F.FUNC_NEG_TYPED ? -value : ~value, type);
        }
        this.assign(destination, result);
        return i + 3;
      }
      case 162 /* FUNC_POINTER_DIFF */: {
        this.operands(i, 4);
        const right = i;
        const left = i + 1;
        const destination = i + 2;
        const elementSize = this.valueOf(i + 3);
        if (
          elementSize === 0n ||
          p.len[right] !== VALUE_KIND_INTEGER ||
          p.len[left] !== VALUE_KIND_INTEGER ||
          !this.integerWritable(destination)
        ) {
          throw FAULT;
        }
        const rightValue = this.valueOf(right);
        const leftValue = this.valueOf(left);
        const negative = leftValue < rightValue;
        const magnitude = negative ? rightValue - leftValue : leftValue - rightValue;
        if (magnitude % elementSize !== 0n)
          throw new OperatorFault('pointer difference is not a multiple of the element size');
        const elements = magnitude / elementSize;
        if ((!negative && elements > SIGN_BIT - 1n) || (negative && elements > SIGN_BIT)) throw FAULT;
        this.assign(destination, negative ? -elements : elements);
        return i + 4;
      }
      default:
        // The engine's switch has no default: an unknown operator consumes only itself.
        return i;
    }
  }

  private push(value: bigint): void {
    if (this.stackIndex >= MAX_STACK_BUFFER_COUNT) throw new OperatorFault('stack buffer is full');
    this.stack[this.stackIndex] = value;
    this.stackIndex++;
  }

  private pop(): bigint {
    if (this.stackIndex <= 0 || this.stackIndex > MAX_STACK_BUFFER_COUNT)
      throw new OperatorFault('stack buffer is empty');
    this.stackIndex--;
    return this.stack[this.stackIndex]!;
  }

  private readLocked(address: bigint): bigint {
    if (!this.memory.isValid(address, 8)) throw new OperatorFault(`0x${address.toString(16)} is not mapped`);
    return this.memory.readUnsigned(address, 8) ?? 0n;
  }

  /** SpinlockTryLock: takes a free (zero) LONG by setting bit 0. */
  private tryLock(address: bigint): boolean {
    const current = this.memory.readUnsigned(address, 4) ?? 0n;
    if (current !== 0n) return false;
    this.memory.writeUnsigned(address, 1n, 4);
    return true;
  }

  private copyVirtual(destination: bigint, source: bigint, count: number): void {
    checkBulkSize(count);
    if (this.memory.isStackRange(destination, count) && this.memory.isStackRange(source, count)) {
      const bytes = this.memory.read(source, count);
      if (bytes) this.memory.write(destination, bytes);
      return;
    }
    if (!this.memory.isValid(destination, count) || !this.memory.isValid(source, count)) {
      throw new OperatorFault('memcpy range is not mapped');
    }
    // The debuggee moves the bytes through a 64-byte buffer, front to back.
    for (let done = 0; done < count; done += MOVING_BUFFER_SIZE) {
      const chunk = Math.min(MOVING_BUFFER_SIZE, count - done);
      const bytes = this.memory.read(source + BigInt(done), chunk) ?? new Uint8Array(chunk);
      this.memory.write(destination + BigInt(done), bytes);
    }
  }

  private copyPhysical(destination: bigint, source: bigint, count: number): void {
    checkBulkSize(count);
    if (!this.memory.readPhysical(destination, 1) || !this.memory.readPhysical(source, 1)) {
      throw new OperatorFault('memcpy_pa address is not a valid physical address');
    }
    for (let done = 0; done < count; done += MOVING_BUFFER_SIZE) {
      const chunk = Math.min(MOVING_BUFFER_SIZE, count - done);
      const bytes = this.memory.readPhysical(source + BigInt(done), chunk) ?? new Uint8Array(chunk);
      this.memory.writePhysical(destination + BigInt(done), bytes);
    }
  }

  private transferRead(address: bigint, space: bigint, size: number): Uint8Array | undefined {
    if (space === ADDRESS_SPACE_LOCAL)
      return this.memory.isStackRange(address, size) ? this.memory.read(address, size) : undefined;
    if (space !== ADDRESS_SPACE_REMOTE || !this.memory.isValid(address, size)) return undefined;
    return this.memory.read(address, size);
  }

  private transferWrite(address: bigint, space: bigint, bytes: Uint8Array): boolean {
    if (space === ADDRESS_SPACE_LOCAL)
      return this.memory.isStackRange(address, bytes.length) && this.memory.write(address, bytes);
    if (space !== ADDRESS_SPACE_REMOTE || !this.memory.isValid(address, bytes.length)) return false;
    return this.memory.write(address, bytes);
  }

  private aggregateZero(address: bigint, space: bigint, size: bigint): void {
    checkBulkSize(size);
    for (let done = 0n; done < size;) {
      const chunk = size - done > BigInt(MOVING_BUFFER_SIZE) ? MOVING_BUFFER_SIZE : Number(size - done);
      if (!this.transferWrite(address + done, space, new Uint8Array(chunk)))
        throw new OperatorFault('aggregate zero failed');
      done += BigInt(chunk);
    }
  }

  private aggregateCopy(
    destination: bigint,
    destinationSpace: bigint,
    source: bigint,
    sourceSpace: bigint,
    size: bigint,
  ): void {
    checkBulkSize(size);
    const backward = destinationSpace === sourceSpace && destination > source && destination < source + size;
    for (let done = 0n; done < size;) {
      const chunk = size - done > BigInt(MOVING_BUFFER_SIZE) ? BigInt(MOVING_BUFFER_SIZE) : size - done;
      const offset = backward ? size - done - chunk : done;
      const bytes = this.transferRead(source + offset, sourceSpace, Number(chunk));
      if (!bytes || !this.transferWrite(destination + offset, destinationSpace, bytes))
        throw new OperatorFault('aggregate copy failed');
      done += chunk;
    }
  }

  /** FUNC_PRINTF: STRING format, VARIABLE_COUNT n, then n argument slots. */
  private printf(index: number): number {
    const p = this.program;
    let i = index;
    if (i >= p.slots) throw FAULT;
    const formatSlot = i++;
    const formatLength = p.len[formatSlot]!;
    const textStart = formatSlot * SLOT_BYTES + SIZE_SYMBOL_WITHOUT_LEN;
    const skip = Math.floor((SIZE_SYMBOL_WITHOUT_LEN + formatLength) / SLOT_BYTES);
    if (
      p.lowKind[formatSlot] !== S.SYMBOL_STRING_TYPE ||
      formatLength === 0 ||
      formatLength > (p.slots - i) * SLOT_BYTES ||
      skip >= p.slots - i
    ) {
      throw FAULT;
    }
    const text = p.bytes.subarray(textStart, Math.min(p.bytes.length, textStart + formatLength));
    const terminator = text.indexOf(0);
    if (terminator < 0) throw FAULT;
    i += skip;
    const countSlot = i++;
    const count = p.value[countSlot]!;
    if (p.lowKind[countSlot] !== S.SYMBOL_VARIABLE_COUNT_TYPE || count > BigInt(p.slots - i)) throw FAULT;
    const first = i;
    i += Number(count);
    const args: PrintfArgument[] = [];
    for (let slot = first; slot < i; slot++) {
      const base = p.lowKind[slot];
      const isString = base === S.SYMBOL_STRING_TYPE || base === S.SYMBOL_WSTRING_TYPE;
      if (!isString && p.len[slot] !== VALUE_KIND_INTEGER && !this.floatReadable(slot)) throw FAULT;
    }
    for (let slot = first; slot < i; slot++) {
      const base = p.lowKind[slot]!;
      const isString = base === S.SYMBOL_STRING_TYPE || base === S.SYMBOL_WSTRING_TYPE;
      const len = p.len[slot]!;
      args.push({
        percentOffsetMinusOne: p.high[slot]!,
        // The engine reads each argument through a copy whose Type keeps only its low 31 bits.
        value: this.valueOf(slot, base & 0x7fff_ffff),
        floatKind: !isString && (len === VALUE_KIND_F32 || len === VALUE_KIND_F64) ? len : 0,
      });
    }
    const message = formatPrintf(text.subarray(0, terminator), args, this.memory);
    if (message === undefined) throw new OperatorFault('printf could not format its arguments');
    this.emit(message);
    return i;
  }
}

function jumpTarget(target: bigint): number {
  // Any target at or past the end ends the run normally, like the engine's `i < Pointer` loop.
  return target > 0x1f_ffff_ffff_ffffn ? Number.MAX_SAFE_INTEGER : Number(target);
}

function checkBulkSize(size: number | bigint): void {
  if (size > MAX_BULK_BYTES)
    throw new OperatorFault(`copies over ${MAX_BULK_BYTES} bytes are refused by this evaluator`);
}

function isAccessSize(size: bigint): boolean {
  return size === 1n || size === 2n || size === 4n || size === 8n;
}

/** hi / low return HIWORD / LOWORD of the 64-bit value read (bits 16..31 and 0..15). */
function wordOf(op: number, value: bigint): bigint {
  if (op === F.FUNC_HI || op === F.FUNC_HI_PA) return (value >> 16n) & 0xffffn;
  if (op === F.FUNC_LOW || op === F.FUNC_LOW_PA) return value & 0xffffn;
  return value;
}

function integerBinary(op: number, left: bigint, right: bigint): bigint {
  switch (op) {
    case 9 /* FUNC_ADD */:
      return left + right;
    case 10 /* FUNC_SUB */:
      return left - right;
    case 11 /* FUNC_MUL */:
      return left * right;
    case 12 /* FUNC_DIV */:
      if (right === 0n) throw new OperatorFault('division by zero');
      return left / right;
    case 13 /* FUNC_MOD */:
      if (right === 0n) throw new OperatorFault('division by zero');
      return left % right;
    case 4 /* FUNC_OR */:
      return left | right;
    case 5 /* FUNC_XOR */:
      return left ^ right;
    case 6 /* FUNC_AND */:
      return left & right;
    case 7 /* FUNC_ASR */:
      return left >> (right & 63n);
    case 8 /* FUNC_ASL */:
      return BigInt.asUintN(64, left << (right & 63n));
    case 14 /* FUNC_GT */:
      return (left ^ SIGN_BIT) > (right ^ SIGN_BIT) ? 1n : 0n;
    case 15 /* FUNC_LT */:
      return (left ^ SIGN_BIT) < (right ^ SIGN_BIT) ? 1n : 0n;
    case 16 /* FUNC_EGT */:
      return (left ^ SIGN_BIT) >= (right ^ SIGN_BIT) ? 1n : 0n;
    case 17 /* FUNC_ELT */:
      return (left ^ SIGN_BIT) <= (right ^ SIGN_BIT) ? 1n : 0n;
    case 18 /* FUNC_EQUAL */:
      return left === right ? 1n : 0n;
    default:
      return left !== right ? 1n : 0n;
  }
}
