import { FlowControl, Mnemonic, OpKind, Register } from 'iced-x86';
import { CodeIndex, type CallEdge, type DecodedFunction } from '../code-sites';
import type { CoreState, Machine } from '../machine';
import { CpuModel, MSR, MsrFile } from './cpu-model';
import { decodeAt, executeInstruction, type ExecutedInstruction, type ExecutionHost } from './executor';

/**
 * The simulated cores as a processor: the modelled CPU and each core's MSRs and KPCR, one
 * instruction at a time (`t`), a call run to its return (`p`), and cores placed at an
 * instruction with the stack a real call chain leaves (each caller's prologue run up to its
 * call, so every return address sits where the epilogues, `k` and `gu` find it).
 */

/** Instructions a call stepped over may run before the step gives up and returns (docs/simulator.md). */
export const STEP_OVER_BUDGET = 100_000;
/** Deepest call chain a placement builds. */
const MAX_CHAIN_DEPTH = 8;
/** Instructions walked per function from its entry to the call or site. */
const MAX_WALK = 256;
/** Windows' KPCR fields the system-call entry uses */
/** the most stack bytes a kept placement restores */
const MAX_CACHED_STACK = 0x4000n;
/** what the stack top holds above the first frame (KTRAP_FRAME, KSTART_FRAME, home space) */
const THREAD_START_FRAME = 0x1000n;
const KPCR_CURRENT_THREAD = 0x188n;
const KPCR_RSP_BASE = 0x1a8n;
const KPCR_BASE = 0xfffff80170000000n;
const KPCR_STRIDE = 0x10000n;
const USER_CS = 0x33;
const USER_SS = 0x2b;
const KERNEL_CS = 0x10;
const KERNEL_SS = 0x18;
/** the user-mode TEB the GS base points to while a core runs user code */
const USER_GS_BASE = 0x000000c0a1b2e000n;

interface Placement {
  rsp: bigint;
  rbp: bigint;
  cs: number;
  ss: number;
  kernelGs: boolean;
  stack: Uint8Array;
}

export class Processor implements ExecutionHost {
  readonly cpu: CpuModel;
  private readonly msrFiles: MsrFile[];
  private index: CodeIndex | undefined;
  /** placements already built, by core and RIP (the walk is the same every time) */
  private readonly placements = new Map<string, Placement>();
  /** whether GS base holds the KPCR (kernel) or the TEB (user), per core */
  private readonly kernelGs: boolean[];
  /** KiSystemStartup's wait-loop call (null: the kernel image has none) */
  private startEdge: CallEdge | null | undefined;

  constructor(
    readonly machine: Machine,
    private readonly timeStampCounter: () => bigint,
    private readonly hideBreakpoints: (address: bigint, bytes: Uint8Array) => Uint8Array = (_, b) => b,
  ) {
    const cores = machine.cores.length;
    this.cpu = new CpuModel(cores);
    const lstar = machine.kernelFunctions().find((f) => f.name === 'KiSystemCall64')?.address ?? 0n;
    this.msrFiles = machine.cores.map((core, i) => {
      const kpcr = KPCR_BASE + BigInt(i) * KPCR_STRIDE;
      machine.mapKernelData(kpcr, 0x1000n);
      machine.writeVirtual(kpcr + KPCR_RSP_BASE, u64(core.kernelStackTop), core.pid);
      return new MsrFile(i, { lstar, cstar: lstar, kpcr, userGsBase: USER_GS_BASE });
    });
    this.kernelGs = machine.cores.map(() => true);
  }

  msrs(core: number): MsrFile {
    return this.msrFiles[core];
  }

  tsc(): bigint {
    return this.timeStampCounter();
  }

  instructionBytes(core: CoreState, rip: bigint, length: number): Uint8Array {
    return this.hideBreakpoints(rip, this.machine.readVirtual(rip, length, core.pid));
  }

  /** The modules' decoded code; rebuilt after `codeChanged`. */
  get code(): CodeIndex {
    this.index ??= new CodeIndex(this.machine);
    return this.index;
  }

  /** Module code bytes were replaced: decode again on next use. */
  codeChanged(): void {
    this.index = undefined;
    this.placements.clear();
  }

  /** `t`: one instruction with all its effects. */
  step(coreIndex: number): ExecutedInstruction | undefined {
    const core = this.machine.cores[coreIndex];
    const executed = executeInstruction(this, coreIndex, core);
    if (executed?.mnemonic === Mnemonic.Swapgs) this.kernelGs[coreIndex] = !this.kernelGs[coreIndex];
    if (executed?.mnemonic === Mnemonic.Syscall) this.enterKernel(core);
    if (executed?.mnemonic === Mnemonic.Sysret || executed?.mnemonic === Mnemonic.Sysretq)
      this.kernelGs[coreIndex] = false;
    return executed;
  }

  /**
   * `p` over a call: the callee runs until it returns to `returnAddress` with the caller's
   * stack. A callee that does not return within STEP_OVER_BUDGET instructions is cut short:
   * RIP and RSP are set as its return would set them.
   */
  stepOver(coreIndex: number, returnAddress: bigint): void {
    const core = this.machine.cores[coreIndex];
    const rsp = core.regs.gpr.rsp;
    for (let i = 0; i < STEP_OVER_BUDGET; i++) {
      if (!this.step(coreIndex)) break;
      if (core.regs.rip === returnAddress && core.regs.gpr.rsp >= rsp) return;
    }
    core.regs.rip = returnAddress;
    core.regs.gpr.rsp = rsp;
  }

  /**
   * Puts a core at `rip` as if its thread had called its way there: the stack starts empty at
   * the thread's stack top, and each function of a caller chain ending in the site's function
   * runs its prologue to its call. Instructions that do not shape the stack are passed over,
   * so other registers keep their values (docs/simulator.md).
   */
  placeAt(coreIndex: number, rip: bigint): void {
    const core = this.machine.cores[coreIndex];
    const key = `${coreIndex}:${rip}`;
    this.kpcrWrite(coreIndex, KPCR_CURRENT_THREAD, this.machine.threadById(core.tid)?.thread.ethread ?? 0n);
    const cached = this.placements.get(key);
    if (cached) {
      this.applyPlacement(coreIndex, cached, rip);
      return;
    }
    const top = this.buildPlacement(coreIndex, rip);
    // the stack the walk left, from RSP up to the thread's start frame
    const regs = core.regs;
    const end = top - THREAD_START_FRAME + 0x40n;
    // a walk that left the thread's stack (a function switching stacks) is not kept
    if (regs.gpr.rsp >= end || end - regs.gpr.rsp > MAX_CACHED_STACK) return;
    const length = Number(end - regs.gpr.rsp);
    this.placements.set(key, {
      rsp: regs.gpr.rsp,
      rbp: regs.gpr.rbp,
      cs: regs.cs,
      ss: regs.ss,
      kernelGs: this.kernelGs[coreIndex],
      stack: this.machine.readVirtual(regs.gpr.rsp, length, core.pid),
    });
  }

  /** A placement seen before: its registers and stack bytes, without decoding or walking again. */
  private applyPlacement(coreIndex: number, placement: Placement, rip: bigint): void {
    const core = this.machine.cores[coreIndex];
    const regs = core.regs;
    regs.gpr.rsp = placement.rsp;
    regs.gpr.rbp = placement.rbp;
    regs.cs = placement.cs;
    regs.ss = placement.ss;
    this.setGs(coreIndex, placement.kernelGs);
    this.machine.writeVirtual(placement.rsp, placement.stack, core.pid);
    regs.rip = rip;
  }

  /** Runs the placement; returns the stack top it built on. */
  private buildPlacement(coreIndex: number, rip: bigint): bigint {
    const core = this.machine.cores[coreIndex];
    const code = this.code;
    const target = code.functionAt(rip);
    const chain = target ? this.callerChain(target) : [];
    const userMode = target?.module.isUserMode ?? false;
    const root = chain.length > 0 ? chain[0].caller : target;
    const enteredBySyscall = root !== undefined && root.symbol.address === this.lstar(coreIndex);
    const start = userMode || enteredBySyscall ? undefined : this.threadStart();
    if (start && root && root !== start.caller) chain.unshift(start);
    const regs = core.regs;
    regs.cs = userMode ? USER_CS : KERNEL_CS;
    regs.ss = userMode ? USER_SS : KERNEL_SS;
    this.setGs(coreIndex, !userMode && !enteredBySyscall);
    const top = userMode || enteredBySyscall ? core.userStackTop : core.kernelStackTop;
    // the thread's start frame sits below the trap and start frames Windows keeps at the
    // stack top; a zero return address ends every stack walk
    regs.gpr.rsp = top - THREAD_START_FRAME;
    regs.gpr.rbp = 0n;
    if (!enteredBySyscall) this.pushValue(core, 0n);
    for (const edge of chain) {
      regs.rip = edge.caller.symbol.address;
      this.walkTo(coreIndex, edge.callSite);
      // the call: its return address, then the callee's entry
      this.pushValue(core, edge.returnSite);
    }
    if (target) {
      regs.rip = target.symbol.address;
      this.walkTo(coreIndex, rip);
    }
    regs.rip = rip;
    return top;
  }

  /**
   * Where every simulated kernel thread starts: the last call of KiSystemStartup, inside its
   * endless wait loop. A kernel stack bottoms out there, so stepping out of the outermost
   * function lands in a loop that never returns (as a real thread's start routine never
   * returns) instead of at address 0.
   */
  private threadStart(): CallEdge | undefined {
    if (this.startEdge !== undefined) return this.startEdge ?? undefined;
    const fn = this.code.byName('KiSystemStartup');
    const call = fn?.instructions.findLast((i) => i.flowControl === FlowControl.Call);
    this.startEdge =
      fn && call ? { caller: fn, callSite: call.rip, returnSite: call.rip + BigInt(call.length) } : null;
    return this.startEdge ?? undefined;
  }

  /** The functions calling `fn`, outermost first (the first caller of each, no cycles). */
  private callerChain(fn: DecodedFunction): CallEdge[] {
    const chain: CallEdge[] = [];
    const seen = new Set<bigint>([fn.symbol.address]);
    let current = fn;
    while (chain.length < MAX_CHAIN_DEPTH) {
      const edge = this.code
        .callersOf(current.symbol.address)
        .find((e) => !seen.has(e.caller.symbol.address));
      if (!edge) break;
      seen.add(edge.caller.symbol.address);
      chain.unshift(edge);
      current = edge.caller;
    }
    return chain;
  }

  /** Runs the stack-shaping instructions from RIP straight down to `until`. */
  private walkTo(coreIndex: number, until: bigint): void {
    const core = this.machine.cores[coreIndex];
    for (let i = 0; i < MAX_WALK && core.regs.rip !== until; i++) {
      const ins = decodeAt(this, core);
      if (!ins) return;
      const shapesStack = shapesTheStack(ins);
      const next = ins.nextIP;
      ins.free();
      if (shapesStack) this.step(coreIndex);
      core.regs.rip = next;
    }
  }

  private lstar(coreIndex: number): bigint {
    return this.msrFiles[coreIndex].read(MSR.LSTAR, 0n) ?? 0n;
  }

  /** After `syscall`: the entry runs on the user stack until it switches (GS still the user's). */
  private enterKernel(core: CoreState): void {
    core.regs.cs = KERNEL_CS;
  }

  private setGs(coreIndex: number, kernel: boolean): void {
    if (this.kernelGs[coreIndex] === kernel) return;
    this.msrFiles[coreIndex].swapGs();
    this.kernelGs[coreIndex] = kernel;
  }

  private kpcrWrite(coreIndex: number, offset: bigint, value: bigint): void {
    const core = this.machine.cores[coreIndex];
    this.machine.writeVirtual(KPCR_BASE + BigInt(coreIndex) * KPCR_STRIDE + offset, u64(value), core.pid);
  }

  private pushValue(core: CoreState, value: bigint): void {
    core.regs.gpr.rsp -= 8n;
    this.machine.writeVirtual(core.regs.gpr.rsp, u64(value), core.pid);
  }
}

/** Instructions a prologue uses to build its frame: pushes, RSP/RBP arithmetic, stores to the frame, swapgs. */
function shapesTheStack(ins: import('iced-x86').Instruction): boolean {
  switch (ins.mnemonic) {
    case Mnemonic.Push:
    case Mnemonic.Pop:
    case Mnemonic.Swapgs:
      return true;
    case Mnemonic.Mov:
    case Mnemonic.Sub:
    case Mnemonic.Add:
    case Mnemonic.And:
    case Mnemonic.Lea:
      if (ins.opKind(0) === OpKind.Register)
        return ins.opRegister(0) === Register.RSP || ins.opRegister(0) === Register.RBP;
      if (ins.opKind(0) === OpKind.Memory)
        return ins.memoryBase === Register.RSP || ins.memoryBase === Register.RBP;
      return false;
    default:
      return false;
  }
}

function u64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return bytes;
}
