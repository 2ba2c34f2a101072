/**
 * The assembler behind `a`/`asm` and `asm` condition/code blocks: our Intel-syntax reader
 * (intel-syntax.ts) finds the mnemonic and operands, and iced-x86's encoder produces the bytes.
 * Choosing the encoding: every 64-bit-mode legacy/VEX/EVEX opcode with that mnemonic and operand
 * count whose operand kinds accept the operands is tried, and the shortest encoding wins (the
 * first in iced's opcode order on a tie), as an assembler would pick it.
 */
import {
  Code,
  CodeExt,
  Encoder,
  EncodingKind,
  Instruction,
  MemorySize,
  MemorySizeExt,
  Mnemonic,
  OpCodeOperandKind as K,
  OpKind,
  Register,
} from 'iced-x86';
import { disassemble } from '../../session/disassembler';
import {
  MEMORY_SIZE_KEYWORDS,
  parseIntelInstruction,
  type Operand,
  type ParsedInstruction,
} from './intel-syntax';

export type AssembleResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly statements: number }
  | { readonly ok: false; readonly error: string; readonly statement: number };

interface Candidate {
  readonly code: Code;
  readonly operandKinds: readonly K[];
  readonly memorySize: MemorySize;
  /** 16, 32 or 64 for opcodes tied to one operand size, 0 otherwise. */
  readonly operandSize: number;
  /** 16, 32 or 64 for opcodes tied to one address size, 0 otherwise. */
  readonly addressSize: number;
}

let byMnemonic: Map<string, Candidate[]> | undefined;

const ENCODINGS = new Set([EncodingKind.Legacy, EncodingKind.VEX, EncodingKind.EVEX]);

/** iced's opcode table, by the mnemonic iced's formatter prints (and its enum's spelling). */
/** Reserved-NOP opcodes (0F 18..1F with a register operand) are printed as `nop`. */
const EXTRA_CANDIDATES: Readonly<Record<string, string>> = { nop: 'reservednop' };

function candidates(mnemonic: string): readonly Candidate[] {
  const own = opcodeTable(mnemonic);
  const extra = EXTRA_CANDIDATES[mnemonic];
  return extra ? [...own, ...opcodeTable(extra)] : own;
}

function opcodeTable(mnemonic: string): readonly Candidate[] {
  if (!byMnemonic) {
    byMnemonic = new Map();
    const count = Object.values(Code).filter((v) => typeof v === 'number').length;
    for (let code = 1; code < count; code++) {
      const info = CodeExt.opCode(code);
      if (!info.isInstruction || !info.mode64 || !ENCODINGS.has(info.encoding)) continue;
      const kinds: K[] = [];
      for (let i = 0; i < info.opCount; i++) kinds.push(info.opKind(i));
      const candidate = {
        code,
        operandKinds: kinds,
        memorySize: info.memorySize,
        operandSize: info.operandSize,
        addressSize: info.addressSize,
      };
      // the opcode table's name (RETF, XLATB) and the mnemonic the disassembler prints (nop for reserved nops)
      for (const name of new Set([
        info.instructionString.split(' ')[0]!.toLowerCase(),
        Mnemonic[info.mnemonic]!.toLowerCase(),
      ])) {
        const list = byMnemonic.get(name) ?? [];
        list.push(candidate);
        byMnemonic.set(name, list);
      }
      info.free();
    }
  }
  return byMnemonic.get(mnemonic) ?? [];
}

// ---- register classes -------------------------------------------------------------------------

const inRange = (r: Register, first: Register, last: Register): boolean => r >= first && r <= last;
const gpr8 = (r: Register): boolean => inRange(r, Register.AL, Register.R15L);
const gpr16 = (r: Register): boolean => inRange(r, Register.AX, Register.R15W);
const gpr32 = (r: Register): boolean => inRange(r, Register.EAX, Register.R15D);
const gpr64 = (r: Register): boolean => inRange(r, Register.RAX, Register.R15);
const xmm = (r: Register): boolean => inRange(r, Register.XMM0, Register.XMM31);
const ymm = (r: Register): boolean => inRange(r, Register.YMM0, Register.YMM31);
const zmm = (r: Register): boolean => inRange(r, Register.ZMM0, Register.ZMM31);
const mm = (r: Register): boolean => inRange(r, Register.MM0, Register.MM7);
const kreg = (r: Register): boolean => inRange(r, Register.K0, Register.K7);
const segment = (r: Register): boolean => inRange(r, Register.ES, Register.GS);
const st = (r: Register): boolean => inRange(r, Register.ST0, Register.ST7);

const REGISTER_CLASS: Partial<Record<K, (r: Register) => boolean>> = {
  [K.r8_reg]: gpr8,
  [K.r8_opcode]: gpr8,
  [K.r16_reg]: gpr16,
  [K.r16_reg_mem]: gpr16,
  [K.r16_rm]: gpr16,
  [K.r16_opcode]: gpr16,
  [K.r32_reg]: gpr32,
  [K.r32_reg_mem]: gpr32,
  [K.r32_rm]: gpr32,
  [K.r32_opcode]: gpr32,
  [K.r32_vvvv]: gpr32,
  [K.r64_reg]: gpr64,
  [K.r64_reg_mem]: gpr64,
  [K.r64_rm]: gpr64,
  [K.r64_opcode]: gpr64,
  [K.r64_vvvv]: gpr64,
  [K.seg_reg]: segment,
  [K.k_reg]: kreg,
  [K.kp1_reg]: kreg,
  [K.k_rm]: kreg,
  [K.k_vvvv]: kreg,
  [K.mm_reg]: mm,
  [K.mm_rm]: mm,
  [K.xmm_reg]: xmm,
  [K.xmm_rm]: xmm,
  [K.xmm_vvvv]: xmm,
  [K.xmmp3_vvvv]: xmm,
  [K.xmm_is4]: xmm,
  [K.xmm_is5]: xmm,
  [K.ymm_reg]: ymm,
  [K.ymm_rm]: ymm,
  [K.ymm_vvvv]: ymm,
  [K.ymm_is4]: ymm,
  [K.ymm_is5]: ymm,
  [K.zmm_reg]: zmm,
  [K.zmm_rm]: zmm,
  [K.zmm_vvvv]: zmm,
  [K.zmmp3_vvvv]: zmm,
  [K.cr_reg]: (r) => inRange(r, Register.CR0, Register.CR15),
  [K.dr_reg]: (r) => inRange(r, Register.DR0, Register.DR15),
  [K.tr_reg]: (r) => inRange(r, Register.TR0, Register.TR7),
  [K.bnd_reg]: (r) => inRange(r, Register.BND0, Register.BND3),
  [K.tmm_reg]: (r) => inRange(r, Register.TMM0, Register.TMM7),
  [K.tmm_rm]: (r) => inRange(r, Register.TMM0, Register.TMM7),
  [K.tmm_vvvv]: (r) => inRange(r, Register.TMM0, Register.TMM7),
  [K.sti_opcode]: st,
  [K.es]: (r) => r === Register.ES,
  [K.cs]: (r) => r === Register.CS,
  [K.ss]: (r) => r === Register.SS,
  [K.ds]: (r) => r === Register.DS,
  [K.fs]: (r) => r === Register.FS,
  [K.gs]: (r) => r === Register.GS,
  [K.al]: (r) => r === Register.AL,
  [K.cl]: (r) => r === Register.CL,
  [K.ax]: (r) => r === Register.AX,
  [K.dx]: (r) => r === Register.DX,
  [K.eax]: (r) => r === Register.EAX,
  [K.rax]: (r) => r === Register.RAX,
  [K.st0]: (r) => r === Register.ST0,
};

/** Register-or-memory kinds: the register class they take. */
const REGISTER_OR_MEMORY: Partial<Record<K, (r: Register) => boolean>> = {
  [K.r8_or_mem]: gpr8,
  [K.r16_or_mem]: gpr16,
  [K.r32_or_mem]: gpr32,
  [K.r32_or_mem_mpx]: gpr32,
  [K.r64_or_mem]: gpr64,
  [K.r64_or_mem_mpx]: gpr64,
  [K.mm_or_mem]: mm,
  [K.xmm_or_mem]: xmm,
  [K.ymm_or_mem]: ymm,
  [K.zmm_or_mem]: zmm,
  [K.k_or_mem]: kreg,
  [K.bnd_or_mem_mpx]: (r) => inRange(r, Register.BND0, Register.BND3),
};

const MEMORY_ONLY = new Set([K.mem, K.mem_mpx, K.mem_mib, K.sibmem, K.mem_offs]);
const VSIB: Partial<Record<K, (r: Register) => boolean>> = {
  [K.mem_vsib32x]: xmm,
  [K.mem_vsib64x]: xmm,
  [K.mem_vsib32y]: ymm,
  [K.mem_vsib64y]: ymm,
  [K.mem_vsib32z]: zmm,
  [K.mem_vsib64z]: zmm,
};

/** Immediate kinds: the operand kind iced's instruction uses and the values they can hold. */
const IMMEDIATE: Partial<Record<K, { opKind: OpKind; fits: (v: bigint) => boolean }>> = {
  [K.imm8]: { opKind: OpKind.Immediate8, fits: (v) => v >= -0x80n && v <= 0xffn },
  [K.imm8_const_1]: { opKind: OpKind.Immediate8, fits: (v) => v === 1n },
  [K.imm4_m2z]: { opKind: OpKind.Immediate8, fits: (v) => v >= 0n && v <= 0xfn },
  [K.imm8sex16]: { opKind: OpKind.Immediate8to16, fits: (v) => signExtends(v, 8, 16) },
  [K.imm8sex32]: { opKind: OpKind.Immediate8to32, fits: (v) => signExtends(v, 8, 32) },
  [K.imm8sex64]: { opKind: OpKind.Immediate8to64, fits: (v) => signExtends(v, 8, 64) },
  [K.imm16]: { opKind: OpKind.Immediate16, fits: (v) => v >= -0x8000n && v <= 0xffffn },
  [K.imm32]: { opKind: OpKind.Immediate32, fits: (v) => v >= -0x80000000n && v <= 0xffffffffn },
  [K.imm32sex64]: { opKind: OpKind.Immediate32to64, fits: (v) => signExtends(v, 32, 64) },
  [K.imm64]: { opKind: OpKind.Immediate64, fits: (v) => v >= -(1n << 63n) && v < 1n << 64n },
};

/** `v` (as written, or as its `to`-bit two's complement) is a `from`-bit value sign-extended to `to` bits. */
function signExtends(v: bigint, from: number, to: number): boolean {
  const unsigned = BigInt.asUintN(to, v);
  if (v < -(1n << BigInt(to - 1)) || v >= 1n << BigInt(to)) return false;
  return BigInt.asUintN(to, BigInt.asIntN(from, unsigned)) === unsigned;
}

const BRANCH = new Set([K.br64_1, K.br64_4, K.br32_1, K.br32_4, K.br16_1, K.br16_2, K.xbegin_2, K.xbegin_4]);
const SHORT_BRANCH = new Set([K.br64_1, K.br32_1, K.br16_1]);

/** `fword ptr`: 6 bytes, and also the 10-byte descriptor-table operand of 64-bit sgdt/lgdt/sidt/lidt, which the disassembler prints so. */
const FWORD = MEMORY_SIZE_KEYWORDS.fword;

function memorySizeFits(operand: Extract<Operand, { kind: 'memory' }>, candidate: Candidate): boolean {
  if (operand.size === undefined) return true;
  const size = MemorySizeExt.size(candidate.memorySize);
  if (operand.size === FWORD && candidate.memorySize === MemorySize.Fword10) return true;
  return size === 0 || size === operand.size;
}

/**
 * `mov fs, si` / `mov si, fs`: the r32/m16 forms take a 32-bit register that the disassembler
 * names by its 16-bit part; the 16-bit name stands for the 32-bit register there.
 */
function widenedWordRegister(kind: K, candidate: Candidate, register: Register): Register {
  if (kind !== K.r32_or_mem || MemorySizeExt.size(candidate.memorySize) !== 2 || !gpr16(register))
    return register;
  return register - Register.AX + Register.EAX;
}

/**
 * An operand without base or index is an address: encodable RIP-relative, EIP-relative (67h, for
 * an address below 4 GB, which a sign-extended [disp32] cannot reach above 2 GB) or as an
 * absolute [disp32].
 */
type Addressing = 'rip' | 'eip' | 'absolute';

/** Implicit operands of string instructions, which Intel syntax writes without operands (`rep stosb`). */
const STRING_OPERANDS: Partial<Record<K, OpKind>> = {
  [K.es_rDI]: OpKind.MemoryESRDI,
  [K.seg_rSI]: OpKind.MemorySegRSI,
  [K.seg_rDI]: OpKind.MemorySegRDI,
};
const IMPLICIT_REGISTERS: Partial<Record<K, Register>> = {
  [K.al]: Register.AL,
  [K.ax]: Register.AX,
  [K.eax]: Register.EAX,
  [K.rax]: Register.RAX,
  [K.dx]: Register.DX,
};

/** The register a string operand addresses through, and the segment it cannot override. */
const STRING_BASE: Partial<Record<K, { base: Register; fixedSegment?: Register }>> = {
  [K.es_rDI]: { base: Register.RDI, fixedSegment: Register.ES },
  [K.seg_rSI]: { base: Register.RSI },
  [K.seg_rDI]: { base: Register.RDI },
};
/** The same operands through esi/edi (an address-size prefix). */
const STRING_OPERANDS_32: Partial<Record<K, OpKind>> = {
  [K.es_rDI]: OpKind.MemoryESEDI,
  [K.seg_rSI]: OpKind.MemorySegESI,
  [K.seg_rDI]: OpKind.MemorySegEDI,
};

/**
 * `stosb`, `movsq`, `outsb`, `xlatb`...: the string form of `candidate`, written either without
 * operands or with the operands the disassembler shows (`stosb byte ptr es:[rdi]`).
 */
function buildStringInstruction(parsed: ParsedInstruction, candidate: Candidate): Instruction | undefined {
  const kinds = candidate.operandKinds;
  const xlat = kinds.length === 1 && kinds[0] === K.seg_rBX_al;
  if (!xlat && !kinds.some((k) => STRING_OPERANDS[k] !== undefined)) return undefined;
  if (!xlat && !kinds.every((k) => STRING_OPERANDS[k] !== undefined || IMPLICIT_REGISTERS[k] !== undefined))
    return undefined;
  // the disassembler shows the memory operands and leaves al/ax/eax/rax out (`stosb byte ptr es:[rdi]`)
  const written = parsed.operands;
  const memoryKinds = kinds.filter((k) => STRING_OPERANDS[k] !== undefined);
  const shownOnlyMemory = written.length === memoryKinds.length && written.length !== kinds.length;
  if (written.length !== 0 && written.length !== kinds.length && !shownOnlyMemory) return undefined;
  let next = 0;
  const instruction = new Instruction();
  instruction.code = candidate.code;
  let ok = true;
  kinds.forEach((k, i) => {
    const implicitRegister = shownOnlyMemory && STRING_OPERANDS[k] === undefined && !xlat;
    const operand = written.length === 0 || implicitRegister ? undefined : written[next++];
    if (xlat) {
      const base = operand?.kind === 'memory' ? operand.base : Register.RBX;
      if (
        operand &&
        (operand.kind !== 'memory' ||
          (base !== Register.RBX && base !== Register.EBX) ||
          operand.index !== Register.None)
      )
        return void (ok = false);
      instruction.setOpKind(i, OpKind.Memory);
      instruction.memoryBase = base;
      instruction.memoryIndex = Register.AL;
      if (operand?.kind === 'memory')
        instruction.segmentPrefix = encodedSegment(operand.segment, Register.RBX);
      return;
    }
    const memory = STRING_OPERANDS[k];
    if (memory !== undefined) {
      const rule = STRING_BASE[k]!;
      let opKind = memory;
      if (operand) {
        if (operand.kind !== 'memory' || operand.index !== Register.None) return void (ok = false);
        if (operand.base === rule.base - Register.RAX + Register.EAX) opKind = STRING_OPERANDS_32[k]!;
        else if (operand.base !== rule.base) return void (ok = false);
        if (operand.size !== undefined && operand.size !== MemorySizeExt.size(candidate.memorySize))
          return void (ok = false);
        if (rule.fixedSegment === undefined)
          instruction.segmentPrefix = encodedSegment(operand.segment, rule.base);
        else if (operand.segment !== Register.None && operand.segment !== rule.fixedSegment)
          return void (ok = false);
      }
      instruction.setOpKind(i, opKind);
      return;
    }
    const register = IMPLICIT_REGISTERS[k]!;
    if (operand && (operand.kind !== 'register' || operand.register !== register)) return void (ok = false);
    instruction.setOpKind(i, OpKind.Register);
    instruction.setOpRegister(i, register);
  });
  if (ok) return instruction;
  instruction.free();
  return undefined;
}

/**
 * The segment prefix to encode: none for the operand's default segment (SS through rsp/rbp, DS
 * otherwise, which the disassembler prints anyway), the written one otherwise.
 */
function encodedSegment(written: Register, base: Register): Register {
  if (written === Register.None) return Register.None;
  const stackBase =
    base === Register.RSP || base === Register.RBP || base === Register.ESP || base === Register.EBP;
  return written === (stackBase ? Register.SS : Register.DS) ? Register.None : written;
}

/** The instruction for `candidate` with the parsed operands, or undefined when they do not fit. */
/**
 * Operands the disassembler does not print: maskmovq's `ds:[rdi]` ('rdi'), or an opcode without
 * operands whose implicit registers it does print (`vmrun rax`: 'registers'). Encodings built so
 * are kept only when they disassemble exactly as written (`encodeInstruction`).
 */
function hiddenOperands(parsed: ParsedInstruction, candidate: Candidate): 'rdi' | 'registers' | undefined {
  const kinds = candidate.operandKinds;
  const written = parsed.operands;
  if (kinds.length === 0 && written.length > 0 && written.every((o) => o.kind === 'register'))
    return 'registers';
  if (
    kinds[0] === K.seg_rDI &&
    written.length === kinds.length - 1 &&
    written.every((o) => o.kind === 'register')
  )
    return 'rdi';
  return undefined;
}

function build(
  parsed: ParsedInstruction,
  candidate: Candidate,
  ip: bigint,
  addressing: Addressing,
): Instruction | undefined {
  const string = buildStringInstruction(parsed, candidate);
  if (string) {
    applyPrefixes(string, parsed, ip);
    return string;
  }
  if (parsed.prefixes.has('data64') && candidate.operandSize !== 64) return undefined;
  if (parsed.prefixes.has('data16') && candidate.operandSize !== 16) return undefined;
  if (parsed.prefixes.has('addr32') && candidate.addressSize !== 0 && candidate.addressSize !== 32)
    return undefined;
  if (parsed.branchSize === 'far' && !candidate.operandKinds.every((k) => !BRANCH.has(k))) return undefined;
  const { operands } = parsed;
  const hidden = hiddenOperands(parsed, candidate);
  if (hidden === 'registers') {
    // vmrun rax, clzero rax...: the opcode has no operands; the disassembler shows the implicit ones
    const bare = new Instruction();
    bare.code = candidate.code;
    applyPrefixes(bare, parsed, ip);
    return bare;
  }
  const kinds = hidden === 'rdi' ? candidate.operandKinds.slice(1) : candidate.operandKinds;
  if (kinds.length !== operands.length) return undefined;
  const instruction = new Instruction();
  instruction.code = candidate.code;
  if (hidden === 'rdi') instruction.setOpKind(0, OpKind.MemorySegRDI);
  let ok = true;
  kinds.forEach((kind, written) => {
    if (!ok) return;
    const operand = operands[written]!;
    const i = hidden === 'rdi' ? written + 1 : written;
    const setKind = (opKind: OpKind): void => instruction.setOpKind(i, opKind);
    if (operand.kind === 'register') {
      const register = widenedWordRegister(kind, candidate, operand.register);
      const accepts = REGISTER_CLASS[kind] ?? REGISTER_OR_MEMORY[kind];
      if (!accepts?.(register)) return void (ok = false);
      setKind(OpKind.Register);
      instruction.setOpRegister(i, register);
      return;
    }
    if (operand.kind === 'memory') {
      const vsib = VSIB[kind];
      if (!(MEMORY_ONLY.has(kind) || kind in REGISTER_OR_MEMORY || vsib)) return void (ok = false);
      if (
        vsib
          ? !vsib(operand.index)
          : operand.index !== Register.None && !gpr64(operand.index) && !gpr32(operand.index)
      )
        return void (ok = false);
      if (!memorySizeFits(operand, candidate)) return void (ok = false);
      if (kind === K.mem_offs && (operand.base !== Register.None || operand.index !== Register.None))
        return void (ok = false);
      setKind(OpKind.Memory);
      const noBase = operand.base === Register.None && operand.index === Register.None;
      const relativeBase =
        addressing === 'rip' ? Register.RIP : addressing === 'eip' ? Register.EIP : undefined;
      instruction.memoryBase =
        noBase && relativeBase !== undefined && kind !== K.mem_offs ? relativeBase : operand.base;
      instruction.memoryIndex = operand.index;
      instruction.memoryIndexScale = operand.scale;
      instruction.segmentPrefix = encodedSegment(operand.segment, operand.base);
      // an explicit [rip+disp] first gets a target near ip (iced wants the target, and the
      // length is not known yet); encodeCandidate then sets the real one
      instruction.memoryDisplacement =
        operand.base === Register.RIP
          ? BigInt.asUintN(64, ip + operand.displacement)
          : BigInt.asUintN(
              gpr32(operand.base) || gpr32(operand.index) || instruction.memoryBase === Register.EIP
                ? 32
                : 64,
              operand.displacement,
            );
      instruction.memoryDisplSize =
        (noBase || kind === K.mem_offs) && parsed.prefixes.has('addr32')
          ? 4
          : operand.base === Register.RIP || noBase || kind === K.mem_offs
            ? 8
            : operand.displacement === 0n
              ? 0
              : operand.displacement >= -0x80n && operand.displacement <= 0x7fn
                ? 1
                : gpr32(operand.base) || gpr32(operand.index)
                  ? 4
                  : 8; // iced's size of a sign-extended disp32 in 64-bit addressing
      return;
    }
    if (BRANCH.has(kind)) {
      if (parsed.branchSize === 'short' && !SHORT_BRANCH.has(kind)) return void (ok = false);
      if (parsed.branchSize === 'near' && SHORT_BRANCH.has(kind)) return void (ok = false);
      setKind(OpKind.NearBranch64);
      instruction.nearBranch64 = BigInt.asUintN(64, operand.value);
      return;
    }
    const immediate = IMMEDIATE[kind];
    if (!immediate || !immediate.fits(operand.value)) return void (ok = false);
    setKind(i === 1 && candidate.operandKinds[0] === K.imm16 ? OpKind.Immediate8_2nd : immediate.opKind);
    instruction.setImmediateU64(i, BigInt.asUintN(64, operand.value));
  });
  if (!ok) {
    instruction.free();
    return undefined;
  }
  applyPrefixes(instruction, parsed, ip);
  return instruction;
}

function applyPrefixes(instruction: Instruction, parsed: ParsedInstruction, ip: bigint): void {
  // rep and repe are the same F3 byte in iced: only ever switch prefixes on, never off again
  const prefixes = parsed.prefixes;
  if (prefixes.has('lock')) instruction.hasLockPrefix = true;
  if (prefixes.has('rep')) instruction.hasRepPrefix = true;
  if (prefixes.has('repe')) instruction.hasRepePrefix = true;
  if (prefixes.has('repne')) instruction.hasRepnePrefix = true;
  if (prefixes.has('xacquire')) instruction.hasXacquirePrefix = true;
  if (prefixes.has('xrelease')) instruction.hasXreleasePrefix = true;
  // BND is F2 on a branch; NOTRACK and the taken hint are a DS override, the not-taken hint a CS one
  if (prefixes.has('bnd')) instruction.hasRepnePrefix = true;
  if (prefixes.has('notrack') || prefixes.has('hint-taken')) instruction.segmentPrefix = Register.DS;
  if (prefixes.has('hint-not-taken')) instruction.segmentPrefix = Register.CS;
  instruction.ip = ip;
}

/** RIP-relative operands are written relative to the next instruction; iced wants the target. */
function resolveRipRelative(
  parsed: ParsedInstruction,
  instruction: Instruction,
  length: number,
  ip: bigint,
): void {
  parsed.operands.forEach((operand) => {
    if (operand.kind === 'memory' && operand.base === Register.RIP)
      instruction.memoryDisplacement = BigInt.asUintN(64, ip + BigInt(length) + operand.displacement);
  });
}

function encode(instruction: Instruction, ip: bigint): Uint8Array | undefined {
  const encoder = new Encoder(64);
  try {
    encoder.encode(instruction, ip);
    return encoder.takeBuffer();
  } catch {
    return undefined;
  } finally {
    encoder.free();
  }
}

/**
 * The operand lists to try: as written, and without an `st` the disassembler prints for x87
 * instructions whose opcode has it implicit (`fadd st, dword ptr [rax]`, `fstp st(1), st`).
 */
function operandReadings(parsed: ParsedInstruction): ParsedInstruction[] {
  const readings = [parsed];
  const isSt0 = (o: Operand | undefined): boolean => o?.kind === 'register' && o.register === Register.ST0;
  const ops = parsed.operands;
  if (ops.length === 2 && isSt0(ops[0])) readings.push({ ...parsed, operands: ops.slice(1) });
  if (ops.length === 2 && isSt0(ops[1])) readings.push({ ...parsed, operands: ops.slice(0, 1) });
  // `fxch`, `fdivp`, `fcomp`: the x87 defaults st(1) (and st)
  if (ops.length === 0) {
    const st1: Operand = { kind: 'register', register: Register.ST1 };
    const st0: Operand = { kind: 'register', register: Register.ST0 };
    readings.push(
      { ...parsed, operands: [st1] },
      { ...parsed, operands: [st1, st0] },
      { ...parsed, operands: [st0, st1] },
    );
  }
  // `imul ecx, 0x10` is `imul ecx, ecx, 0x10`
  if (
    parsed.mnemonic === 'imul' &&
    ops.length === 2 &&
    ops[0]!.kind === 'register' &&
    ops[1]!.kind === 'immediate'
  )
    readings.push({ ...parsed, operands: [ops[0]!, ops[0]!, ops[1]!] });
  return readings;
}

interface Encoded {
  readonly bytes: Uint8Array;
  readonly code: Code;
  readonly memorySize: number;
  /** Built with operands the disassembler leaves out: valid only if it prints as written. */
  readonly hidden: boolean;
}

function encodeCandidate(
  parsed: ParsedInstruction,
  candidate: Candidate,
  ip: bigint,
  addressing: Addressing,
): Encoded | undefined {
  const instruction = build(parsed, candidate, ip, addressing);
  if (!instruction) return undefined;
  let bytes = encode(instruction, ip);
  if (bytes && parsed.operands.some((o) => o.kind === 'memory' && o.base === Register.RIP)) {
    // the length does not depend on the rip displacement (always 32 bits): encode again with the target
    resolveRipRelative(parsed, instruction, bytes.length, ip);
    bytes = encode(instruction, ip);
  }
  instruction.free();
  return (
    bytes && {
      bytes,
      code: candidate.code,
      memorySize: MemorySizeExt.size(candidate.memorySize),
      hidden: hiddenOperands(parsed, candidate) !== undefined,
    }
  );
}

const normalizedText = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** The shortest encoding of one parsed instruction at `ip`, or why there is none. */
export function encodeInstruction(
  parsed: ParsedInstruction,
  ip: bigint,
): { bytes: Uint8Array; code: Code } | string {
  const list = candidates(parsed.mnemonic);
  if (list.length === 0) return `unknown mnemonic '${parsed.mnemonic}'`;
  const addresses = parsed.operands.filter(
    (o) => o.kind === 'memory' && o.base === Register.None && o.index === Register.None,
  );
  // Keystone (LLVM's assembler, which HyperDbg uses) writes an address as an absolute [disp32],
  // also at ip 0 where event blocks are assembled and a RIP-relative form would point elsewhere
  // once the block runs; segment offsets (gs:[0x188]) alike. An address a sign-extended disp32
  // cannot hold (LLVM truncates it) is encoded RIP-relative, as a 64-bit moffs or EIP-relative
  // instead, the shortest: the disassembler prints all of them as that address.
  const disp32 = (o: Operand): boolean =>
    o.kind === 'memory' &&
    BigInt.asIntN(64, o.displacement) >= -(1n << 31n) &&
    BigInt.asIntN(64, o.displacement) < 1n << 31n;
  // an address below 4 GB may also be EIP-relative; last, so an absolute form of the same length wins
  const below4G = addresses.some(
    (o) => o.kind === 'memory' && o.displacement >= 0n && o.displacement < 1n << 32n,
  );
  const eip: Addressing[] = below4G ? ['eip'] : [];
  const addressings: Addressing[][] =
    addresses.length === 0
      ? [['absolute']]
      : addresses.every(disp32)
        ? [['absolute'], ['rip', ...eip]]
        : [['rip', 'absolute', ...eip]];
  for (const round of addressings) {
    const encoded: Encoded[] = [];
    for (const reading of operandReadings(parsed))
      for (const candidate of list)
        for (const addressing of round) {
          const result = encodeCandidate(reading, candidate, ip, addressing);
          if (result) encoded.push(result);
        }
    if (encoded.length === 0) continue;
    // What is written is what comes back: the encodings the disassembler prints exactly as written
    // (fmul st(0), st vs fmul st, st(0); mov di, fs), or all of them when the spelling differs.
    const written = normalizedText(parsed.text);
    const printedAsWritten = encoded.filter(
      (e) =>
        normalizedText(disassemble(e.bytes, ip, { is32Bit: false, maxInstructions: 1 })[0]?.text ?? '') ===
        written,
    );
    const visible = encoded.filter((e) => !e.hidden);
    const pool = printedAsWritten.length > 0 ? printedAsWritten : visible;
    if (pool.length === 0) continue;
    const shortest = Math.min(...pool.map((e) => e.bytes.length));
    const best = pool.filter((e) => e.bytes.length === shortest);
    const unsized = parsed.operands.some((o) => o.kind === 'memory' && o.size === undefined);
    if (unsized && new Set(best.map((e) => e.memorySize)).size > 1) {
      return `the operand size of '${parsed.mnemonic}' is ambiguous; say it with byte ptr, word ptr, dword ptr or qword ptr`;
    }
    const chosen = best[0]!;
    return { bytes: chosen.bytes, code: chosen.code };
  }
  return `invalid operands for '${parsed.mnemonic}'`;
}

/**
 * A snippet as HyperDbg hands it to the assembler: newlines dropped, runs of spaces collapsed,
 * empty statements between `;` left out.
 */
export function hyperDbgStatements(snippet: string): string {
  return snippet
    .replaceAll('\n', '')
    .replace(/ +/g, ' ')
    .split(';')
    .filter((s) => s !== '')
    .join(';');
}

/**
 * Assembles a HyperDbg snippet: statements separated by `;` (empty ones skipped, as HyperDbg
 * drops them), each placed after the previous one starting at `ip`.
 */
export function assemble(source: string, ip: bigint): AssembleResult {
  const statements = source
    .replace(/\n/g, '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const chunks: Uint8Array[] = [];
  let at = ip;
  for (let i = 0; i < statements.length; i++) {
    const parsed = parseIntelInstruction(statements[i]!);
    if (!parsed.ok) return { ok: false, error: parsed.error, statement: i };
    const encoded = encodeInstruction(parsed.value, at);
    if (typeof encoded === 'string')
      return { ok: false, error: `${encoded} in '${statements[i]}'`, statement: i };
    chunks.push(encoded.bytes);
    at += BigInt(encoded.bytes.length);
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes, statements: statements.length };
}
