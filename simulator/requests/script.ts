import * as C from '../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import { decodeScriptPayload } from '../../shared/protocol/payloads';
import { DEBUGGEE_SCRIPT_PACKET } from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/** `?` and `.script` while halted: the compiled script runs once on the operating core. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function scriptRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_RUN_SCRIPT]: (p) => runScript(ctx, p),
  };
}

function runScript(ctx: RequestContext, payload: Uint8Array): void {
  const { header, bytecode } = decodeScriptPayload(payload);
  ctx.d.scripts.run(bytecode, header.ScriptBufferPointer, {
    core: ctx.d.operatingCore,
    tag: ctx.d.haltTag,
    stage: ctx.d.haltStage,
    eventContext: 0n,
    immediate: true,
    safeBuffer: 0n,
    isEventAction: false,
  });
  header.Result = OK;
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_RUNNING_SCRIPT,
    DEBUGGEE_SCRIPT_PACKET.encode(header),
  );
}
