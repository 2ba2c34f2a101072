import {
  DEBUGGEE_BP_LIST_OR_MODIFY_PACKET,
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  DEBUGGER_PAGE_IN_REQUEST,
  DEBUGGEE_RESULT_OF_SEARCH_PACKET,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_SHORT_CIRCUITING_EVENT,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_TEST_QUERY_STATE as TQ,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
  encodeFrame,
  FrameEncodeError,
  type StructCodec,
} from '../../shared/protocol';
import { disassemble } from './disassembler';
import {
  LinkError,
  type DebuggeeLink,
  type ForwardResult,
  type HaltContext,
  type RequestFrame,
  type RequestResult,
  type ResponseFrame,
  type ResumeResult,
  type SessionEventName,
  type SessionListener,
} from './link';
import {
  Action,
  echoWithChanges,
  encodeTestQuery,
  encodeUserInput,
  MAX_USER_INPUT_TEXT,
  PacketType,
  STATUS_SUCCESS,
} from './packets';

/**
 * A link to nobody, for `hds encode`: a freshly paused session (core 0, RIP 0, NOPs at RIP)
 * that records every frame a command would send and answers each request with its own payload
 * marked successful (what a debuggee that accepted everything would echo back), so multi-frame
 * commands (events: a18 then a19) run to the end.
 */

/** A response struct and the name of its status field (protocol reference 4.2). */
interface StatusField {
  readonly codec: StructCodec<Record<string, unknown>>;
  readonly field: string;
}

function statusField<T>(codec: StructCodec<T>, field: keyof T & string): StatusField {
  return { codec: codec as unknown as StructCodec<Record<string, unknown>>, field };
}

/** The struct each echoed response starts with, and where its status goes. */
const RESPONSE_STATUS: Record<number, StatusField> = {
  [Action.resultChangingCore]: statusField(DEBUGGEE_CHANGE_CORE_PACKET, 'Result'),
  [Action.resultChangingProcess]: statusField(DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET, 'Result'),
  [Action.resultChangingThread]: statusField(DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET, 'Result'),
  [Action.resultRunningScript]: statusField(DEBUGGEE_SCRIPT_PACKET, 'Result'),
  [Action.resultFlush]: statusField(DEBUGGER_FLUSH_LOGGING_BUFFERS, 'KernelStatus'),
  [Action.resultCallstack]: statusField(DEBUGGER_CALLSTACK_REQUEST, 'KernelStatus'),
  [Action.resultTestQuery]: statusField(DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER, 'KernelStatus'),
  [Action.resultQueryAndModifyEvent]: statusField(DEBUGGER_MODIFY_EVENTS, 'KernelStatus'),
  [Action.resultReadingRegisters]: statusField(DEBUGGEE_REGISTER_READ_DESCRIPTION, 'KernelStatus'),
  [Action.resultReadingMemory]: statusField(DEBUGGER_READ_MEMORY, 'KernelStatus'),
  [Action.resultEditingMemory]: statusField(DEBUGGER_EDIT_MEMORY, 'Result'),
  [Action.resultBp]: statusField(DEBUGGEE_BP_PACKET, 'Result'),
  [Action.resultShortCircuitingState]: statusField(DEBUGGER_SHORT_CIRCUITING_EVENT, 'KernelStatus'),
  [Action.resultListOrModifyBreakpoints]: statusField(DEBUGGEE_BP_LIST_OR_MODIFY_PACKET, 'Result'),
  [Action.resultPte]: statusField(DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS, 'KernelStatus'),
  [Action.resultVa2paPa2va]: statusField(DEBUGGER_VA2PA_AND_PA2VA_COMMANDS, 'KernelStatus'),
  [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID]: statusField(
    DEBUGGER_CPUID_REQUEST_RESPONSE,
    'KernelStatus',
  ),
  [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BRINGING_PAGES_IN]: statusField(
    DEBUGGER_PAGE_IN_REQUEST,
    'KernelStatus',
  ),
};

/** What a debuggee that accepts everything answers to `request` with `responseAction`. */
function successfulResponse(request: Uint8Array, responseAction: number): Uint8Array {
  // Event/action results are their own struct {IsSuccessful, Error}; everything else echoes the request.
  if (
    responseAction === Action.resultRegisteringEvent ||
    responseAction === Action.resultAddingActionToEvent
  ) {
    return DEBUGGER_EVENT_AND_ACTION_RESULT.encode({ IsSuccessful: true });
  }
  // A search answers with its own result struct (the matches come as logs, none here).
  if (responseAction === RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SEARCH_QUERY) {
    return DEBUGGEE_RESULT_OF_SEARCH_PACKET.encode({ CountOfResults: 0, Result: STATUS_SUCCESS });
  }
  const status = RESPONSE_STATUS[responseAction];
  return status
    ? echoWithChanges(request, status.codec, { [status.field]: STATUS_SUCCESS })
    : request.slice();
}

/** A halt on core 0 at RIP 0 where the instruction bytes are `opcode` followed by NOPs. */
function haltedAt(opcode: number): HaltContext {
  const bytes = new Uint8Array(16).fill(0x90);
  bytes[0] = opcode;
  const [instruction] = disassemble(bytes, 0n, { is32Bit: false, maxInstructions: 1 });
  return {
    rip: 0n,
    is32Bit: false,
    ignoreDisassembling: false,
    reason: 2,
    reasonName: 'REQUEST_FROM_DEBUGGER',
    core: 0,
    eventTag: 0n,
    eventStage: 0,
    rflags: 0x246n,
    instructionBytes: bytes,
    ...(instruction ? { instruction } : {}),
    arrivedAt: 0,
  };
}

export class DryRunLink implements DebuggeeLink {
  readonly frames: Uint8Array[] = [];
  readonly state = 'paused' as const;
  readonly currentCore = 0;
  readonly debuggee = undefined;
  readonly modules = [];
  /** NOPs at RIP until something resumes; then a `ret`, so `gu` (step out) ends after two frames. */
  pausedContext: HaltContext = haltedAt(0x90);

  /** The halt a resume with `awaitPause` ends in: a step onto a `ret`. */
  private haltAfterResume(): HaltContext {
    this.pausedContext = haltedAt(0xc3);
    return this.pausedContext;
  }

  private record(frame: RequestFrame): void {
    try {
      this.frames.push(encodeFrame(frame.packetType, frame.action, frame.payload));
    } catch (error) {
      if (error instanceof FrameEncodeError) {
        throw new LinkError(
          error.code === 'payload-contains-end-marker' ? 'marker-in-payload' : 'oversize',
          error.message,
        );
      }
      throw error;
    }
  }

  request(
    frame: RequestFrame,
    options: { responseAction: number; thenAwaitPause?: (r: ResponseFrame) => boolean },
  ): Promise<RequestResult> {
    try {
      this.record(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    const response: ResponseFrame = {
      action: options.responseAction,
      payload: successfulResponse(frame.payload, options.responseAction),
      arrivedAt: 0,
    };
    const paused = options.thenAwaitPause?.(response) ? this.pausedContext : undefined;
    return Promise.resolve({ response, collected: [], logs: [], ...(paused ? { paused } : {}) });
  }

  resume(frame: RequestFrame, options: { awaitPause: boolean }): Promise<ResumeResult> {
    try {
      this.record(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve({
      logs: [],
      collected: [],
      ...(options.awaitPause ? { paused: this.haltAfterResume() } : {}),
    });
  }

  async forwardUserInput(commandText: string, options: { keepsRunning: boolean }): Promise<ForwardResult> {
    if (Buffer.byteLength(commandText, 'latin1') > MAX_USER_INPUT_TEXT) {
      throw new LinkError(
        'oversize',
        `err, the command is too long to forward (> ${MAX_USER_INPUT_TEXT} characters)`,
      );
    }
    const input = {
      packetType: PacketType.vmxRoot,
      action: Action.userInputBuffer,
      payload: encodeUserInput(commandText, options.keepsRunning),
    };
    if (options.keepsRunning) {
      this.record(input);
      return { logs: [] };
    }
    this.record({
      packetType: PacketType.vmxRoot,
      action: Action.testQuery,
      payload: encodeTestQuery(TQ.TEST_BREAKPOINT_TURN_OFF_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER),
    });
    this.record(input);
    this.record({
      packetType: PacketType.vmxRoot,
      action: Action.testQuery,
      payload: encodeTestQuery(TQ.TEST_BREAKPOINT_TURN_ON_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER),
    });
    return { logs: [], paused: this.pausedContext };
  }

  pause(): Promise<HaltContext> {
    return Promise.resolve(this.pausedContext);
  }

  close(): Promise<void> {
    this.record({
      packetType: PacketType.vmxRoot,
      action: Action.closeAndUnload,
      payload: new Uint8Array(0),
    });
    this.record({
      packetType: PacketType.userMode,
      action: Action.userDoNotReadAnyPacket,
      payload: new Uint8Array(0),
    });
    return Promise.resolve();
  }

  on<K extends SessionEventName>(_event: K, _listener: SessionListener<K>): () => void {
    return () => undefined;
  }
}

/** Frames as the protocol reference writes its test vectors: upper-case hex bytes. */
export function formatFrameHex(frame: Uint8Array): string {
  return [...frame].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
