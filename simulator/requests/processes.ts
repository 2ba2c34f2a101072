import * as C from '../../shared/protocol/generated/constants';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_TYPE as PT,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE as TT,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../../shared/protocol/generated/enums';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
} from '../../shared/protocol/structs';
import { showProcessList, showThreadList } from '../object-lists';
import type { RequestContext, RequestFamily } from './context';

/** `.process` and `.thread`: details of the current one, lists, and switches deferred to the next continue. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function processRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS]: (p) =>
      processDetailsOrSwitch(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_THREAD]: (p) =>
      threadDetailsOrSwitch(ctx, p),
  };
}

function processDetailsOrSwitch(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(payload);
  const machine = ctx.d.machine;
  const current = machine.processById(ctx.core.pid);
  switch (packet.ActionType) {
    case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_GET_PROCESS_DETAILS:
      packet.ProcessId = current?.pid ?? 0;
      packet.Process = current?.eprocess ?? 0n;
      packet.ProcessName = imageName16(current?.name ?? '');
      packet.Result = OK;
      break;
    case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PERFORM_SWITCH:
      // ProcessSwitch: any non-zero id is taken (the switch happens if that process ever runs);
      // an EPROCESS address only has to be mapped
      if (!switchIsValid(ctx, packet.ProcessId, packet.Process)) {
        packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
        break;
      }
      ctx.deferred.pendingSwitch = { kind: 'process', pid: packet.ProcessId, object: packet.Process };
      packet.Result = OK;
      break;
    case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_GET_PROCESS_LIST:
      packet.Result = showProcessList(machine, packet.ProcessListSymDetails, (text) =>
        ctx.d.kernelPrint(text),
      )
        ? OK
        : C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
      break;
    default:
      packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_PROCESS,
    DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode(packet),
  );
}

function threadDetailsOrSwitch(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(payload);
  const machine = ctx.d.machine;
  const state = ctx.core;
  const current = machine.threadById(state.tid);
  switch (packet.ActionType) {
    case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_DETAILS:
      packet.ProcessId = state.pid;
      packet.ThreadId = state.tid;
      packet.Process = current?.process.eprocess ?? 0n;
      packet.Thread = current?.thread.ethread ?? 0n;
      packet.ProcessName = imageName16(current?.process.name ?? '');
      packet.Result = OK;
      break;
    case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PERFORM_SWITCH:
      // ThreadSwitch: the same rule with ETHREAD
      if (!switchIsValid(ctx, packet.ThreadId, packet.Thread)) {
        packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
        break;
      }
      ctx.deferred.pendingSwitch = { kind: 'thread', tid: packet.ThreadId, object: packet.Thread };
      packet.Result = OK;
      break;
    case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_LIST: {
      const current = machine.processById(state.pid)?.eprocess ?? 0n;
      const listed = showThreadList(machine, packet.ThreadListSymDetails, current, (text) =>
        ctx.d.kernelPrint(text),
      );
      if (listed === undefined) {
        packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
        break;
      }
      // an empty Process means the current one, and the debuggee writes it back
      packet.ThreadListSymDetails.Process = listed;
      packet.Result = OK;
      break;
    }
    default:
      packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_THREAD,
    DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode(packet),
  );
}

/** Neither id nor object is refused; an object address must be mapped (CheckAccessValidityAndSafety). */
function switchIsValid(ctx: RequestContext, id: number, object: bigint): boolean {
  if (object !== 0n) return ctx.d.machine.translate(object, ctx.core.pid) !== undefined;
  return id !== 0;
}

function imageName16(name: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < Math.min(15, name.length); i++) out[i] = name.charCodeAt(i) & 0xff;
  return out;
}
