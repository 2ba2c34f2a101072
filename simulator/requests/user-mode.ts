import * as C from '../../shared/protocol/generated/constants';
import {
  DEBUGGEE_PAUSING_REASON as R,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../../shared/protocol/generated/enums';
import { decodeUserInputPayload } from '../../shared/protocol/payloads';
import { DEBUGGEE_SYMBOL_REQUEST_PACKET, DEBUGGEE_USER_INPUT_PACKET } from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/**
 * Work hyperkd hands to the debuggee's user mode: forwarded commands and the symbol reload; both
 * resume the debuggee, which halts again when user mode is done.
 */

export function userModeRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER]: (p) => userInput(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_RELOAD]: (p) => symbolReload(ctx, p),
  };
}

function userInput(ctx: RequestContext, payload: Uint8Array): void {
  const { header, command } = decodeUserInputPayload(payload);
  ctx.checkPriorityBuffers();
  // the debuggee drops user input that does not fit its 4 KB message (the command never runs)
  // the text travels to user mode in one log buffer; a longer one is refused and never runs
  const delivered = DEBUGGEE_USER_INPUT_PACKET.size + header.CommandLen <= C.PacketChunkSize - 1;
  ctx.d.runUserInput(command, header.IgnoreFinishedSignal, delivered);
}

function symbolReload(ctx: RequestContext, payload: Uint8Array): void {
  const request = DEBUGGEE_SYMBOL_REQUEST_PACKET.decode(payload);
  ctx.checkPriorityBuffers();
  ctx.d.resume(() => {
    // the debuggee's user mode gathers the modules through IOCTLs, each draining the pools
    ctx.d.pools.drain();
    ctx.d.sendSymbols(request.ProcessId);
    ctx.d.placeInHyperDbgProcess(0);
    ctx.d.halt(0, { reason: R.DEBUGGEE_PAUSING_REASON_PAUSE, ignoreDisassembling: true });
  });
}
