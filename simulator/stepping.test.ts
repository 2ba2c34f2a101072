import { Decoder, DecoderOptions, FlowControl, Mnemonic, OpKind, Register, type Instruction } from 'iced-x86';
import { describe, expect, it } from 'vitest';
import {
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as A,
  DEBUGGER_REMOTE_STEPPING_REQUEST as STEP,
  REGS_ENUM,
} from '../shared/protocol/generated/enums';
import { decodeCallstackPayload, encodeCallstackPayload } from '../shared/protocol/payloads';
import {
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_REGISTER_WRITE_DESCRIPTION,
  DEBUGGEE_STEP_PACKET,
} from '../shared/protocol/structs';
import { Harness } from './testing/harness';

/**
 * `t`, `p`, `gu` and `k` against real simulated functions, driven over the wire as HyperDbg's
 * debugger drives them, each step checked against iced-x86's own reading of the instruction
 * bytes the PAUSED packet carried.
 */

type Paused = ReturnType<typeof DEBUGGEE_KD_PAUSED_PACKET.decode>;

function decode(p: Paused): Instruction {
  const decoder = new Decoder(
    64,
    p.InstructionBytesOnRip.subarray(0, p.ReadInstructionLen),
    DecoderOptions.None,
  );
  decoder.ip = p.Rip;
  const ins = decoder.decode();
  decoder.free();
  return ins;
}

class Debugger {
  readonly h = new Harness();
  current!: Paused;

  get core() {
    return this.h.sim.machine.cores[this.current.CurrentCore];
  }

  /** Halts core 0 at `address` the way a running thread reaches it: a breakpoint there, hit. */
  breakAt(address: bigint): void {
    this.h.connectAndPause();
    this.h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
      DEBUGGEE_BP_PACKET.encode({ Address: address, Pid: 0xffffffff, Tid: 0xffffffff, Core: 0xffffffff }),
    );
    this.h.sendT1(A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    const process = this.h.sim.machine.processes[0];
    this.h.sim.trigger({
      eventType: 8,
      core: 0,
      pid: process.pid,
      tid: process.threads[0].tid,
      rip: address,
      value: address,
      context: address,
    });
    this.current = DEBUGGEE_KD_PAUSED_PACKET.decode(this.h.take()[0].payload);
  }

  writeRegister(id: number, value: bigint): void {
    this.h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_WRITE_REGISTER,
      DEBUGGEE_REGISTER_WRITE_DESCRIPTION.encode({ RegisterId: id, Value: value }),
    );
  }

  step(type: number, call?: Instruction): Paused {
    const [frame] = this.h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
      DEBUGGEE_STEP_PACKET.encode({
        StepType: type,
        IsCurrentInstructionACall: call !== undefined,
        CallLength: call?.length ?? 0,
      }),
    );
    this.current = DEBUGGEE_KD_PAUSED_PACKET.decode(frame.payload);
    return this.current;
  }

  /** `k`: the executable slots from RSP up, as the debugger lists return addresses. */
  callstack(frames = 0x40): bigint[] {
    const [frame] = this.h.sendT1(
      A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK,
      encodeCallstackPayload({ Size: frames * 8 }, frames),
    );
    return decodeCallstackPayload(frame.payload)
      .frames.filter((f) => f.IsExecutable && f.InstructionBytesOnRip[2] === 0xe8)
      .map((f) => f.Value);
  }

  /** HyperDbg's `gu`: step over until the instruction is a ret, then step over it. */
  goUp(limit = 1000): void {
    for (let i = 0; i < limit; i++) {
      const ins = decode(this.current);
      const isRet = ins.flowControl === FlowControl.Return;
      const isCall = ins.flowControl === FlowControl.Call;
      this.step(
        isRet
          ? STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU_LAST_INSTRUCTION
          : STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU,
        isCall ? ins : undefined,
      );
      ins.free();
      if (isRet) return;
    }
    throw new Error('gu did not reach a ret');
  }
}

/** The RSP change iced-x86 reads from an instruction (push/pop/call/ret, and add/sub rsp, imm). */
function stackDelta(ins: Instruction): bigint {
  if (
    (ins.mnemonic === Mnemonic.Sub || ins.mnemonic === Mnemonic.Add) &&
    ins.opKind(0) === OpKind.Register &&
    ins.opRegister(0) === Register.RSP
  ) {
    const imm = BigInt.asIntN(64, ins.immediate(1));
    return ins.mnemonic === Mnemonic.Sub ? -imm : imm;
  }
  return BigInt(ins.stackPointerIncrement);
}

describe('stepping real simulated functions', () => {
  it('t and p follow iced-x86 through prologue, call and epilogue; the ret lands in the true caller', () => {
    const dbg = new Debugger();
    const code = dbg.h.sim.processor.code;
    // hyperkd's dispatcher: called by KdHandleBreakpointAndDebugBreakpoints, calls DebuggerTriggerEvents
    const fn = code.byName('KdDispatchAndPerformCommandsFromDebugger');
    expect(fn).toBeDefined();
    const [caller] = code.callersOf(fn!.symbol.address);
    dbg.breakAt(fn!.symbol.address);
    expect(dbg.current.Rip).toBe(fn!.symbol.address);
    dbg.writeRegister(REGS_ENUM.REGISTER_RCX, 0x1234n);
    const entryRsp = dbg.core.regs.gpr.rsp;
    expect(dbg.h.sim.machine.readU64(entryRsp, dbg.core.pid)).toBe(caller.returnSite);
    let sawCall = false;
    for (let i = 0; i < 64; i++) {
      const ins = decode(dbg.current);
      const rsp = dbg.core.regs.gpr.rsp;
      const flow = ins.flowControl;
      const top = dbg.h.sim.machine.readU64(rsp, dbg.core.pid);
      if (flow === FlowControl.Call) {
        sawCall = true;
        dbg.step(STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER, ins);
        expect(dbg.current.Rip).toBe(ins.nextIP);
        expect(dbg.core.regs.gpr.rsp).toBe(rsp);
      } else {
        dbg.step(STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_IN);
        const expectedRip =
          flow === FlowControl.Return
            ? top
            : flow === FlowControl.ConditionalBranch
              ? ins.nextIP
              : ins.nextIP;
        expect(dbg.current.Rip).toBe(expectedRip);
        expect(dbg.core.regs.gpr.rsp).toBe(rsp + stackDelta(ins));
      }
      ins.free();
      if (flow === FlowControl.Return) break;
    }
    expect(sawCall).toBe(true);
    expect(dbg.current.Rip).toBe(caller.returnSite);
    expect(dbg.core.regs.gpr.rsp).toBe(entryRsp + 8n);
  });

  it('gu returns to the caller with the caller’s stack; k lists exactly the true chain', () => {
    const dbg = new Debugger();
    const code = dbg.h.sim.processor.code;
    const leaf = code.byName('AsmVmxVmcall')!;
    dbg.breakAt(leaf.symbol.address);
    // the chain the compiled hyperhv.sys makes: DriverEntry → VmxVmexitHandler → EptHookPerformPageHook → AsmVmxVmcall
    const chain: bigint[] = [];
    for (let fn = leaf; ;) {
      const edge = code.callersOf(fn.symbol.address)[0];
      if (!edge) break;
      chain.push(edge.returnSite);
      fn = edge.caller;
    }
    expect(chain).toHaveLength(3);
    // below the outermost function, the thread's start routine: KiSystemStartup's wait loop
    const startup = code.byName('KiSystemStartup')!;
    const loopCall = startup.instructions.findLast((i) => i.flowControl === FlowControl.Call)!;
    const threadStart = loopCall.rip + BigInt(loopCall.length);
    expect(dbg.callstack()).toEqual([...chain, threadStart]);
    const entryRsp = dbg.core.regs.gpr.rsp;
    dbg.goUp();
    expect(dbg.current.Rip).toBe(chain[0]);
    expect(dbg.core.regs.gpr.rsp).toBe(entryRsp + 8n);
    expect(dbg.callstack()).toEqual([...chain.slice(1), threadStart]);
    dbg.goUp();
    expect(dbg.current.Rip).toBe(chain[1]);
    expect(dbg.callstack()).toEqual([...chain.slice(2), threadStart]);
    dbg.goUp();
    dbg.goUp();
    expect(dbg.current.Rip).toBe(threadStart);
  });

  it('stepping out of the outermost function lands in the thread start loop, which never returns', () => {
    const dbg = new Debugger();
    const code = dbg.h.sim.processor.code;
    const leaf = code.byName('AsmVmxVmcall')!;
    dbg.breakAt(leaf.symbol.address);
    for (let i = 0; i < 4; i++) dbg.goUp();
    const startup = code.byName('KiSystemStartup')!;
    expect(code.functionAt(dbg.current.Rip)).toBe(startup);
    // a real start routine never returns: 200 steps over its loop stay inside it, with no ret
    for (let i = 0; i < 200; i++) {
      const ins = decode(dbg.current);
      expect(ins.flowControl).not.toBe(FlowControl.Return);
      dbg.step(
        STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER,
        ins.flowControl === FlowControl.Call ? ins : undefined,
      );
      ins.free();
      expect(code.functionAt(dbg.current.Rip)).toBe(startup);
    }
  });

  it('a break-in stops on an instruction boundary of hyperkd, with its caller’s return address on the stack', () => {
    const h = new Harness();
    const p = DEBUGGEE_KD_PAUSED_PACKET.decode(h.connectAndPause().payload);
    const code = h.sim.processor.code;
    const fn = code.functionAt(p.Rip);
    expect(fn?.module.name).toBe('hyperkd.sys');
    const ins = decode(p);
    expect(ins.code).not.toBe(0);
    ins.free();
    const rsp = h.sim.machine.cores[0].regs.gpr.rsp;
    const [edge] = code.callersOf(fn!.symbol.address);
    // the frame holds 0x20 bytes of locals and the saved RDI below the return address
    expect(h.sim.machine.readU64(rsp + 0x28n, h.sim.machine.cores[0].pid)).toBe(edge.returnSite);
  });
});
