import { Decoder, DecoderOptions, FlowControl, Mnemonic, OpKind, Register, type Instruction } from 'iced-x86';
import type { FunctionSymbol, LoadedModule, Machine } from './machine';
import { SYSTEM_PID } from './machine';

/**
 * The simulated modules' code read the way a disassembler reads it: every function decoded
 * from its entry (iced-x86), its instruction boundaries, its direct calls (who calls whom, and
 * where each return address points), and the sites of the instructions the debugger's events
 * trap. Built from whatever bytes the images hold, so it stays right when real images replace
 * the placeholder code.
 */

export type SiteKind =
  | 'cpuid'
  | 'rdmsr'
  | 'wrmsr'
  | 'in'
  | 'out'
  | 'syscall'
  | 'sysret'
  | 'rdtsc'
  | 'rdpmc'
  | 'vmcall'
  | 'xsetbv'
  | 'mov-dr'
  | 'mov-cr0'
  | 'mov-cr4'
  | 'int3'
  | 'load'
  | 'store';

export interface DecodedInstruction {
  rip: bigint;
  length: number;
  mnemonic: Mnemonic;
  flowControl: FlowControl;
  /** direct call target */
  callTarget?: bigint;
}

export interface DecodedFunction {
  symbol: FunctionSymbol;
  module: LoadedModule;
  instructions: DecodedInstruction[];
}

export interface CodeSite {
  rip: bigint;
  kind: SiteKind;
  function: DecodedFunction;
}

export interface CallEdge {
  caller: DecodedFunction;
  /** the call instruction */
  callSite: bigint;
  /** the return address it pushes */
  returnSite: bigint;
}

/** Longest function body decoded (real functions are split at the next symbol before this). */
const MAX_FUNCTION_BYTES = 0x1000;

export class CodeIndex {
  private readonly functions: DecodedFunction[] = [];
  private readonly byKind = new Map<SiteKind, CodeSite[]>();
  private readonly byMode = new Map<string, readonly CodeSite[]>();
  /** the function each instruction boundary belongs to */
  private readonly boundaryOwner = new Map<bigint, DecodedFunction>();
  private readonly callers = new Map<bigint, CallEdge[]>();

  constructor(private readonly machine: Machine) {
    for (const module of machine.modules) this.decodeModule(module);
  }

  /** Every decoded function, in module then address order. */
  all(): readonly DecodedFunction[] {
    return this.functions;
  }

  sites(kind: SiteKind, userMode = false): readonly CodeSite[] {
    const key = `${kind}:${userMode}`;
    let sites = this.byMode.get(key);
    if (!sites) {
      sites = (this.byKind.get(kind) ?? []).filter((s) => s.function.module.isUserMode === userMode);
      this.byMode.set(key, sites);
    }
    return sites;
  }

  /** The function whose decoded body holds `rip`. */
  functionAt(rip: bigint): DecodedFunction | undefined {
    return this.boundaryOwner.get(rip);
  }

  callersOf(address: bigint): readonly CallEdge[] {
    return this.callers.get(address) ?? [];
  }

  byName(name: string): DecodedFunction | undefined {
    return this.functions.find((f) => f.symbol.name === name);
  }

  /** The return address of the first direct call inside function `name`. */
  returnSiteIn(name: string): bigint | undefined {
    const instructions = this.byName(name)?.instructions ?? [];
    const call = instructions.findIndex((i) => i.callTarget !== undefined);
    return call >= 0 && call + 1 < instructions.length ? instructions[call + 1].rip : undefined;
  }

  /** Every instruction boundary of kernel code. */
  kernelBoundaries(): bigint[] {
    return this.functions
      .filter((f) => !f.module.isUserMode)
      .flatMap((f) => f.instructions.map((i) => i.rip));
  }

  private decodeModule(module: LoadedModule): void {
    const sorted = [...module.functions].sort((a, b) => (a.address < b.address ? -1 : 1));
    const end = module.base + BigInt(module.size);
    sorted.forEach((symbol, i) => {
      const limit = i + 1 < sorted.length ? sorted[i + 1].address : end;
      const length = Number(
        limit - symbol.address < BigInt(MAX_FUNCTION_BYTES)
          ? limit - symbol.address
          : BigInt(MAX_FUNCTION_BYTES),
      );
      const bytes = this.machine.readVirtual(symbol.address, length, module.pid ?? SYSTEM_PID);
      const decoded: DecodedFunction = { symbol, module, instructions: [] };
      this.functions.push(decoded);
      const decoder = new Decoder(64, bytes, DecoderOptions.None);
      decoder.ip = symbol.address;
      while (decoder.canDecode) {
        const ins = decoder.decode();
        const stop = this.record(decoded, ins, bytes, Number(ins.nextIP - symbol.address));
        ins.free();
        if (stop) break;
      }
      decoder.free();
    });
  }

  /** Records one instruction; true when the body ends here (invalid code, or padding after a ret/jmp). */
  private record(fn: DecodedFunction, ins: Instruction, bytes: Uint8Array, nextOffset: number): boolean {
    if (ins.isInvalid) return true;
    const entry: DecodedInstruction = {
      rip: ins.ip,
      length: ins.length,
      mnemonic: ins.mnemonic,
      flowControl: ins.flowControl,
    };
    if (ins.mnemonic === Mnemonic.Call && ins.opKind(0) === OpKind.NearBranch64) {
      entry.callTarget = ins.nearBranchTarget;
      const edges = this.callers.get(ins.nearBranchTarget) ?? [];
      edges.push({ caller: fn, callSite: ins.ip, returnSite: ins.nextIP });
      this.callers.set(ins.nearBranchTarget, edges);
    }
    fn.instructions.push(entry);
    if (!this.boundaryOwner.has(entry.rip)) this.boundaryOwner.set(entry.rip, fn);
    const kind = siteKind(ins);
    if (kind) {
      const list = this.byKind.get(kind) ?? [];
      list.push({ rip: ins.ip, kind, function: fn });
      this.byKind.set(kind, list);
    }
    const unconditionalExit =
      ins.flowControl === FlowControl.Return ||
      ins.flowControl === FlowControl.UnconditionalBranch ||
      ins.flowControl === FlowControl.IndirectBranch ||
      ins.mnemonic === Mnemonic.Sysret ||
      ins.mnemonic === Mnemonic.Sysretq;
    // after the last function of a section come zeros (alignment), elsewhere int3 padding
    return (
      unconditionalExit &&
      (nextOffset >= bytes.length || bytes[nextOffset] === 0xcc || bytes[nextOffset] === 0)
    );
  }
}

function siteKind(ins: Instruction): SiteKind | undefined {
  switch (ins.mnemonic) {
    case Mnemonic.Cpuid:
      return 'cpuid';
    case Mnemonic.Rdmsr:
      return 'rdmsr';
    case Mnemonic.Wrmsr:
      return 'wrmsr';
    case Mnemonic.In:
      return 'in';
    case Mnemonic.Out:
      return 'out';
    case Mnemonic.Syscall:
      return 'syscall';
    case Mnemonic.Sysret:
    case Mnemonic.Sysretq:
      return 'sysret';
    case Mnemonic.Rdtsc:
      return 'rdtsc';
    case Mnemonic.Rdpmc:
      return 'rdpmc';
    case Mnemonic.Vmcall:
      return 'vmcall';
    case Mnemonic.Xsetbv:
      return 'xsetbv';
    case Mnemonic.Int3:
      return 'int3';
    case Mnemonic.Mov:
      return movSiteKind(ins);
    default:
      return undefined;
  }
}

/** mov to/from a debug register, to CR0/CR4, and loads/stores through a general register. */
function movSiteKind(ins: Instruction): SiteKind | undefined {
  if (ins.opKind(0) === OpKind.Register) {
    const destination = ins.opRegister(0);
    if (destination === Register.CR0) return 'mov-cr0';
    if (destination === Register.CR4) return 'mov-cr4';
  }
  for (const i of [0, 1]) {
    if (
      ins.opKind(i) === OpKind.Register &&
      ins.opRegister(i) >= Register.DR0 &&
      ins.opRegister(i) <= Register.DR15
    )
      return 'mov-dr';
  }
  const memoryOperand = [0, 1].find((i) => ins.opKind(i) === OpKind.Memory);
  if (memoryOperand === undefined) return undefined;
  const base = ins.memoryBase;
  // stack traffic and RIP-relative globals are not what a monitored buffer sees
  if (base === Register.None || base === Register.RSP || base === Register.RBP || base === Register.RIP)
    return undefined;
  if (ins.memoryIndex !== Register.None || ins.segmentPrefix !== Register.None) return undefined;
  return memoryOperand === 0 ? 'store' : 'load';
}
