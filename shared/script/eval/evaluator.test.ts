/**
 * Opcode-family tests on hand-assembled buffers: each states the HyperDbg v0.23 behaviour it
 * pins down (script-eval/ScriptEngineEval.c, Functions.c, Keywords.c, hyperkd Debugger.c).
 */
import { describe, expect, it } from 'vitest';
import { ScalarType, ScriptFunc as F, SymbolType as S } from '../generated/tables';
import type { ScriptSymbol } from '../wire';
import {
  createGlobalState,
  createMemoryHost,
  evaluateScript,
  GLOBAL_REGION_BASE,
  STACK_REGION_BASE,
} from './index';
import type { ScriptHost } from './host';

const op = (func: number): ScriptSymbol => ({
  type: S.SYMBOL_SEMANTIC_RULE_TYPE,
  len: 0,
  value: BigInt(func),
});
const num = (value: bigint | number, len = 0): ScriptSymbol => ({
  type: S.SYMBOL_NUM_TYPE,
  len,
  value: BigInt.asUintN(64, BigInt(value)),
});
const temp = (index: number, len = 0): ScriptSymbol => ({
  type: S.SYMBOL_TEMP_TYPE,
  len,
  value: BigInt(index),
});
const reg = (id: number): ScriptSymbol => ({ type: S.SYMBOL_REGISTER_TYPE, len: 0, value: BigInt(id) });
const pseudo = (id: number): ScriptSymbol => ({ type: S.SYMBOL_PSEUDO_REG_TYPE, len: 0, value: BigInt(id) });
const global = (id: number): ScriptSymbol => ({ type: S.SYMBOL_GLOBAL_ID_TYPE, len: 0, value: BigInt(id) });
const str = (text: string, wide = false): ScriptSymbol => {
  const units = [...text].map((c) => c.charCodeAt(0));
  const bytes = wide ? new Uint8Array((units.length + 1) * 2) : new Uint8Array(units.length + 1);
  units.forEach((u, i) => (wide ? (bytes[i * 2] = u) : (bytes[i] = u)));
  return {
    type: wide ? S.SYMBOL_WSTRING_TYPE : S.SYMBOL_STRING_TYPE,
    len: bytes.length,
    value: 0n,
    text: bytes,
  };
};
/** printf argument: Type's high dword = offset of its '%' minus one. */
const arg = (percentOffset: number, symbol: ScriptSymbol): ScriptSymbol => ({
  ...symbol,
  type: (BigInt(BigInt.asUintN(32, BigInt(percentOffset - 1))) << 32n) | BigInt(symbol.type),
});
const printf = (format: string, ...args: [number, ScriptSymbol][]): ScriptSymbol[] => [
  op(F.FUNC_PRINTF),
  str(format),
  { type: S.SYMBOL_VARIABLE_COUNT_TYPE, len: 0, value: BigInt(args.length) },
  ...args.map(([offset, symbol]) => arg(offset, symbol)),
];
const test = (symbol: ScriptSymbol): ScriptSymbol[] => [op(F.FUNC_TEST_STATEMENT), symbol];

const MEMORY = 0x7000_0000n;

function setup(memory = new Uint8Array(0x2000)) {
  const host = createMemoryHost({
    registers: new Map([[0, MEMORY]]),
    pseudoRegisters: new Map([[0, 4n]]),
    regions: [{ address: MEMORY, bytes: memory }],
  });
  return { host, memory };
}

function run(code: ScriptSymbol[], host: ScriptHost = setup().host, options = {}) {
  return evaluateScript(code, host, createGlobalState(), options);
}

function binary(func: number, left: bigint, right: bigint): bigint | undefined {
  const result = run([op(func), num(right), num(left), temp(0), ...test(temp(0))]);
  return result.testStatementValue;
}

const ERROR_PREFIX =
  '[+] Information (DebuggerPerformRunScript:1758) | Err, ScriptEngineExecute, function = ';

describe('integer operators', () => {
  it('wrap at 64 bits and take the second operand as the left side', () => {
    expect(binary(F.FUNC_ADD, 0xffff_ffff_ffff_ffffn, 2n)).toBe(1n);
    expect(binary(F.FUNC_SUB, 1n, 2n)).toBe(0xffff_ffff_ffff_ffffn);
    expect(binary(F.FUNC_MUL, 0x1_0000_0000n, 0x1_0000_0001n)).toBe(0x1_0000_0000n);
    expect(binary(F.FUNC_SUB, 10n, 3n)).toBe(7n);
  });

  it('divide unsigned and stop the script on division by zero', () => {
    expect(binary(F.FUNC_DIV, 0xffff_ffff_ffff_fffen, 2n)).toBe(0x7fff_ffff_ffff_ffffn);
    expect(binary(F.FUNC_MOD, 17n, 5n)).toBe(2n);
    const { host } = setup();
    const result = run([op(F.FUNC_DIV), num(0), num(1), temp(0), ...test(num(9))], host);
    expect(result.ok).toBe(false);
    expect(result.testStatementValue).toBeUndefined();
    expect(host.text).toBe(`${ERROR_PREFIX}FUNC_DIV\n \n`);
  });

  it('shift logically with the count taken modulo 64 (x86 shl/shr)', () => {
    expect(binary(F.FUNC_ASR, 0x8000_0000_0000_0000n, 1n)).toBe(0x4000_0000_0000_0000n);
    expect(binary(F.FUNC_ASL, 1n, 65n)).toBe(2n);
    expect(binary(F.FUNC_ASL, 0xffn, 60n)).toBe(0xf000_0000_0000_0000n);
  });

  it('compare as signed 64-bit values', () => {
    expect(binary(F.FUNC_GT, 0xffff_ffff_ffff_ffffn, 1n)).toBe(0n);
    expect(binary(F.FUNC_LT, 0xffff_ffff_ffff_ffffn, 1n)).toBe(1n);
    expect(binary(F.FUNC_EGT, 5n, 5n)).toBe(1n);
    expect(binary(F.FUNC_ELT, 6n, 5n)).toBe(0n);
    expect(binary(F.FUNC_EQUAL, 5n, 5n)).toBe(1n);
    expect(binary(F.FUNC_NEQ, 5n, 5n)).toBe(0n);
  });

  it('negate, complement, increment and decrement', () => {
    expect(run([op(F.FUNC_NEG), num(1), temp(0), ...test(temp(0))]).testStatementValue).toBe(
      0xffff_ffff_ffff_ffffn,
    );
    expect(run([op(F.FUNC_NOT), num(0xf0), temp(0), ...test(temp(0))]).testStatementValue).toBe(
      0xffff_ffff_ffff_ff0fn,
    );
    expect(run([op(F.FUNC_INC), temp(0), op(F.FUNC_INC), temp(0), ...test(temp(0))]).testStatementValue).toBe(
      2n,
    );
    expect(run([op(F.FUNC_DEC), temp(0), ...test(temp(0))]).testStatementValue).toBe(0xffff_ffff_ffff_ffffn);
  });

  it('logical and, or, xor', () => {
    expect(binary(F.FUNC_AND, 0xf0f0n, 0xff00n)).toBe(0xf000n);
    expect(binary(F.FUNC_OR, 0xf0f0n, 0x0f00n)).toBe(0xfff0n);
    expect(binary(F.FUNC_XOR, 0xffn, 0x0fn)).toBe(0xf0n);
  });
});

describe('registers, pseudo-registers and variables', () => {
  it('reads and writes registers through the host', () => {
    const { host } = setup();
    host.registers.set(10, 3n);
    const result = run([op(F.FUNC_ADD), reg(10), num(-1), reg(15), ...test(reg(15))], host);
    expect(result.testStatementValue).toBe(2n);
    expect(host.registers.get(15)).toBe(2n);
  });

  it('reads pseudo-registers; an unknown index reads INVALID (0x80000000)', () => {
    expect(run(test(pseudo(0))).testStatementValue).toBe(4n);
    expect(run(test(pseudo(99))).testStatementValue).toBe(0x8000_0000n);
  });

  it('keeps globals in the caller state across runs, and locals per run', () => {
    const state = createGlobalState();
    const { host } = setup();
    const increment = [op(F.FUNC_INC), global(3), op(F.FUNC_INC), temp(0), ...test(global(3))];
    evaluateScript(increment, host, state);
    const second = evaluateScript(increment, host, state);
    expect(second.testStatementValue).toBe(2n);
    expect(evaluateScript([...test(temp(0))], host, state).testStatementValue).toBe(0n);
    expect(evaluateScript(increment, host, createGlobalState()).testStatementValue).toBe(1n);
  });

  it('takes references to locals and globals that poi and interlocked functions accept', () => {
    const result = run([
      op(F.FUNC_MOV),
      num(0x1234),
      temp(1),
      op(F.FUNC_REFERENCE),
      temp(1),
      temp(2),
      op(F.FUNC_POI),
      temp(2),
      temp(3),
      op(F.FUNC_REFERENCE),
      global(7),
      temp(4),
      op(F.FUNC_INTERLOCKED_INCREMENT),
      temp(4),
      temp(5),
      op(F.FUNC_INTERLOCKED_EXCHANGE_ADD),
      num(0x10),
      temp(4),
      temp(6),
      op(F.FUNC_ADD),
      temp(3),
      global(7),
      temp(7),
      ...test(temp(7)),
    ]);
    expect(result.ok, result.error).toBe(true);
    expect(result.testStatementValue).toBe(0x1234n + 0x11n);
    const refs = run([op(F.FUNC_REFERENCE), temp(1), temp(0), ...test(temp(0))]).testStatementValue;
    expect(refs).toBe(STACK_REGION_BASE + 8n);
    expect(run([op(F.FUNC_REFERENCE), global(2), temp(0), ...test(temp(0))]).testStatementValue).toBe(
      GLOBAL_REGION_BASE + 16n,
    );
  });
});

describe('control flow, calls and limits', () => {
  it('jumps on zero / non-zero and ends normally on a jump past the end', () => {
    // 0: JZ 7 (condition 0: taken); 3: test 1 (skipped); 5: JMP 99; 7: test 2; 9: JMP 99 (past the end)
    const code = [
      op(F.FUNC_JZ),
      num(7),
      num(0),
      ...test(num(1)),
      op(F.FUNC_JMP),
      num(99),
      ...test(num(2)),
      op(F.FUNC_JMP),
      num(99),
    ];
    const result = run(code);
    expect(result.ok).toBe(true);
    expect(result.testStatementValue).toBe(2n);
    const notTaken = run([op(F.FUNC_JNZ), num(5), num(0), ...test(num(7))]);
    expect(notTaken.testStatementValue).toBe(7n);
  });

  it('calls and returns through the stack buffer', () => {
    // 0: CALL 6; 2: test(RETURN_VALUE); 4: JMP past the end; 6: MOV 0x42 -> RETURN_VALUE; 9: RET
    const returnValue: ScriptSymbol = { type: S.SYMBOL_RETURN_VALUE_TYPE, len: 0, value: 0n };
    const code: ScriptSymbol[] = [
      op(F.FUNC_CALL),
      num(6),
      ...test(returnValue),
      op(F.FUNC_JMP),
      num(100),
      op(F.FUNC_MOV),
      num(0x42),
      returnValue,
      op(F.FUNC_RET),
    ];
    const result = run(code);
    expect(result.ok, result.error).toBe(true);
    expect(result.testStatementValue).toBe(0x42n);
    expect(result.instructions).toBe(5);
  });

  it('reports a stack overflow when recursion fills the 256 slots', () => {
    const { host } = setup();
    const result = run([op(F.FUNC_CALL), num(0)], host);
    expect(result.ok).toBe(false);
    expect(result.instructions).toBe(256);
    expect(host.text).toBe(
      '[+] Information (DebuggerPerformRunScript:1764) | Err, stack buffer overflow (more information: https://docs.hyperdbg.org/tips-and-tricks/misc/customize-build/change-script-engine-limitations)\n\n',
    );
  });

  it('stops an endless loop after the instruction budget, with HyperDbg message', () => {
    const { host } = setup();
    const result = run([op(F.FUNC_JMP), num(0)], host, { maxInstructions: 1000 });
    expect(result.ok).toBe(false);
    expect(result.instructions).toBe(1001);
    expect(host.text).toContain('| Err, exceeding the max execution count (more information:');
    const defaultBudget = run([op(F.FUNC_JMP), num(0)]);
    expect(defaultBudget.instructions).toBe(1_000_001);
  });

  it('executes the prologue that reserves the frame', () => {
    const code = [
      op(F.FUNC_ADD),
      num(3),
      { type: S.SYMBOL_STACK_INDEX_TYPE, len: 0, value: 0n },
      { type: S.SYMBOL_STACK_INDEX_TYPE, len: 0, value: 0n },
      op(F.FUNC_PUSH),
      num(9),
      op(F.FUNC_POP),
      temp(0),
      ...test({ type: S.SYMBOL_STACK_INDEX_TYPE, len: 0, value: 0n }),
    ];
    const result = run(code);
    expect(result.testStatementValue).toBe(3n);
  });
});

describe('memory functions', () => {
  const bytes = () => {
    const memory = new Uint8Array(0x2000);
    memory.set([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]);
    memory.set(new TextEncoder().encode('Hello\0'), 0x100);
    memory.set([0x41, 0, 0x42, 0, 0, 0], 0x200);
    return memory;
  };

  it('poi/dq/dd/dw/db read little-endian; hi/low are HIWORD/LOWORD of the qword', () => {
    const read = (func: number) =>
      run([op(func), reg(0), temp(0), ...test(temp(0))], setup(bytes()).host).testStatementValue;
    expect(read(F.FUNC_POI)).toBe(0x8877_6655_4433_2211n);
    expect(read(F.FUNC_DQ)).toBe(0x8877_6655_4433_2211n);
    expect(read(F.FUNC_DD)).toBe(0x4433_2211n);
    expect(read(F.FUNC_DW)).toBe(0x2211n);
    expect(read(F.FUNC_DB)).toBe(0x11n);
    expect(read(F.FUNC_HI)).toBe(0x4433n);
    expect(read(F.FUNC_LOW)).toBe(0x2211n);
  });

  it('dq checks only the first 4 bytes before its 8-byte read', () => {
    const memory = new Uint8Array(0x10).fill(0xaa);
    const { host } = setup(memory);
    const end = MEMORY + 0xcn; // 4 mapped bytes, then unmapped
    expect(run([op(F.FUNC_DQ), num(end), temp(0), ...test(temp(0))], host).testStatementValue).toBe(
      0xaaaa_aaaan,
    );
    expect(run([op(F.FUNC_POI), num(end), temp(0)], host).ok).toBe(false);
  });

  it('a read of unmapped memory stops the script with the operator name', () => {
    const { host } = setup();
    const result = run([op(F.FUNC_DB), num(0x10), temp(0), ...test(num(1))], host);
    expect(result.ok).toBe(false);
    expect(result.testStatementValue).toBeUndefined();
    expect(host.text).toBe(`${ERROR_PREFIX}FUNC_DB\n \n`);
  });

  it('eb/ed/eq write and return 1, or return 0 (no error) on an invalid address', () => {
    const { host, memory } = setup();
    const result = run(
      [
        op(F.FUNC_ED),
        num(0xdeadbeef),
        reg(0),
        temp(0),
        op(F.FUNC_EB),
        num(0x1ff),
        num(0x10),
        temp(1),
        op(F.FUNC_ADD),
        temp(0),
        temp(1),
        temp(2),
        ...test(temp(2)),
      ],
      host,
    );
    expect(result.testStatementValue).toBe(1n);
    expect([...memory.subarray(0, 5)]).toEqual([0xef, 0xbe, 0xad, 0xde, 0]);
  });

  it('check_address answers 1 for mapped and 0 for unmapped bytes', () => {
    expect(run([op(F.FUNC_CHECK_ADDRESS), reg(0), temp(0), ...test(temp(0))]).testStatementValue).toBe(1n);
    expect(run([op(F.FUNC_CHECK_ADDRESS), num(8), temp(0), ...test(temp(0))]).testStatementValue).toBe(0n);
  });

  it('physical-address reads go to the host and fail without one', () => {
    const host = setup().host;
    host.readPhysicalMemory = (address, size) =>
      address === 0x1000n ? new Uint8Array(size).fill(0xab) : undefined;
    expect(run([op(F.FUNC_DW_PA), num(0x1000), temp(0), ...test(temp(0))], host).testStatementValue).toBe(
      0xababn,
    );
    const physical = (func: number) =>
      run([op(func), num(0x1000), temp(0), ...test(temp(0))], host).testStatementValue;
    expect(physical(F.FUNC_HI_PA)).toBe(0xababn);
    expect(physical(F.FUNC_LOW_PA)).toBe(0xababn);
    expect(physical(F.FUNC_DB_PA)).toBe(0xabn);
    expect(physical(F.FUNC_POI_PA)).toBe(0xabab_abab_abab_ababn);
    const result = run([op(F.FUNC_POI_PA), num(0x2000), temp(0)], host);
    expect(result.ok).toBe(false);
    expect(host.text).toContain('function = FUNC_POI_PA');
  });

  it('strlen/wcslen take inline strings or addresses; unmapped strings have length 0', () => {
    const host = setup(bytes()).host;
    const length = (operand: ScriptSymbol, func: number = F.FUNC_STRLEN) =>
      run([op(func), operand, temp(0), ...test(temp(0))], host).testStatementValue;
    expect(length(str('abcdefghijklmnopqrstuvwxyz'))).toBe(26n);
    expect(length(num(MEMORY + 0x100n))).toBe(5n);
    expect(length(num(0x10))).toBe(0n);
    expect(length(str('wide', true), F.FUNC_WCSLEN)).toBe(4n);
    expect(length(num(MEMORY + 0x200n), F.FUNC_WCSLEN)).toBe(2n);
  });

  it('strcmp/strncmp/memcmp/wcscmp answer -1, 0, 1, or 2 for an unmapped operand', () => {
    const host = setup(bytes()).host;
    const compare = (...code: ScriptSymbol[]) =>
      run([...code, temp(0), ...test(temp(0))], host).testStatementValue;
    expect(compare(op(F.FUNC_STRCMP), str('Hello'), num(MEMORY + 0x100n))).toBe(0n);
    expect(compare(op(F.FUNC_STRCMP), str('Help'), num(MEMORY + 0x100n))).toBe(0xffff_ffff_ffff_ffffn);
    expect(compare(op(F.FUNC_STRCMP), str('Hell'), num(MEMORY + 0x100n))).toBe(1n);
    expect(compare(op(F.FUNC_STRCMP), str('x'), num(0x10))).toBe(2n);
    expect(compare(op(F.FUNC_STRNCMP), num(3), str('Help'), num(MEMORY + 0x100n))).toBe(0n);
    expect(compare(op(F.FUNC_MEMCMP), num(2), num(MEMORY + 1n), num(MEMORY))).toBe(0xffff_ffff_ffff_ffffn);
    expect(compare(op(F.FUNC_WCSCMP), str('AB', true), num(MEMORY + 0x200n))).toBe(0n);
    expect(compare(op(F.FUNC_WCSNCMP), num(1), str('AC', true), num(MEMORY + 0x200n))).toBe(0n);
  });

  it('memcpy copies between mapped ranges and refuses size 0 or unmapped ranges', () => {
    const { host, memory } = setup(bytes());
    const result = run([op(F.FUNC_MEMCPY), num(6), num(MEMORY + 0x100n), num(MEMORY + 0x300n)], host);
    expect(result.ok).toBe(true);
    expect(new TextDecoder().decode(memory.subarray(0x300, 0x305))).toBe('Hello');
    expect(run([op(F.FUNC_MEMCPY), num(0), num(MEMORY), num(MEMORY + 8n)], host).ok).toBe(false);
    expect(run([op(F.FUNC_MEMCPY), num(4), num(0x10), num(MEMORY)], host).ok).toBe(false);
    expect(host.text).toContain('function = FUNC_MEMCPY\n');
  });

  it('interlocked compare-exchange swaps only on a match and returns the old value', () => {
    const { host, memory } = setup(bytes());
    const swap = (comparand: bigint) =>
      run(
        [
          op(F.FUNC_INTERLOCKED_COMPARE_EXCHANGE),
          num(comparand),
          num(0x99),
          reg(0),
          temp(0),
          ...test(temp(0)),
        ],
        host,
      ).testStatementValue;
    expect(swap(1n)).toBe(0x8877_6655_4433_2211n);
    expect(memory[0]).toBe(0x11);
    expect(swap(0x8877_6655_4433_2211n)).toBe(0x8877_6655_4433_2211n);
    expect(memory[0]).toBe(0x99);
  });

  it('spinlocks take bit 0 of a free lock; a held lock cannot be waited for in one evaluation', () => {
    const { host, memory } = setup();
    expect(run([op(F.FUNC_SPINLOCK_LOCK), reg(0)], host).ok).toBe(true);
    expect(memory[0]).toBe(1);
    const held = run([op(F.FUNC_SPINLOCK_LOCK), reg(0)], host);
    expect(held.ok).toBe(false);
    expect(held.error).toContain('would spin here forever');
    expect(
      run([op(F.FUNC_SPINLOCK_LOCK_CUSTOM_WAIT), num(500), reg(0), ...test(num(1))], host).testStatementValue,
    ).toBe(1n);
    expect(run([op(F.FUNC_SPINLOCK_UNLOCK), reg(0)], host).ok).toBe(true);
    expect(memory[0]).toBe(0);
  });
});

describe('output functions', () => {
  it('print writes the value in hex and a newline', () => {
    const { host } = setup();
    run([op(F.FUNC_PRINT), num(0xabc), op(F.FUNC_PRINT), num(-1)], host);
    expect(host.text).toBe('abc\nffffffffffffffff\n');
  });

  it('printf formats integers, strings, wide strings and chars like the debuggee', () => {
    const memory = new Uint8Array(0x100);
    memory.set(new TextEncoder().encode('text\0'));
    memory.set([0x77, 0, 0x69, 0, 0xe9, 0, 0, 0], 0x10);
    const { host } = setup(memory);
    run(
      [
        ...printf(
          '%d|%x|%llx|%p|%c|%s|%ws|%u\n',
          [0, num(-2)],
          [3, num(-2)],
          [6, num(-2)],
          [11, num(0xabc)],
          [14, num(0x41)],
          [17, reg(0)],
          [20, num(MEMORY + 0x10n)],
          [24, num(-1)],
        ),
      ],
      host,
    );
    expect(host.text).toBe('-2|fffffffe|fffffffffffffffe|0000000000000ABC|A|text|wi?|4294967295\n');
  });

  it('printf with %s of an unmapped address stops the script', () => {
    const { host } = setup();
    const result = run(printf('%s\n', [0, num(8)]), host);
    expect(result.ok).toBe(false);
    expect(host.text).toBe(`${ERROR_PREFIX}FUNC_PRINTF\n \n`);
  });

  it('formats() reports its value to the host; test_statement records its value', () => {
    const seen: bigint[] = [];
    const { host } = setup();
    host.formats = (value) => void seen.push(value);
    const result = run([op(F.FUNC_FORMATS), num(0x55), ...test(num(3))], host);
    expect(seen).toEqual([0x55n]);
    expect(result.formatsValue).toBe(0x55n);
    expect(result.testStatementValue).toBe(3n);
  });
});

describe('events and debugger functions', () => {
  it('event_enable/disable/clear pass id + 0x1000000 and log an unknown tag', () => {
    const { host } = setup();
    const tags: bigint[] = [];
    host.eventEnable = (tag) => (tags.push(tag), tag === 0x1000001n);
    run([op(F.FUNC_EVENT_ENABLE), num(1), op(F.FUNC_EVENT_ENABLE), num(0x1_0000_0002n)], host);
    expect(tags).toEqual([0x1000001n, 0x1_0100_0002n]);
    expect(host.text).toBe('[+] Information (ScriptEngineFunctionEventEnable:1023) | Invalid tag id (2)\n');
  });

  it('pause() breaks through the host, or logs the refusal when a break is not allowed', () => {
    const { host } = setup();
    let breaks = 0;
    host.pause = () => (breaks++, true);
    run([op(F.FUNC_PAUSE)], host);
    expect(breaks).toBe(1);
    expect(host.text).toBe('');
    host.pause = () => false;
    run([op(F.FUNC_PAUSE)], host);
    expect(host.text).toContain(
      "(ScriptEngineFunctionPause:1130) | The 'pause();' function is either called from the vmi-mode",
    );
  });

  it('event_inject validates vector < 256 and type < 8 before calling the host', () => {
    const { host } = setup();
    const injected: number[][] = [];
    host.eventInject = (type, vector, code) => void injected.push([type, vector, code ?? -1]);
    run(
      [
        op(F.FUNC_EVENT_INJECT),
        num(0xe),
        num(3),
        op(F.FUNC_EVENT_INJECT),
        num(256),
        num(3),
        op(F.FUNC_EVENT_INJECT_ERROR_CODE),
        num(2),
        num(0xe),
        num(3),
        temp(0),
      ],
      host,
    );
    expect(injected).toEqual([
      [3, 0xe, -1],
      [3, 0xe, 2],
    ]);
    expect(host.text).toBe(
      '[+] Information (ScriptEngineFunctionEventInject:2125) | Err, invalid event vector or interruption type is specified\n',
    );
  });

  it('event_sc short-circuits in the pre stage and only warns in the post stage', () => {
    const { host } = setup();
    const states: boolean[] = [];
    host.eventShortCircuit = (state) => void states.push(state);
    run([op(F.FUNC_EVENT_SC), num(1), temp(0)], host);
    run([op(F.FUNC_EVENT_SC), num(1), temp(0)], host, { postEventStage: true });
    expect(states).toEqual([true]);
    // The compiler emits one operand; the engine steps over a second slot, past the end here.
    expect(run([op(F.FUNC_EVENT_SC), num(0)], host).ok).toBe(true);
    expect(states).toEqual([true, false]);
    expect(host.text).toMatch(
      /^\[-\] Warning \(ScriptEngineFunctionShortCircuitingEvent:1179\) \| Warning, calling the 'event_sc'/,
    );
  });
});

describe('typed and floating-point operators', () => {
  const typed = (func: number, left: bigint, right: bigint, type: number) =>
    run([op(func), num(right), num(left), temp(0), num(type), ...test(temp(0))]);

  it('normalise to the declared type and refuse C undefined behaviour', () => {
    expect(typed(F.FUNC_ADD_TYPED, 0x7fn, 1n, ScalarType.SCRIPT_SCALAR_TYPE_I8).testStatementValue).toBe(
      0xffff_ffff_ffff_ff80n,
    );
    expect(typed(F.FUNC_ADD_TYPED, 0xffn, 1n, ScalarType.SCRIPT_SCALAR_TYPE_U8).testStatementValue).toBe(0n);
    expect(typed(F.FUNC_LT_TYPED, 0xffn, 1n, ScalarType.SCRIPT_SCALAR_TYPE_I8).testStatementValue).toBe(1n);
    expect(
      typed(F.FUNC_SHIFT_RIGHT_TYPED, 0x80n, 4n, ScalarType.SCRIPT_SCALAR_TYPE_I8).testStatementValue,
    ).toBe(0xffff_ffff_ffff_fff8n);
    expect(typed(F.FUNC_SHIFT_LEFT_TYPED, 1n, 64n, ScalarType.SCRIPT_SCALAR_TYPE_I64).ok).toBe(false);
    expect(typed(F.FUNC_DIV_TYPED, 0x8000_0000n, -1n, ScalarType.SCRIPT_SCALAR_TYPE_I32).ok).toBe(false);
    expect(typed(F.FUNC_DIV_TYPED, -7n, 2n, ScalarType.SCRIPT_SCALAR_TYPE_I64).testStatementValue).toBe(
      BigInt.asUintN(64, -3n),
    );
  });

  it('casts between integer and float types with HyperDbg range checks', () => {
    const cast = (value: bigint, from: number, to: number, len = 0, destLen = 0) =>
      run([op(F.FUNC_CAST_SCALAR), num(value, len), temp(0, destLen), num(from), num(to), ...test(temp(0))]);
    const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
    expect(
      cast(f64(-3.9), ScalarType.SCRIPT_SCALAR_TYPE_F64, ScalarType.SCRIPT_SCALAR_TYPE_I32, 2)
        .testStatementValue,
    ).toBe(BigInt.asUintN(64, -3n));
    expect(cast(f64(300), ScalarType.SCRIPT_SCALAR_TYPE_F64, ScalarType.SCRIPT_SCALAR_TYPE_U8, 2).ok).toBe(
      false,
    );
    expect(
      cast(5n, ScalarType.SCRIPT_SCALAR_TYPE_I64, ScalarType.SCRIPT_SCALAR_TYPE_F64, 0, 2).testStatementValue,
    ).toBe(f64(5));
    // 2^53 + 1 rounds to even in one step when converted to f32 from a 64-bit integer.
    const f32Bits = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
    expect(
      cast(
        (1n << 60n) + (1n << 36n) + 1n,
        ScalarType.SCRIPT_SCALAR_TYPE_U64,
        ScalarType.SCRIPT_SCALAR_TYPE_F32,
        0,
        1,
      ).testStatementValue,
    ).toBe(f32Bits(2 ** 60 + 2 ** 37));
  });

  it('float division by zero stops the script', () => {
    const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
    const { host } = setup();
    const result = run([op(F.FUNC_DIV_FLOAT), num(f32(0), 1), num(f32(1), 1), temp(0, 1)], host);
    expect(result.ok).toBe(false);
    expect(host.text).toBe(`${ERROR_PREFIX}FUNC_DIV_FLOAT\n \n`);
  });
});

describe('typed memory operators', () => {
  const LOCAL = 1;
  const REMOTE = 2;

  it('typed load/store move 1, 2, 4 or 8 bytes in the stack buffer or guest memory', () => {
    const { host, memory } = setup();
    const result = run(
      [
        op(F.FUNC_REFERENCE),
        temp(4),
        temp(0),
        op(F.FUNC_TYPED_STORE),
        num(0x1122_3344),
        temp(0),
        num(LOCAL),
        num(2),
        op(F.FUNC_TYPED_LOAD),
        temp(0),
        num(LOCAL),
        num(8),
        temp(1),
        op(F.FUNC_TYPED_STORE),
        num(0xabcd),
        reg(0),
        num(REMOTE),
        num(2),
        op(F.FUNC_TYPED_LOAD),
        reg(0),
        num(REMOTE),
        num(1),
        temp(2),
        op(F.FUNC_ADD),
        temp(1),
        temp(2),
        temp(3),
        ...test(temp(3)),
      ],
      host,
    );
    expect(result.ok, result.error).toBe(true);
    expect(result.testStatementValue).toBe(0x3344n + 0xcdn);
    expect([...memory.subarray(0, 3)]).toEqual([0xcd, 0xab, 0]);
    // A LOCAL access outside the stack buffer and a size of 3 are errors.
    expect(run([op(F.FUNC_TYPED_LOAD), reg(0), num(LOCAL), num(1), temp(0)], host).ok).toBe(false);
    expect(run([op(F.FUNC_TYPED_LOAD), reg(0), num(REMOTE), num(3), temp(0)], host).ok).toBe(false);
  });

  it('aggregate copy handles overlap like memmove and aggregate zero clears', () => {
    const memory = new Uint8Array(0x100);
    memory.set([1, 2, 3, 4, 5, 6, 7, 8]);
    const { host } = setup(memory);
    run([op(F.FUNC_AGGREGATE_COPY), num(MEMORY + 2n), num(REMOTE), num(MEMORY), num(REMOTE), num(6)], host);
    expect([...memory.subarray(0, 8)]).toEqual([1, 2, 1, 2, 3, 4, 5, 6]);
    run([op(F.FUNC_AGGREGATE_ZERO), num(MEMORY + 1n), num(REMOTE), num(3)], host);
    expect([...memory.subarray(0, 8)]).toEqual([1, 0, 0, 0, 3, 4, 5, 6]);
  });

  it('pointer difference divides by the element size and refuses a remainder', () => {
    const diff = (left: bigint, right: bigint, size: bigint) =>
      run([op(F.FUNC_POINTER_DIFF), num(right), num(left), temp(0), num(size), ...test(temp(0))]);
    expect(diff(0x1010n, 0x1000n, 4n).testStatementValue).toBe(4n);
    expect(diff(0x1000n, 0x1010n, 8n).testStatementValue).toBe(BigInt.asUintN(64, -2n));
    expect(diff(0x1003n, 0x1000n, 2n).ok).toBe(false);
    expect(diff(0x1003n, 0x1000n, 0n).ok).toBe(false);
  });
});

describe('malformed buffers', () => {
  it('an operator whose operands run past the end stops with its name', () => {
    const { host } = setup();
    const result = run([op(F.FUNC_ADD), num(1)], host);
    expect(result.ok).toBe(false);
    expect(host.text).toBe(`${ERROR_PREFIX}FUNC_ADD\n \n`);
  });

  it('an unknown operator consumes only its own slot', () => {
    expect(run([op(400), ...test(num(5))]).testStatementValue).toBe(5n);
  });

  it('a temp index beyond the 256-slot stack stops the script', () => {
    expect(run([op(F.FUNC_MOV), num(1), temp(300)]).ok).toBe(false);
  });

  it('every run starts with a zeroed stack, whatever the runs before it left there', () => {
    const { host } = setup();
    for (let i = 0; i < 10; i++) {
      const seen = run([...test(temp(5)), op(F.FUNC_MOV), num(0x1234 + i), temp(5)], host);
      expect(seen.ok, seen.error).toBe(true);
      expect(seen.testStatementValue).toBe(0n);
    }
  });
});
