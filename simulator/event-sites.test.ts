import { Decoder, DecoderOptions, Mnemonic, OpKind, Register, type Instruction } from 'iced-x86';
import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { EventStage } from '../shared/protocol/event-packets';
import { compileScript } from '../shared/script';
import { SimulatedDebuggee } from './debuggee';
import { EventType } from './event-table';
import { Rng } from './rng';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';
import { Harness, logText, paused } from './testing/harness';
import { Workload, type Hit } from './workload';

/**
 * Every event the running debuggee raises happens at an instruction boundary of the simulated
 * code, at the instruction that causes it; CPUID's post stage sees the modelled CPU's answer.
 */

function instructionAt(sim: SimulatedDebuggee, hit: Hit): Instruction {
  const bytes = sim.machine.readVirtual(hit.rip, 15, hit.pid);
  const decoder = new Decoder(64, bytes, DecoderOptions.None);
  decoder.ip = hit.rip;
  const ins = decoder.decode();
  decoder.free();
  return ins;
}

const memoryOperand = (ins: Instruction) => [0, 1].find((i) => ins.opKind(i) === OpKind.Memory);

/** What the instruction at the hit must be, by event type (undefined: any instruction). */
function expectedInstruction(hit: Hit, ins: Instruction): boolean | undefined {
  switch (hit.eventType) {
    case EventType.SYSCALL_HOOK_EFER_SYSCALL:
      return ins.mnemonic === Mnemonic.Syscall;
    case EventType.SYSCALL_HOOK_EFER_SYSRET:
      return ins.mnemonic === Mnemonic.Sysret || ins.mnemonic === Mnemonic.Sysretq;
    case EventType.CPUID_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Cpuid;
    case EventType.RDMSR_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Rdmsr;
    case EventType.WRMSR_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Wrmsr;
    case EventType.IN_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.In;
    case EventType.OUT_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Out;
    case EventType.TSC_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Rdtsc || ins.mnemonic === Mnemonic.Rdtscp;
    case EventType.PMC_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Rdpmc;
    case EventType.VMCALL_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Vmcall;
    case EventType.XSETBV_INSTRUCTION_EXECUTION:
      return ins.mnemonic === Mnemonic.Xsetbv;
    case EventType.DEBUG_REGISTERS_ACCESSED:
      return (
        ins.mnemonic === Mnemonic.Mov &&
        [0, 1].some(
          (i) =>
            ins.opKind(i) === OpKind.Register &&
            ins.opRegister(i) >= Register.DR0 &&
            ins.opRegister(i) <= Register.DR15,
        )
      );
    case EventType.CONTROL_REGISTER_MODIFIED:
      return (
        ins.mnemonic === Mnemonic.Mov &&
        ins.opRegister(0) === (hit.value === 0n ? Register.CR0 : Register.CR4)
      );
    case EventType.EXCEPTION_OCCURRED:
      if (hit.value === 3n) return ins.mnemonic === Mnemonic.Int3;
      if (hit.value === 0xen) return memoryOperand(ins) === 1;
      return undefined;
    case EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE:
      if (hit.access === 'read') return memoryOperand(ins) === 1;
      if (hit.access === 'write') return memoryOperand(ins) === 0;
      return undefined;
    default:
      return undefined;
  }
}

describe('event hits at instruction boundaries', () => {
  it('every event type hits at an instruction of the simulated code that causes it', () => {
    const sim = new SimulatedDebuggee({ seed: 5 }, () => undefined);
    const code = sim.processor.code;
    const workload = new Workload(sim.machine, code, new Rng(11));
    const seen = new Set<number>();
    for (let i = 0; i < 4000; i++) {
      const hit = workload.next([], []);
      seen.add(hit.eventType);
      if (hit.eventType === EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE && hit.access === 'execute')
        continue;
      // a boundary: the start of a decoded instruction of some function
      expect(code.functionAt(hit.rip), `${hit.eventType} at ${hit.rip.toString(16)}`).toBeDefined();
      const ins = instructionAt(sim, hit);
      const matches = expectedInstruction(hit, ins);
      if (matches !== undefined)
        expect(matches, `event ${hit.eventType} at ${hit.rip.toString(16)}: ${Mnemonic[ins.mnemonic]}`).toBe(
          true,
        );
      ins.free();
    }
    const generated = [0, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 27];
    expect([...seen].sort((a, b) => a - b)).toEqual(generated);
  });

  it('a monitored read or write hits a load or store whose operand addresses the monitored byte', () => {
    const sim = new SimulatedDebuggee({ seed: 5 }, () => undefined);
    const workload = new Workload(sim.machine, sim.processor.code, new Rng(2));
    const range = [0xffffc58a00001000n, 0xffffc58a00001fffn];
    const monitor = { type: 0, options: range } as never;
    let checked = 0;
    for (let i = 0; i < 2000 && checked < 20; i++) {
      const hit = workload.next([monitor], []);
      if (
        hit.eventType !== 0 ||
        hit.access === 'execute' ||
        hit.address! < range[0] ||
        hit.address! > range[1]
      )
        continue;
      sim.machine.cores[hit.core].regs.rip = hit.rip;
      sim.placeCoreForHit(hit);
      const core = sim.machine.cores[hit.core];
      const ins = instructionAt(sim, hit);
      const name = Register[ins.memoryBase].toLowerCase() as keyof typeof core.regs.gpr;
      expect(BigInt.asUintN(64, core.regs.gpr[name] + ins.memoryDisplacement)).toBe(hit.address);
      expect(core.regs.rip).toBe(hit.rip);
      ins.free();
      checked++;
    }
    expect(checked).toBe(20);
  });
});

describe('CPUID events see the modelled CPU', () => {
  it('pre stage: RIP on the cpuid, EAX the leaf; post stage: RIP still there, the registers hold the result', () => {
    const h = new Harness();
    h.connectAndPause();
    const tag = 0x1000000n;
    h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
      registerEventPayload({ tag, eventType: EventType.CPUID_INSTRUCTION_EXECUTION, stage: EventStage.all }),
    );
    const script = compileScript('printf("eax=%x ebx=%x\\n", @eax, @ebx);');
    if (!script.ok) throw new Error(script.error.message);
    for (const [type, buffer] of [
      [0, new Uint8Array(0)],
      [1, script.bytes],
    ] as const) {
      h.sendT1(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
        addActionPayload({ eventTag: tag, actionType: type, body: buffer }),
      );
    }
    h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    const site = h.sim.processor.code.sites('cpuid')[0];
    const process = h.sim.machine.processes[1];
    h.sim.trigger({
      eventType: 11,
      core: 2,
      pid: process.pid,
      tid: process.threads[0].tid,
      rip: site.rip,
      value: 0n,
      context: 0n,
    });
    const pre = h.take();
    expect(paused(pre[0])).toMatchObject({ Rip: site.rip, EventCallingStage: 1, CurrentCore: 2 });
    expect(h.sim.machine.cores[2].regs.gpr.rax).toBe(0n);
    const post = h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    // the pre stage's script ran after the break; then the post stage breaks with the result
    expect(logText(pre.length > 1 ? pre[1] : post[0]).text).toContain('eax=0 ');
    const postPause = post.find(
      (f) => f.action === RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
    );
    expect(paused(postPause!)).toMatchObject({ Rip: site.rip, EventCallingStage: 2 });
    const [eax, ebx] = h.sim.processor.cpu.cpuid(0, 0, 2);
    expect(h.sim.machine.cores[2].regs.gpr.rax).toBe(BigInt(eax));
    expect(h.sim.machine.cores[2].regs.gpr.rbx).toBe(BigInt(ebx));
    const after = h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    expect(after.map((f) => logText(f).text).join('')).toContain(
      `eax=${eax.toString(16)} ebx=${ebx.toString(16)}`,
    );
  });
});
