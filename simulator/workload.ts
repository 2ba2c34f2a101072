import type { CodeIndex, SiteKind } from './code-sites';
import { EventType, type SimEvent } from './event-table';
import { SYSTEM_PID, type Machine } from './machine';
import type { Rng } from './rng';

/**
 * The running debuggee's activity, generated deterministically from the seed: calls of kernel
 * functions (which hit EPT hooks and breakpoints), syscalls with numbers and pids, CPUID, MSR
 * reads/writes, port I/O, exceptions and page faults, external interrupts, accesses to memory
 * ranges (which hit monitors) and the rarer instructions (TSC, PMC, VMCALL, DR/CR access, XSETBV).
 * Every hit happens at an instruction boundary of the simulated code, at an instruction of the
 * kind that causes it (a `cpuid` for CPUID, a load for a monitored read …).
 */

export type AccessKind = 'read' | 'write' | 'execute';

export interface Hit {
  eventType: number;
  core: number;
  pid: number;
  tid: number;
  /** the instruction address (and for EPT hooks the hooked address) */
  rip: bigint;
  /** the type-specific value events filter on: syscall number, MSR, port, vector, CPUID leaf, CR/XCR number */
  value: bigint;
  /** `$context` as HyperDbg sets it for this event type */
  context: bigint;
  /** memory address for monitors */
  address?: bigint;
  access?: AccessKind;
}

const SYSCALLS = [0x55n, 0x6n, 0x8n, 0x7n, 0xfn, 0x36n, 0x18n, 0x19n, 0x23n, 0x50n];
const MSRS = [0xc0000082n, 0xc0000080n, 0x1bn, 0x10n, 0xc0000100n, 0xc0000101n, 0x176n, 0x3an];
const CPUID_LEAVES = [0n, 1n, 4n, 7n, 0xbn, 0xdn, 0x80000000n, 0x80000001n, 0x40000000n];
const PORTS = [0x60n, 0x64n, 0x70n, 0x71n, 0x3f8n, 0x2f8n, 0xcf8n, 0xcfcn];
const EXCEPTION_VECTORS = [0xen, 0xen, 0xen, 3n, 1n, 0xdn, 6n];
const INTERRUPT_VECTORS = [0xd1n, 0x2fn, 0xe1n, 0x41n, 0x51n, 0x81n];

const {
  CONTROL_REGISTER_MODIFIED,
  TSC_INSTRUCTION_EXECUTION,
  PMC_INSTRUCTION_EXECUTION,
  VMCALL_INSTRUCTION_EXECUTION,
  DEBUG_REGISTERS_ACCESSED,
} = EventType;

/** The instruction each event type is caused by (the others happen between any two instructions). */
const SITE_OF: Partial<Record<number, SiteKind>> = {
  [EventType.SYSCALL_HOOK_EFER_SYSRET]: 'sysret',
  [EventType.CPUID_INSTRUCTION_EXECUTION]: 'cpuid',
  [EventType.RDMSR_INSTRUCTION_EXECUTION]: 'rdmsr',
  [EventType.WRMSR_INSTRUCTION_EXECUTION]: 'wrmsr',
  [EventType.IN_INSTRUCTION_EXECUTION]: 'in',
  [EventType.OUT_INSTRUCTION_EXECUTION]: 'out',
  [TSC_INSTRUCTION_EXECUTION]: 'rdtsc',
  [PMC_INSTRUCTION_EXECUTION]: 'rdpmc',
  [VMCALL_INSTRUCTION_EXECUTION]: 'vmcall',
  [DEBUG_REGISTERS_ACCESSED]: 'mov-dr',
  [EventType.XSETBV_INSTRUCTION_EXECUTION]: 'xsetbv',
};

/** Relative frequency of each kind of activity. */
const WEIGHTS: [number, number][] = [
  [EventType.HIDDEN_HOOK_EXEC_CC, 20],
  [EventType.SYSCALL_HOOK_EFER_SYSCALL, 16],
  [EventType.SYSCALL_HOOK_EFER_SYSRET, 8],
  [EventType.EXCEPTION_OCCURRED, 8],
  [EventType.EXTERNAL_INTERRUPT_OCCURRED, 8],
  [EventType.CPUID_INSTRUCTION_EXECUTION, 6],
  [EventType.RDMSR_INSTRUCTION_EXECUTION, 6],
  [EventType.WRMSR_INSTRUCTION_EXECUTION, 3],
  [EventType.IN_INSTRUCTION_EXECUTION, 4],
  [EventType.OUT_INSTRUCTION_EXECUTION, 4],
  [EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE, 10], // memory access: matched against monitors
  [TSC_INSTRUCTION_EXECUTION, 3],
  [PMC_INSTRUCTION_EXECUTION, 1],
  [VMCALL_INSTRUCTION_EXECUTION, 1],
  [DEBUG_REGISTERS_ACCESSED, 1],
  [CONTROL_REGISTER_MODIFIED, 2],
  [EventType.XSETBV_INSTRUCTION_EXECUTION, 1],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);
const ACCESS_KINDS: readonly AccessKind[] = ['read', 'read', 'write', 'execute'];
/** the kernel pool region of the machine model, where unmonitored accesses land */
const POOL_REGION = 0xffffc58a00000000n;

export class Workload {
  private boundaries: bigint[] | undefined;

  constructor(
    private readonly machine: Machine,
    private readonly code: CodeIndex,
    private readonly rng: Rng,
  ) {}

  /** Some instruction boundary of kernel code (where interrupts and halted cores stop). */
  anyBoundary(): bigint {
    this.boundaries ??= this.code.kernelBoundaries();
    return this.boundaries[this.rng.below(this.boundaries.length)];
  }

  /** An instruction of `kind` (kernel code unless `userMode`); a kernel boundary if the code has none. */
  private siteOf(kind: SiteKind, userMode = false): bigint {
    const sites = this.code.sites(kind, userMode);
    return sites.length > 0 ? this.rng.pick(sites).rip : this.anyBoundary();
  }

  /**
   * The next piece of activity. `events` and `breakpoints` let hooked functions, monitored
   * ranges and breakpoint addresses be executed/accessed as often as hot kernel code is.
   */
  next(events: readonly SimEvent[], breakpoints: readonly bigint[] = []): Hit {
    const rng = this.rng;
    let roll = rng.below(TOTAL_WEIGHT);
    let kind = WEIGHTS[0][0];
    for (const [type, weight] of WEIGHTS) {
      if (roll < weight) {
        kind = type;
        break;
      }
      roll -= weight;
    }
    const core = rng.below(this.machine.options.cores);
    // system calls come from user mode, which the System process does not have
    const processes =
      kind === EventType.SYSCALL_HOOK_EFER_SYSCALL
        ? this.machine.processes.filter((p) => p.pid !== SYSTEM_PID)
        : this.machine.processes;
    const process = processes[rng.below(processes.length)];
    const tid = process.threads[rng.below(process.threads.length)].tid;
    const functions = this.machine.kernelFunctions();
    const site = SITE_OF[kind];
    const hit: Hit = {
      eventType: kind,
      core,
      pid: process.pid,
      tid,
      rip:
        kind === EventType.SYSCALL_HOOK_EFER_SYSCALL
          ? this.siteOf('syscall', true)
          : site
            ? this.siteOf(site)
            : this.anyBoundary(),
      value: 0n,
      context: 0n,
    };

    switch (kind) {
      case EventType.HIDDEN_HOOK_EXEC_CC: {
        // Hooked functions and breakpoint addresses are executed as often as a few hot kernel routines.
        const hot: bigint[] = [...breakpoints];
        for (const e of events) {
          if (e.type === EventType.HIDDEN_HOOK_EXEC_CC || e.type === EventType.HIDDEN_HOOK_EXEC_DETOURS)
            hot.push(e.options[0]);
        }
        const target = hot.length > 0 && rng.chance(0.75) ? rng.pick(hot) : rng.pick(functions).address;
        hit.rip = target;
        hit.value = target;
        hit.context = target;
        return hit;
      }
      case EventType.SYSCALL_HOOK_EFER_SYSCALL:
      case EventType.SYSCALL_HOOK_EFER_SYSRET:
        hit.value = rng.pick(SYSCALLS);
        break;
      case EventType.EXCEPTION_OCCURRED:
        hit.value = rng.pick(EXCEPTION_VECTORS);
        // #BP comes from an int3, #PF from a load; the others from any instruction
        if (hit.value === 3n) hit.rip = this.siteOf('int3');
        else if (hit.value === 0xen) hit.rip = this.siteOf('load');
        break;
      case EventType.EXTERNAL_INTERRUPT_OCCURRED:
        hit.value = rng.pick(INTERRUPT_VECTORS);
        break;
      case EventType.CPUID_INSTRUCTION_EXECUTION:
        hit.value = rng.pick(CPUID_LEAVES);
        break;
      case EventType.RDMSR_INSTRUCTION_EXECUTION:
      case EventType.WRMSR_INSTRUCTION_EXECUTION:
        hit.value = rng.pick(MSRS);
        break;
      case EventType.IN_INSTRUCTION_EXECUTION:
      case EventType.OUT_INSTRUCTION_EXECUTION:
        hit.value = rng.pick(PORTS);
        break;
      case EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE: {
        hit.access = ACCESS_KINDS[rng.below(ACCESS_KINDS.length)];
        let address = POOL_REGION + BigInt(rng.below(0x100000));
        const monitors = events.filter((e) => e.type >= 0 && e.type <= EventType.HIDDEN_HOOK_EXECUTE);
        if (monitors.length > 0 && rng.chance(0.75)) {
          const m = rng.pick(monitors);
          const span = m.options[1] - m.options[0] + 1n;
          address =
            m.options[0] + (span > 0n ? BigInt(rng.below(Number(span > 0x100000n ? 0x100000n : span))) : 0n);
        }
        hit.address = address;
        hit.context = address;
        // a read or write is a load or store through a register; an execution runs the address
        hit.rip = hit.access === 'execute' ? address : this.siteOf(hit.access === 'write' ? 'store' : 'load');
        return hit;
      }
      case CONTROL_REGISTER_MODIFIED:
        hit.value = rng.chance(0.5) ? 0n : 4n;
        hit.rip = this.siteOf(hit.value === 0n ? 'mov-cr0' : 'mov-cr4');
        break;
      default:
        break;
    }
    hit.context = hit.value;
    return hit;
  }
}

const MONITOR_ACCESS: Record<number, AccessKind[]> = {
  0: ['read', 'write', 'execute'],
  1: ['read', 'write'],
  2: ['read', 'execute'],
  3: ['write', 'execute'],
  4: ['read'],
  5: ['write'],
  6: ['execute'],
};

const ALL32 = 0xffffffffn;

/** The type-specific filter of DebuggerTriggerEvents (pools doc §6.4); core/pid are checked by the caller. */
export function eventMatchesHit(event: SimEvent, hit: Hit): boolean {
  const [p1, p2] = event.options;
  if (hit.eventType === EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE && hit.address !== undefined) {
    const kinds = MONITOR_ACCESS[event.type];
    return (
      kinds !== undefined &&
      kinds.includes(hit.access as AccessKind) &&
      hit.address >= p1 &&
      hit.address <= p2
    );
  }
  if (hit.eventType === EventType.HIDDEN_HOOK_EXEC_CC) {
    return (
      (event.type === EventType.HIDDEN_HOOK_EXEC_CC || event.type === EventType.HIDDEN_HOOK_EXEC_DETOURS) &&
      p1 === hit.rip
    );
  }
  if (event.type !== hit.eventType) return false;
  switch (event.type) {
    case EventType.SYSCALL_HOOK_EFER_SYSCALL:
    case EventType.RDMSR_INSTRUCTION_EXECUTION:
    case EventType.WRMSR_INSTRUCTION_EXECUTION:
    case EventType.IN_INSTRUCTION_EXECUTION:
    case EventType.OUT_INSTRUCTION_EXECUTION:
    case EventType.EXCEPTION_OCCURRED:
      return p1 === ALL32 || p1 === hit.value;
    case EventType.EXTERNAL_INTERRUPT_OCCURRED:
      return p1 === hit.value;
    case EventType.CPUID_INSTRUCTION_EXECUTION:
    case EventType.XSETBV_INSTRUCTION_EXECUTION:
      return p1 === 0n || p2 === hit.value;
    case CONTROL_REGISTER_MODIFIED:
      return p1 === hit.value;
    default:
      return true;
  }
}

/** Event types whose hyperhv dispatcher makes a post-emulation call (pools doc §6.3). */
export function hasPostStage(eventType: number): boolean {
  return ![
    EventType.HIDDEN_HOOK_EXEC_DETOURS,
    EventType.HIDDEN_HOOK_EXEC_CC,
    EventType.TRAP_EXECUTION_MODE_CHANGED,
    EventType.TRAP_EXECUTION_INSTRUCTION_TRACE,
  ].includes(eventType as 7);
}
