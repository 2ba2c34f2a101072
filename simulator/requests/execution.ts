import * as C from '../../shared/protocol/generated/constants';
import {
  DEBUGGEE_PAUSING_REASON as R,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_REMOTE_STEPPING_REQUEST as STEP,
} from '../../shared/protocol/generated/enums';
import {
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_STEP_PACKET,
  DEBUGGER_PAGE_IN_REQUEST,
} from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/**
 * Leaving the halted loop: continue (with a deferred process/thread switch or `.pagein` fault),
 * the three step kinds, core switch and `.debug close`; each resumes and, where hyperkd does,
 * halts again later by itself.
 */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function executionRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE]: () => resumeExecution(ctx),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP]: (p) => step(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CLOSE_AND_UNLOAD_DEBUGGEE]: () => close(ctx),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_CORE]: (p) => changeCore(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_INJECT_PAGE_FAULT]: (p) => pagein(ctx, p),
  };
}

function resumeExecution(ctx: RequestContext): void {
  if (ctx.deferred.pageinPending) {
    // the injected #PF is delivered and the trap flag stops the core after the handler's first
    // instruction (KdBringPagein sets RFLAGS.TF)
    ctx.deferred.pageinPending = false;
    const core = ctx.d.operatingCore;
    const state = ctx.core;
    ctx.d.resume(() => {
      const handler = ctx.d.machine.kernelFunctions().find((f) => f.name === 'KiPageFault');
      if (handler) state.regs.rip = handler.address;
      ctx.d.processor.step(core);
      ctx.d.halt(core, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED });
    });
    return;
  }
  const pending = ctx.deferred.pendingSwitch;
  ctx.deferred.pendingSwitch = undefined;
  const machine = ctx.d.machine;
  const target =
    pending?.kind === 'process'
      ? pending.object !== 0n
        ? machine.processByEprocess(pending.object)
        : machine.processById(pending.pid)
      : pending?.kind === 'thread'
        ? pending.object !== 0n
          ? machine.threadByEthread(pending.object)
          : machine.threadById(pending.tid)
        : undefined;
  if (!pending || !target) {
    // no switch, or one to a process/thread that never runs: the debuggee just goes on
    ctx.d.resume();
    return;
  }
  // the switch happens when the target process/thread runs: the debuggee halts by itself there
  ctx.d.resume(() => {
    const core = ctx.d.operatingCore;
    const state = machine.cores[core];
    const process = 'process' in target ? target.process : target;
    state.pid = process.pid;
    state.tid = 'thread' in target ? target.thread.tid : process.threads[0].tid;
    state.regs.cr3 = process.cr3;
    ctx.d.halt(core, {
      reason:
        pending.kind === 'process'
          ? R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_PROCESS_SWITCHED
          : R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_THREAD_SWITCHED,
    });
  });
}

function step(ctx: RequestContext, payload: Uint8Array): void {
  const request = DEBUGGEE_STEP_PACKET.decode(payload);
  const core = ctx.d.operatingCore;
  const state = ctx.core;
  switch (request.StepType) {
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_IN:
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN:
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN_FOR_TRACKING: {
      const tracking =
        request.StepType === STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN_FOR_TRACKING;
      if (tracking) ctx.d.ignoreDisasmInNextPacket = true;
      ctx.d.resume(() => {
        ctx.d.processor.step(core);
        ctx.d.halt(core, {
          reason: tracking
            ? R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_TRACKING_STEPPED
            : R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED,
        });
      });
      return;
    }
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER:
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU:
    case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU_LAST_INSTRUCTION:
      if (request.StepType === STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU)
        ctx.d.ignoreDisasmInNextPacket = true;
      ctx.d.resume(() => {
        // a call is stepped over with a hardware breakpoint after it (KdRegularStepOver): the
        // callee runs until it returns there
        if (request.IsCurrentInstructionACall)
          ctx.d.processor.stepOver(core, state.regs.rip + BigInt(request.CallLength));
        else ctx.d.processor.step(core);
        ctx.d.halt(core, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED });
      });
      return;
    default:
      // unknown step type: hyperkd ignores it and keeps waiting for commands
      return;
  }
}

function close(ctx: RequestContext): void {
  ctx.checkPriorityBuffers();
  // KdCloseConnectionAndUnloadDebuggee: user mode unloads; nothing is sent back
  ctx.d.unloadRequested = true;
  ctx.d.resume(() => undefined);
}

function changeCore(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGEE_CHANGE_CORE_PACKET.decode(payload);
  let switched = false;
  if (packet.NewCore === ctx.d.operatingCore) {
    packet.Result = OK;
  } else if (packet.NewCore >= ctx.d.options.cores) {
    packet.Result = C.DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_CORE_IN_REMOTE_DEBUGGE;
  } else {
    packet.Result = OK;
    switched = true;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_CORE,
    DEBUGGEE_CHANGE_CORE_PACKET.encode(packet),
  );
  if (switched) ctx.d.halt(packet.NewCore, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_CORE_SWITCHED });
}

function pagein(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_PAGE_IN_REQUEST.decode(payload);
  packet.KernelStatus = OK;
  ctx.deferred.pageinPending = true;
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BRINGING_PAGES_IN,
    DEBUGGER_PAGE_IN_REQUEST.encode(packet),
  );
}
