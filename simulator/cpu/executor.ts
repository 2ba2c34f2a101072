import {
  Code,
  Decoder,
  DecoderOptions,
  MemorySizeExt,
  Mnemonic,
  OpKind,
  Register,
  RegisterExt,
  type Instruction,
} from 'iced-x86';
import type { CoreState, Machine } from '../machine';
import type { GprName } from '../registers';
import type { CpuModel, MsrFile } from './cpu-model';
import { MSR, readPort } from './cpu-model';
import {
  addWithFlags,
  CF,
  conditionHolds,
  IF,
  logicFlags,
  mask,
  mergeStatusFlags,
  OF,
  RESERVED_ONE,
  shiftWithFlags,
  subWithFlags,
} from './flags';

/**
 * Executes one instruction of a simulated core with its architectural effects, decoded by
 * iced-x86: RIP, RSP, RFLAGS, the general-purpose registers and the memory it writes, for the
 * instructions kernel code steps through (data movement, stack, integer arithmetic and logic,
 * shifts, control transfer, conditional moves and sets, and the system instructions the
 * debugger's events trap: syscall, cpuid, rdmsr/wrmsr, in/out). Any other instruction only
 * advances RIP (see docs/simulator.md). A load from an unmapped address reads zero and a store
 * to one is dropped: Windows would bugcheck there, and a debugger session must go on.
 */

export interface ExecutionHost {
  readonly machine: Machine;
  readonly cpu: CpuModel;
  msrs(core: number): MsrFile;
  /** the code bytes at `rip` as the core fetches them (software breakpoints' 0xCC hidden) */
  instructionBytes(core: CoreState, rip: bigint, length: number): Uint8Array;
  /** the time-stamp counter rdtsc and rdmsr 0x10 read */
  tsc(): bigint;
}

export interface MemoryAccess {
  address: bigint;
  size: number;
  write: boolean;
}

export interface ExecutedInstruction {
  mnemonic: Mnemonic;
  /** the address it executed at */
  rip: bigint;
  length: number;
  /** data memory it read or wrote (stack pushes and pops included) */
  accesses: MemoryAccess[];
  /** outside the modelled set: only RIP advanced */
  approximated: boolean;
}

const M64 = mask(64);
const MAX_INSTRUCTION_LENGTH = 15;

const GPR_BY_NUMBER: readonly GprName[] = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];
const HIGH_BYTE = new Map<Register, GprName>([
  [Register.AH, 'rax'],
  [Register.CH, 'rcx'],
  [Register.DH, 'rdx'],
  [Register.BH, 'rbx'],
]);

/** Decodes the instruction at `rip` from the core's address space; undefined when nothing is mapped there. */
export function decodeAt(host: ExecutionHost, core: CoreState, rip = core.regs.rip): Instruction | undefined {
  const bytes = host.instructionBytes(core, rip, MAX_INSTRUCTION_LENGTH);
  if (bytes.length === 0) return undefined;
  const decoder = new Decoder(core.regs.cs === 0x23 ? 32 : 64, bytes, DecoderOptions.None);
  decoder.ip = rip;
  const instruction = decoder.decode();
  decoder.free();
  return instruction;
}

export function executeInstruction(
  host: ExecutionHost,
  coreIndex: number,
  core: CoreState,
): ExecutedInstruction | undefined {
  const instruction = decodeAt(host, core);
  if (!instruction) return undefined;
  try {
    return new Execution(host, coreIndex, core, instruction).run();
  } finally {
    instruction.free();
  }
}

class Execution {
  private readonly accesses: MemoryAccess[] = [];
  private readonly regs;
  private nextRip: bigint;

  constructor(
    private readonly host: ExecutionHost,
    private readonly coreIndex: number,
    private readonly core: CoreState,
    private readonly ins: Instruction,
  ) {
    this.regs = core.regs;
    this.nextRip = ins.nextIP;
  }

  run(): ExecutedInstruction {
    const ins = this.ins;
    const rip = this.regs.rip;
    const length = ins.code === Code.INVALID ? 1 : ins.length;
    if (ins.code === Code.INVALID) this.nextRip = rip + 1n;
    const approximated = ins.code === Code.INVALID || !this.apply();
    this.regs.rip = this.nextRip & M64;
    this.regs.rflags |= RESERVED_ONE;
    return { mnemonic: ins.mnemonic, rip, length, accesses: this.accesses, approximated };
  }

  /** Applies the instruction; false when it is outside the modelled set. */
  private apply(): boolean {
    const ins = this.ins;
    const name = Mnemonic[ins.mnemonic] ?? '';
    if (ins.isJccShortOrNear) {
      if (conditionHolds(ins.conditionCode, this.regs.rflags)) this.nextRip = ins.nearBranchTarget;
      return true;
    }
    if (name.startsWith('Cmov')) {
      const size = this.size(0);
      const value = conditionHolds(ins.conditionCode, this.regs.rflags)
        ? this.read(1, size)
        : this.read(0, size);
      this.write(0, value, size);
      return true;
    }
    if (name.startsWith('Set') && ins.conditionCode !== 0) {
      this.write(0, conditionHolds(ins.conditionCode, this.regs.rflags) ? 1n : 0n, 1);
      return true;
    }
    switch (ins.mnemonic) {
      case Mnemonic.Mov:
        this.write(0, this.read(1, this.size(0)), this.size(0));
        return true;
      case Mnemonic.Movzx:
        this.write(0, this.read(1, this.size(1)), this.size(0));
        return true;
      case Mnemonic.Movsx:
      case Mnemonic.Movsxd:
        this.write(0, signExtend(this.read(1, this.size(1)), this.size(1)), this.size(0));
        return true;
      case Mnemonic.Lea:
        this.write(0, this.effectiveAddress(false), this.size(0));
        return true;
      case Mnemonic.Push: {
        const value = this.read(0, 8);
        this.push(this.ins.opKind(0) === OpKind.Register ? value : signExtend(value, this.size(0)));
        return true;
      }
      case Mnemonic.Pop:
        this.write(0, this.pop(), 8);
        return true;
      case Mnemonic.Leave:
        this.regs.gpr.rsp = this.regs.gpr.rbp;
        this.regs.gpr.rbp = this.pop();
        return true;
      case Mnemonic.Add:
      case Mnemonic.Adc:
      case Mnemonic.Sub:
      case Mnemonic.Sbb:
      case Mnemonic.Cmp:
        this.arithmetic(ins.mnemonic);
        return true;
      case Mnemonic.And:
      case Mnemonic.Or:
      case Mnemonic.Xor:
      case Mnemonic.Test:
        this.logic(ins.mnemonic);
        return true;
      case Mnemonic.Inc:
      case Mnemonic.Dec: {
        const size = this.size(0);
        const bits = size * 8;
        const a = this.read(0, size);
        const r = ins.mnemonic === Mnemonic.Inc ? addWithFlags(a, 1n, bits) : subWithFlags(a, 1n, bits);
        this.write(0, r.result, size);
        this.regs.rflags = mergeStatusFlags(this.regs.rflags, r.flags, CF);
        return true;
      }
      case Mnemonic.Neg: {
        const size = this.size(0);
        const r = subWithFlags(0n, this.read(0, size), size * 8);
        this.write(0, r.result, size);
        this.regs.rflags = mergeStatusFlags(this.regs.rflags, r.flags);
        return true;
      }
      case Mnemonic.Not:
        this.write(0, ~this.read(0, this.size(0)), this.size(0));
        return true;
      case Mnemonic.Shl:
      case Mnemonic.Sal:
      case Mnemonic.Shr:
      case Mnemonic.Sar:
        this.shift(ins.mnemonic);
        return true;
      case Mnemonic.Imul:
        return this.imul();
      case Mnemonic.Xchg: {
        const size = this.size(0);
        const a = this.read(0, size);
        const b = this.read(1, size);
        this.write(0, b, size);
        this.write(1, a, size);
        return true;
      }
      case Mnemonic.Cdqe:
        this.regs.gpr.rax = signExtend(this.regs.gpr.rax & 0xffffffffn, 4);
        return true;
      case Mnemonic.Cqo:
        this.regs.gpr.rdx = this.regs.gpr.rax >> 63n ? M64 : 0n;
        return true;
      case Mnemonic.Call:
        this.push(this.nextRip);
        this.nextRip = this.branchTarget();
        return true;
      case Mnemonic.Ret: {
        const target = this.pop();
        if (ins.opCount === 1) this.regs.gpr.rsp = (this.regs.gpr.rsp + BigInt(ins.immediate16)) & M64;
        this.nextRip = target;
        return true;
      }
      case Mnemonic.Jmp:
        this.nextRip = this.branchTarget();
        return true;
      case Mnemonic.Nop:
      case Mnemonic.Pause:
      case Mnemonic.Int3:
      case Mnemonic.Lfence:
      case Mnemonic.Mfence:
      case Mnemonic.Sfence:
      case Mnemonic.Prefetchnta:
      case Mnemonic.Prefetcht0:
      case Mnemonic.Hlt:
        return true;
      case Mnemonic.Sti:
        this.regs.rflags |= IF;
        return true;
      case Mnemonic.Cli:
        this.regs.rflags &= ~IF;
        return true;
      case Mnemonic.Syscall:
        this.syscall();
        return true;
      case Mnemonic.Sysret:
      case Mnemonic.Sysretq:
        this.nextRip = this.regs.gpr.rcx;
        this.regs.rflags = (this.regs.gpr.r11 & 0x3c7fd7n) | RESERVED_ONE;
        this.regs.cs = 0x33;
        this.regs.ss = 0x2b;
        return true;
      case Mnemonic.Swapgs:
        this.host.msrs(this.coreIndex).swapGs();
        return true;
      case Mnemonic.Cpuid: {
        const g = this.regs.gpr;
        const [eax, ebx, ecx, edx] = this.host.cpu.cpuid(
          Number(g.rax & 0xffffffffn),
          Number(g.rcx & 0xffffffffn),
          this.coreIndex,
        );
        g.rax = BigInt(eax >>> 0);
        g.rbx = BigInt(ebx >>> 0);
        g.rcx = BigInt(ecx >>> 0);
        g.rdx = BigInt(edx >>> 0);
        return true;
      }
      case Mnemonic.Rdmsr: {
        const g = this.regs.gpr;
        // an unimplemented MSR would raise #GP; it reads as zero here (docs/simulator.md)
        const value = this.host.msrs(this.coreIndex).read(Number(g.rcx & 0xffffffffn), this.host.tsc()) ?? 0n;
        g.rax = value & 0xffffffffn;
        g.rdx = value >> 32n;
        return true;
      }
      case Mnemonic.Wrmsr: {
        const g = this.regs.gpr;
        this.host
          .msrs(this.coreIndex)
          .write(Number(g.rcx & 0xffffffffn), ((g.rdx & 0xffffffffn) << 32n) | (g.rax & 0xffffffffn));
        return true;
      }
      case Mnemonic.Rdtsc: {
        const tsc = this.host.tsc();
        this.regs.gpr.rax = tsc & 0xffffffffn;
        this.regs.gpr.rdx = (tsc >> 32n) & 0xffffffffn;
        return true;
      }
      case Mnemonic.In: {
        const size = this.size(0);
        this.write(0, readPort(Number(this.read(1, 2)), size), size);
        return true;
      }
      case Mnemonic.Out:
        // the simulated devices ignore what is written to them
        return true;
      default:
        return false;
    }
  }

  // ---- operands --------------------------------------------------------------------------------

  /** Byte size of operand `i` (immediates take the size of the operand they combine with). */
  private size(i: number): number {
    const kind = this.ins.opKind(i);
    if (kind === OpKind.Register) return RegisterExt.size(this.ins.opRegister(i));
    if (kind === OpKind.Memory) return MemorySizeExt.size(this.ins.memorySize);
    return i > 0 ? this.size(0) : 8;
  }

  private read(i: number, size: number): bigint {
    const ins = this.ins;
    switch (ins.opKind(i)) {
      case OpKind.Register:
        return this.readRegister(ins.opRegister(i)) & mask(size * 8);
      case OpKind.Memory:
        return this.load(this.effectiveAddress(true), size);
      case OpKind.NearBranch16:
      case OpKind.NearBranch32:
      case OpKind.NearBranch64:
        return ins.nearBranchTarget;
      default:
        return ins.immediate(i) & mask(size * 8);
    }
  }

  private write(i: number, value: bigint, size: number): void {
    const ins = this.ins;
    if (ins.opKind(i) === OpKind.Register) this.writeRegister(ins.opRegister(i), value & mask(size * 8));
    else if (ins.opKind(i) === OpKind.Memory) this.store(this.effectiveAddress(true), value, size);
  }

  private branchTarget(): bigint {
    return this.read(0, 8);
  }

  /** base + index × scale + displacement, plus the FS/GS base when `withSegment`. */
  private effectiveAddress(withSegment: boolean): bigint {
    const ins = this.ins;
    let address: bigint;
    if (ins.isIpRelMemoryOperand) address = ins.ipRelMemoryAddress;
    else {
      address = ins.memoryDisplacement;
      if (ins.memoryBase !== Register.None) address += this.readRegister(ins.memoryBase);
      if (ins.memoryIndex !== Register.None)
        address += this.readRegister(ins.memoryIndex) * BigInt(ins.memoryIndexScale);
    }
    if (withSegment) {
      const msrs = this.host.msrs(this.coreIndex);
      if (ins.memorySegment === Register.GS) address += msrs.read(MSR.GS_BASE, 0n) ?? 0n;
      else if (ins.memorySegment === Register.FS) address += msrs.read(MSR.FS_BASE, 0n) ?? 0n;
    }
    return address & M64;
  }

  private readRegister(register: Register): bigint {
    const regs = this.regs;
    const high = HIGH_BYTE.get(register);
    if (high) return (regs.gpr[high] >> 8n) & 0xffn;
    if (RegisterExt.isGPR(register)) {
      const name =
        GPR_BY_NUMBER[
          RegisterExt.number(RegisterExt.fullRegister(register)) - RegisterExt.number(Register.RAX)
        ];
      return regs.gpr[name] & mask(RegisterExt.size(register) * 8);
    }
    if (register === Register.RIP || register === Register.EIP) return this.nextRip;
    if (RegisterExt.isCR(register)) {
      const crs: Partial<Record<number, bigint>> = {
        [Register.CR0]: regs.cr0,
        [Register.CR2]: regs.cr2,
        [Register.CR3]: regs.cr3,
        [Register.CR4]: regs.cr4,
        [Register.CR8]: regs.cr8,
      };
      return crs[register] ?? 0n;
    }
    const segments: Partial<Record<number, number>> = {
      [Register.CS]: regs.cs,
      [Register.DS]: regs.ds,
      [Register.ES]: regs.es,
      [Register.FS]: regs.fs,
      [Register.GS]: regs.gs,
      [Register.SS]: regs.ss,
    };
    return BigInt(segments[register] ?? 0);
  }

  private writeRegister(register: Register, value: bigint): void {
    const gpr = this.regs.gpr;
    const high = HIGH_BYTE.get(register);
    if (high) {
      gpr[high] = (gpr[high] & ~0xff00n) | ((value & 0xffn) << 8n);
      return;
    }
    if (RegisterExt.isGPR(register)) {
      const name =
        GPR_BY_NUMBER[
          RegisterExt.number(RegisterExt.fullRegister(register)) - RegisterExt.number(Register.RAX)
        ];
      const size = RegisterExt.size(register);
      // a 32-bit destination clears the upper half; 8- and 16-bit ones keep the rest
      gpr[name] =
        size >= 4 ? value & mask(size * 8) : (gpr[name] & ~mask(size * 8)) | (value & mask(size * 8));
      return;
    }
    const regs = this.regs;
    if (register === Register.CR0) regs.cr0 = value;
    else if (register === Register.CR2) regs.cr2 = value;
    else if (register === Register.CR3) regs.cr3 = value;
    else if (register === Register.CR4) regs.cr4 = value;
    else if (register === Register.CR8) regs.cr8 = value;
  }

  private load(address: bigint, size: number): bigint {
    this.accesses.push({ address, size, write: false });
    const bytes = this.host.machine.readVirtual(address, size, this.core.pid);
    let value = 0n;
    if (bytes.length < size) return 0n;
    for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
    return value;
  }

  private store(address: bigint, value: bigint, size: number): void {
    this.accesses.push({ address, size, write: true });
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = Number((value >> BigInt(i * 8)) & 0xffn);
    this.host.machine.writeVirtual(address, bytes, this.core.pid);
  }

  private push(value: bigint): void {
    this.regs.gpr.rsp = (this.regs.gpr.rsp - 8n) & M64;
    this.store(this.regs.gpr.rsp, value, 8);
  }

  private pop(): bigint {
    const value = this.load(this.regs.gpr.rsp, 8);
    this.regs.gpr.rsp = (this.regs.gpr.rsp + 8n) & M64;
    return value;
  }

  // ---- instruction families ---------------------------------------------------------------------

  private arithmetic(mnemonic: Mnemonic): void {
    const size = this.size(0);
    const bits = size * 8;
    const a = this.read(0, size);
    const b = this.read(1, size);
    const carry = this.regs.rflags & CF ? 1n : 0n;
    const r =
      mnemonic === Mnemonic.Add
        ? addWithFlags(a, b, bits)
        : mnemonic === Mnemonic.Adc
          ? addWithFlags(a, b, bits, carry)
          : mnemonic === Mnemonic.Sbb
            ? subWithFlags(a, b, bits, carry)
            : subWithFlags(a, b, bits);
    if (mnemonic !== Mnemonic.Cmp) this.write(0, r.result, size);
    this.regs.rflags = mergeStatusFlags(this.regs.rflags, r.flags);
  }

  private logic(mnemonic: Mnemonic): void {
    const size = this.size(0);
    const a = this.read(0, size);
    const b = this.read(1, size);
    const value = mnemonic === Mnemonic.Or ? a | b : mnemonic === Mnemonic.Xor ? a ^ b : a & b;
    const r = logicFlags(value, size * 8);
    if (mnemonic !== Mnemonic.Test) this.write(0, r.result, size);
    this.regs.rflags = mergeStatusFlags(this.regs.rflags, r.flags);
  }

  private shift(mnemonic: Mnemonic): void {
    const size = this.size(0);
    const countMask = size === 8 ? 0x3fn : 0x1fn;
    const count = Number((this.ins.opCount > 1 ? this.read(1, 1) : 1n) & countMask);
    if (count === 0) return;
    const kind = mnemonic === Mnemonic.Shr ? 'shr' : mnemonic === Mnemonic.Sar ? 'sar' : 'shl';
    const r = shiftWithFlags(kind, this.read(0, size), count, size * 8);
    this.write(0, r.result, size);
    this.regs.rflags = mergeStatusFlags(this.regs.rflags, r.flags);
  }

  /** Two- and three-operand imul; the one-operand form (RDX:RAX) is outside the modelled set. */
  private imul(): boolean {
    const ins = this.ins;
    if (ins.opCount < 2) return false;
    const size = this.size(0);
    const bits = size * 8;
    const a = signExtendTo(this.read(ins.opCount === 3 ? 1 : 0, size), size);
    const b = signExtendTo(ins.opCount === 3 ? this.read(2, size) : this.read(1, size), size);
    const full = a * b;
    const result = BigInt.asUintN(bits, full);
    this.write(0, result, size);
    const overflow = BigInt.asIntN(bits, full) !== full;
    this.regs.rflags = (this.regs.rflags & ~(CF | OF)) | (overflow ? CF | OF : 0n);
    return true;
  }

  /** syscall: RCX and R11 keep the return point and flags, IA32_FMASK masks RFLAGS, RIP = IA32_LSTAR. */
  private syscall(): void {
    const msrs = this.host.msrs(this.coreIndex);
    const regs = this.regs;
    regs.gpr.rcx = this.nextRip;
    regs.gpr.r11 = regs.rflags;
    regs.rflags &= ~(msrs.read(MSR.FMASK, 0n) ?? 0n);
    regs.cs = 0x10;
    regs.ss = 0x18;
    this.nextRip = msrs.read(MSR.LSTAR, 0n) ?? 0n;
  }
}

/** Sign-extends a `size`-byte value to 64 bits (as an unsigned bigint). */
function signExtend(value: bigint, size: number): bigint {
  return BigInt.asUintN(64, BigInt.asIntN(size * 8, value));
}

function signExtendTo(value: bigint, size: number): bigint {
  return BigInt.asIntN(size * 8, value);
}
