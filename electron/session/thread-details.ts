import { DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE } from '../../shared/protocol/generated/enums';
import { DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET } from '../../shared/protocol/structs';
import type { ThreadDetails } from './link';
import { STATUS_SUCCESS } from './packets';

/**
 * The request HyperDbg's `.thread` sends without arguments (t1 a14, ActionType 1 = get details,
 * protocol reference 3.9 / A.8). The debuggee answers a45 with the same 104-byte struct holding
 * the current process id, thread id, EPROCESS, ETHREAD and image name: everything a paused
 * context needs in one round trip (`.process`'s details carry no thread).
 */
export const GET_THREAD_DETAILS =
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_DETAILS;

export function encodeThreadDetailsRequest(): Uint8Array {
  return DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode({ ActionType: GET_THREAD_DETAILS });
}

/** ActionType echoed by an a45 response (the debuggee edits the request in place). */
export function threadPacketActionType(payload: Uint8Array): number {
  return DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(payload).ActionType;
}

export type ThreadDetailsAnswer =
  { readonly ok: true; readonly details: ThreadDetails } | { readonly ok: false; readonly error: string };

/** Decodes an a45 answer to the details request; never throws (short payloads read as zeros). */
export function decodeThreadDetails(payload: Uint8Array): ThreadDetailsAnswer {
  const packet = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(payload);
  if (packet.ActionType !== GET_THREAD_DETAILS) {
    return {
      ok: false,
      error: `the answer is for action type ${packet.ActionType}, not the details request`,
    };
  }
  if (packet.Result !== STATUS_SUCCESS) {
    return { ok: false, error: `the debuggee returned status 0x${packet.Result.toString(16)}` };
  }
  return {
    ok: true,
    details: {
      processId: packet.ProcessId,
      threadId: packet.ThreadId,
      process: packet.Process,
      thread: packet.Thread,
      processName: imageName(packet.ProcessName),
    },
  };
}

/** EPROCESS.ImageFileName: 15 characters and a NUL, printed by HyperDbg with `%s`. */
function imageName(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
}
