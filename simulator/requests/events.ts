import * as C from '../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import { decodeAddActionPayload, decodeRegisterEventPayload } from '../../shared/protocol/payloads';
import {
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_SHORT_CIRCUITING_EVENT,
} from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/** Events and breakpoints: registering, adding actions, enable/disable/clear, short-circuiting, `bp`/`bl`. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function eventRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT]: (p) => registerEvent(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT]: (p) => addAction(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_AND_MODIFY_EVENT]: (p) =>
      modifyEvent(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SET_SHORT_CIRCUITING_STATE]: (p) =>
      shortCircuiting(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP]: (p) =>
      ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BP, ctx.breakpoints.add(p)),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_LIST_OR_MODIFY_BREAKPOINTS]: (p) =>
      ctx.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_LIST_OR_MODIFY_BREAKPOINTS,
        ctx.breakpoints.listOrModify(p),
      ),
  };
}

function registerEvent(ctx: RequestContext, payload: Uint8Array): void {
  const { event, condition } = decodeRegisterEventPayload(payload);
  const o = event.Options;
  const result = ctx.d.events.register({
    coreId: event.CoreId,
    processId: event.ProcessId,
    enableShortCircuiting: event.EnableShortCircuiting,
    eventStage: event.EventStage,
    tag: event.Tag,
    eventType: event.EventType,
    options: [
      o.OptionalParam1,
      o.OptionalParam2,
      o.OptionalParam3,
      o.OptionalParam4,
      o.OptionalParam5,
      o.OptionalParam6,
    ],
    conditionSize: event.ConditionBufferSize,
    condition,
  });
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT,
    DEBUGGER_EVENT_AND_ACTION_RESULT.encode({ IsSuccessful: result.isSuccessful, Error: result.error }),
  );
}

function addAction(ctx: RequestContext, payload: Uint8Array): void {
  const { action, buffer } = decodeAddActionPayload(payload);
  const result = ctx.d.events.addAction({
    eventTag: action.EventTag,
    actionType: action.ActionType,
    immediateMessagePassing: action.ImmediateMessagePassing,
    preAllocatedBuffer: action.PreAllocatedBuffer,
    customCodeBufferSize: action.CustomCodeBufferSize,
    scriptBufferSize: action.ScriptBufferSize,
    scriptBufferPointer: action.ScriptBufferPointer,
    payload: buffer,
  });
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_ADDING_ACTION_TO_EVENT,
    DEBUGGER_EVENT_AND_ACTION_RESULT.encode({ IsSuccessful: result.isSuccessful, Error: result.error }),
  );
}

function modifyEvent(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_MODIFY_EVENTS.decode(payload);
  const result = ctx.d.events.modify(packet.Tag, packet.TypeOfAction);
  packet.KernelStatus = BigInt(result.kernelStatus);
  if (packet.TypeOfAction === 0 && result.kernelStatus === OK) packet.IsEnabled = result.isEnabled;
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_AND_MODIFY_EVENT,
    DEBUGGER_MODIFY_EVENTS.encode(packet),
  );
}

function shortCircuiting(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_SHORT_CIRCUITING_EVENT.decode(payload);
  ctx.d.shortCircuit[ctx.d.operatingCore] = packet.IsShortCircuiting;
  packet.KernelStatus = BigInt(OK);
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_SHORT_CIRCUITING_STATE,
    DEBUGGER_SHORT_CIRCUITING_EVENT.encode(packet),
  );
}
