import { END_MARKER, FRAME_HEADER_SIZE, MAX_PAYLOAD_BYTES } from '../../shared/protocol/frame';
import * as C from '../../shared/protocol/generated/constants';
import type { SimulatedDebuggee } from '../debuggee';
import { BreakpointTable } from '../breakpoints';

/** Answers one type-1 action from the payload the debugger sent. */
export type RequestHandler = (payload: Uint8Array) => void;

/** The type-1 actions one request family answers, keyed by DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION. */
export type RequestFamily = Readonly<Partial<Record<number, RequestHandler>>>;

/** What a request changes that only takes effect when the debugger continues. */
export interface DeferredOnContinue {
  /**
   * `.process` / `.thread` switch that happens on the next continue, as asked: by id, or by
   * EPROCESS/ETHREAD address (hyperkd only checks that the address is mapped)
   */
  pendingSwitch:
    | { kind: 'process'; pid: number; object: bigint }
    | { kind: 'thread'; tid: number; object: bigint }
    | undefined;
  /** `.pagein` injected a page fault: the next continue runs into its handler and re-halts */
  pageinPending: boolean;
}

/**
 * What every request family shares: the debuggee, the operating core, hyperkd's answer path
 * (KdResponsePacketToDebugger with its size refusal) and the state deferred to the next continue.
 */
export class RequestContext {
  readonly breakpoints: BreakpointTable;
  readonly deferred: DeferredOnContinue = { pendingSwitch: undefined, pageinPending: false };

  constructor(readonly d: SimulatedDebuggee) {
    this.breakpoints = new BreakpointTable(d);
  }

  get core() {
    return this.d.machine.cores[this.d.operatingCore];
  }

  /** KdResponsePacketToDebugger, including its refusal of frames above MaxSerialPacketSize. */
  respond(action: number, payload: Uint8Array): void {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      this.refuseOversize(payload.length);
      return;
    }
    this.d.send(action, payload);
  }

  /** SerialConnectionSendTwoBuffers' refusal (header + payload + marker above MaxSerialPacketSize). */
  refuseOversize(payloadLength: number): void {
    this.d.kernelLog(
      'error',
      'SerialConnectionSendTwoBuffers',
      267,
      `Err, buffer is above the maximum buffer size that can be sent to debuggee (${FRAME_HEADER_SIZE + payloadLength + END_MARKER.length} > ${C.MaxSerialPacketSize}), ` +
        'for more information, please visit https://docs.hyperdbg.org/tips-and-tricks/misc/customize-build/increase-communication-buffer-size',
    );
  }

  /** KdCheckUserModePriorityBuffers: warns before queueing for user mode into a full ring. */
  checkPriorityBuffers(): void {
    if (!this.d.events.priorityRingFull()) return;
    this.d.kernelLog(
      'warning',
      'KdCheckUserModePriorityBuffers',
      778,
      'Warning, the user-mode priority buffers are full, thus the new action replaces previously unserviced actions. ' +
        'As the result, some functionalities might not work correctly!\n' +
        'For more information please visit: https://docs.hyperdbg.org/tips-and-tricks/misc/instant-events\n',
    );
  }
}
