/**
 * Our own reader of one x86-64 instruction in Intel syntax (what HyperDbg's `a` command, its
 * `asm` condition/code blocks and its disassembler use): prefixes, mnemonic and operands, with
 * registers by name, `[seg:base+index*scale+disp]` memory with optional `byte ptr`..`zmmword ptr`,
 * numbers as `0x1f`, `1fh` or decimal (a leading `-` allowed), and `short`/`near` branch hints.
 * It only reads; choosing the encoding is `assemble.ts`'s job.
 */
import { Register } from 'iced-x86';

export type Operand =
  | { readonly kind: 'register'; readonly register: Register }
  | {
      readonly kind: 'memory';
      /** Bytes named by `... ptr`, undefined when the size was not given. */
      readonly size?: number;
      readonly segment: Register;
      readonly base: Register;
      readonly index: Register;
      readonly scale: 1 | 2 | 4 | 8;
      readonly displacement: bigint;
    }
  | { readonly kind: 'immediate'; readonly value: bigint };

export interface ParsedInstruction {
  /** The statement as written. */
  readonly text: string;
  readonly mnemonic: string;
  readonly operands: readonly Operand[];
  readonly prefixes: ReadonlySet<Prefix>;
  /** `jmp short x` / `jmp near x`; `far` for `ret far`, `call far`, `jmp far`. */
  readonly branchSize?: 'short' | 'near' | 'far';
}

export type ParseResult = { ok: true; value: ParsedInstruction } | { ok: false; error: string };

/** `ptr` keywords and the bytes they name. */
export const MEMORY_SIZE_KEYWORDS: Readonly<Record<string, number>> = {
  byte: 1,
  word: 2,
  dword: 4,
  fword: 6,
  qword: 8,
  mmword: 8,
  tbyte: 10,
  tword: 10,
  xmmword: 16,
  oword: 16,
  ymmword: 32,
  zmmword: 64,
};

export type Prefix =
  | 'lock'
  | 'rep'
  | 'repe'
  | 'repne'
  | 'xacquire'
  | 'xrelease'
  | 'notrack'
  | 'bnd'
  | 'hint-taken'
  | 'hint-not-taken'
  | 'data16'
  | 'data64'
  | 'addr32';

const PREFIXES: Readonly<Record<string, Prefix>> = {
  lock: 'lock',
  rep: 'rep',
  repe: 'repe',
  repz: 'repe',
  repne: 'repne',
  repnz: 'repne',
  xacquire: 'xacquire',
  xrelease: 'xrelease',
  notrack: 'notrack',
  bnd: 'bnd',
  'hint-taken': 'hint-taken',
  'hint-not-taken': 'hint-not-taken',
  data16: 'data16',
  data64: 'data64',
  addr32: 'addr32',
};

/** Spellings of the disassembler (and common assemblers) for mnemonics iced's opcode table names otherwise. */
const MNEMONIC_ALIASES: Readonly<Record<string, string>> = { fwait: 'wait', xlat: 'xlatb' };

let registerNames: Map<string, Register> | undefined;

/** Every iced register by its lower-case name, plus the `st(i)` spelling of the x87 stack. */
export function registerByName(name: string): Register | undefined {
  if (!registerNames) {
    registerNames = new Map();
    for (const [key, value] of Object.entries(Register)) {
      if (typeof value !== 'number' || value === Register.None) continue;
      registerNames.set(key.toLowerCase(), value);
    }
    for (let i = 0; i < 8; i++) registerNames.set(`st(${i})`, Register.ST0 + i);
    // r8b..r15b: the disassembler's names of iced's R8L..R15L
    for (let i = 8; i < 16; i++) registerNames.set(`r${i}b`, Register.R8L + (i - 8));
    registerNames.set('st', Register.ST0);
  }
  return registerNames.get(name.toLowerCase());
}

/** A number as HyperDbg users and the disassembler write it; undefined when it is not one. */
export function parseAsmNumber(text: string): bigint | undefined {
  let t = text.trim().replaceAll('`', '');
  let negative = false;
  if (t.startsWith('-')) {
    negative = true;
    t = t.slice(1).trim();
  } else if (t.startsWith('+')) t = t.slice(1).trim();
  let value: bigint | undefined;
  if (/^0x[0-9a-f]+$/i.test(t)) value = BigInt(t);
  else if (/^[0-9][0-9a-f]*h$/i.test(t)) value = BigInt(`0x${t.slice(0, -1)}`);
  else if (/^[0-9]+$/.test(t)) value = BigInt(t);
  if (value === undefined || value >= 1n << 64n) return undefined;
  return negative ? -value : value;
}

/** Splits at top-level commas (not inside brackets or parentheses). */
function splitOperands(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '' || parts.length > 0) parts.push(current.trim());
  return parts;
}

function parseMemory(text: string, size: number | undefined): Operand | string {
  let rest = text.trim();
  let segment: Register = Register.None;
  const segmentPrefix = /^([a-z]s)\s*:\s*/i.exec(rest);
  if (segmentPrefix) {
    const register = registerByName(segmentPrefix[1]!);
    if (register === undefined) return `unknown segment register '${segmentPrefix[1]}'`;
    segment = register;
    rest = rest.slice(segmentPrefix[0].length);
  }
  const bracket = /^\[(.*)\]$/s.exec(rest);
  if (!bracket) return `cannot read the memory operand '${text}'`;
  let base: Register = Register.None;
  let index: Register = Register.None;
  let scale: 1 | 2 | 4 | 8 = 1;
  let displacement = 0n;
  const inner = bracket[1]!.replace(/\s+/g, '');
  if (inner === '') return 'empty memory operand';
  // Terms with their signs: "rax+rbx*4-0x10" → [+rax, +rbx*4, -0x10]
  const terms = inner.match(/[+-]?[^+-]+/g) ?? [];
  for (const term of terms) {
    const sign = term.startsWith('-') ? -1n : 1n;
    const body = term.replace(/^[+-]/, '');
    const scaled = /^([a-z0-9]+)\*([1248])$/i.exec(body) ?? /^([1248])\*([a-z0-9]+)$/i.exec(body);
    if (scaled) {
      const [registerText, factor] = /^[1248]$/.test(scaled[1]!)
        ? [scaled[2]!, scaled[1]!]
        : [scaled[1]!, scaled[2]!];
      const register = registerByName(registerText);
      if (register === undefined || sign < 0n || index !== Register.None) return `invalid index '${body}'`;
      index = register;
      scale = Number(factor) as 1 | 2 | 4 | 8;
      continue;
    }
    const register = registerByName(body);
    if (register !== undefined) {
      if (sign < 0n) return `a register cannot be subtracted ('${term}')`;
      if (base === Register.None) base = register;
      else if (index === Register.None) index = register;
      else return `too many registers in '${text}'`;
      continue;
    }
    const number = parseAsmNumber(body);
    if (number === undefined) return `cannot read '${body}' in '${text}'`;
    displacement += sign * number;
  }
  return {
    kind: 'memory',
    ...(size !== undefined ? { size } : {}),
    segment,
    base,
    index,
    scale,
    displacement,
  };
}

function parseOperand(text: string): Operand | string {
  let rest = text.trim();
  let size: number | undefined;
  const sized = /^([a-z]+)\s+ptr\s+/i.exec(rest);
  if (sized) {
    size = MEMORY_SIZE_KEYWORDS[sized[1]!.toLowerCase()];
    if (size === undefined) return `unknown operand size '${sized[1]}'`;
    rest = rest.slice(sized[0].length);
  }
  if (rest.includes('[')) return parseMemory(rest, size);
  if (size !== undefined) return `'${sized![0].trim()}' needs a memory operand`;
  const register = registerByName(rest.replace(/\s+/g, ''));
  if (register !== undefined) return { kind: 'register', register };
  const value = parseAsmNumber(rest);
  if (value !== undefined) return { kind: 'immediate', value };
  return `cannot read the operand '${text.trim()}'`;
}

export function parseIntelInstruction(line: string): ParseResult {
  let words = line.trim().replace(/\s+/g, ' ');
  const prefixes = new Set<Prefix>();
  for (;;) {
    const first = /^([a-z0-9-]+)\s/i.exec(words)?.[1]?.toLowerCase();
    const prefix = first === undefined ? undefined : PREFIXES[first];
    if (!first || !prefix) break;
    prefixes.add(prefix);
    words = words.slice(first.length + 1);
  }
  const match = /^([a-z][a-z0-9]*)(?:\s+(.*))?$/i.exec(words);
  if (!match) return { ok: false, error: `cannot read the instruction '${line.trim()}'` };
  let mnemonic = match[1]!.toLowerCase();
  mnemonic = MNEMONIC_ALIASES[mnemonic] ?? mnemonic;
  let operandText = match[2] ?? '';
  let branchSize: 'short' | 'near' | 'far' | undefined;
  const hint = /^(short|near|far)(\s+|$)/i.exec(operandText);
  if (hint) {
    branchSize = hint[1]!.toLowerCase() as 'short' | 'near' | 'far';
    operandText = operandText.slice(hint[0].length);
    // `ret far` is RETF in the opcode table
    if (branchSize === 'far' && mnemonic === 'ret') mnemonic = 'retf';
  }
  const operands: Operand[] = [];
  for (const part of splitOperands(operandText)) {
    if (part === '') return { ok: false, error: `an operand is missing in '${line.trim()}'` };
    const operand = parseOperand(part);
    if (typeof operand === 'string') return { ok: false, error: operand };
    operands.push(operand);
  }
  return {
    ok: true,
    value: { text: line.trim(), mnemonic, operands, prefixes, ...(branchSize ? { branchSize } : {}) },
  };
}
