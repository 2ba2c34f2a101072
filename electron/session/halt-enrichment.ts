/**
 * The reads a GUI session makes right after a halt so the paused context is complete before
 * anyone hears about it: all registers, and the current process/thread (`.thread`'s details
 * request). A failure leaves that part out and says why in a diagnostic.
 */
import { Action, PacketType } from './packets';
import { decodeAllRegisters, encodeReadAllRegisters } from './registers';
import { decodeThreadDetails, encodeThreadDetailsRequest } from './thread-details';
import {
  LinkError,
  type RegisterSnapshot,
  type RequestFrame,
  type RequestOptions,
  type RequestResult,
  type SessionDiagnostic,
  type ThreadDetails,
} from './link';

/** What the reads need from the session: a direct exchange (the halt holds the request queue) and diagnostics. */
export interface HaltQueries {
  exchange(frame: RequestFrame, options: RequestOptions): Promise<RequestResult>;
  diagnostic(severity: SessionDiagnostic['severity'], code: string, message: string): void;
}

export async function readRegistersAfterHalt(link: HaltQueries): Promise<RegisterSnapshot | undefined> {
  try {
    const { response } = await link.exchange(
      { packetType: PacketType.vmxRoot, action: Action.readRegisters, payload: encodeReadAllRegisters() },
      { responseAction: Action.resultReadingRegisters, idempotent: true },
    );
    return decodeAllRegisters(response.payload);
  } catch (error) {
    link.diagnostic(
      'warning',
      'registers-unavailable',
      `could not read registers after the halt: ${String(error)}`,
    );
    return undefined;
  }
}

/**
 * `.thread`'s details request with a short timeout and no re-send, so a silent debuggee never
 * holds the halt back. `timedOut` tells the session that a late answer may still arrive.
 */
export async function readThreadDetailsAfterHalt(
  link: HaltQueries,
  timeoutMs: number,
): Promise<{ readonly details?: ThreadDetails; readonly timedOut: boolean }> {
  let answer: ReturnType<typeof decodeThreadDetails>;
  let timedOut = false;
  try {
    const { response } = await link.exchange(
      {
        packetType: PacketType.vmxRoot,
        action: Action.changeThread,
        payload: encodeThreadDetailsRequest(),
      },
      { responseAction: Action.resultChangingThread, timeoutMs },
    );
    answer = decodeThreadDetails(response.payload);
  } catch (error) {
    if (error instanceof LinkError && error.kind === 'timeout') {
      timedOut = true;
      answer = { ok: false, error: `no answer within ${timeoutMs} ms (not re-sent; '.thread' asks again)` };
    } else answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (answer.ok) return { details: answer.details, timedOut };
  link.diagnostic(
    'warning',
    'thread-details-unavailable',
    `the paused context has no process/thread id: ${answer.error}`,
  );
  return { timedOut };
}
