import { encodeFrame, FrameEncodeError } from '../../shared/protocol/frame';
import { PayloadWriter } from './bytes';
import { disassemble } from './disassembler';
import {
  LinkError,
  type DebuggeeLink,
  type ForwardResult,
  type PausedContext,
  type RequestFrame,
  type RequestResult,
  type ResponseFrame,
  type ResumeResult,
  type SessionEventName,
  type SessionListener,
} from './link';
import { Action, encodeTestQuery, encodeUserInput, MAX_USER_INPUT_TEXT, PacketType } from './packets';

/**
 * A link to nobody, for `hds encode`: a freshly paused session (core 0, RIP 0, NOPs at RIP)
 * that records every frame a command would send and answers each request with its own payload
 * marked successful (what a debuggee that accepted everything would echo back), so multi-frame
 * commands (events: a18 then a19) run to the end.
 */
const SUCCESS = 0xffffffff;

/** Where each response's status lives (protocol reference 4.2), and how success is written. */
const SUCCESS_WRITERS: Record<number, (w: PayloadWriter) => void> = {
  [Action.resultChangingCore]: (w) => w.u32(4, SUCCESS),
  [Action.resultChangingProcess]: (w) => w.u32(64, SUCCESS),
  [Action.resultChangingThread]: (w) => w.u32(96, SUCCESS),
  [Action.resultRunningScript]: (w) => w.u32(24, SUCCESS),
  [Action.resultFlush]: (w) => w.u32(0, SUCCESS),
  [Action.resultCallstack]: (w) => w.u32(4, SUCCESS),
  [Action.resultTestQuery]: (w) => w.u32(16, SUCCESS),
  54: (w) => w.u64(8, 0xffffffffn),
  [Action.resultReadingRegisters]: (w) => w.u32(16, SUCCESS),
  [Action.resultReadingMemory]: (w) => w.u32(40, SUCCESS),
  [Action.resultEditingMemory]: (w) => w.u32(0, SUCCESS),
  [Action.resultBp]: (w) => w.u32(24, SUCCESS),
  60: (w) => w.u64(0, 0xffffffffn),
  [Action.resultListOrModifyBreakpoints]: (w) => w.u32(12, SUCCESS),
  [Action.resultPte]: (w) => w.u32(80, SUCCESS),
  [Action.resultVa2paPa2va]: (w) => w.u32(24, SUCCESS),
};

/** Responses are at least as large as these structs even when the request was shorter. */
const RESPONSE_SIZES: Record<number, number> = { 54: 24, 60: 16, [Action.resultRunningScript]: 32 };

export class DryRunLink implements DebuggeeLink {
  readonly frames: Uint8Array[] = [];
  readonly state = 'paused' as const;
  readonly currentCore = 0;
  readonly debuggee = undefined;
  readonly modules = [];
  readonly pausedContext: PausedContext;

  constructor() {
    const bytes = new Uint8Array(16).fill(0x90);
    const [instruction] = disassemble(bytes, 0n, { is32Bit: false, maxInstructions: 1 });
    this.pausedContext = {
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
    // Event/action results are their own 8-byte struct {IsSuccessful, Error}; everything else echoes the request.
    const isEventResult = options.responseAction === 52 || options.responseAction === 53;
    const writer = new PayloadWriter(
      isEventResult ? 8 : Math.max(frame.payload.length, RESPONSE_SIZES[options.responseAction] ?? 0),
    );
    if (isEventResult) writer.u8(0, 1);
    else writer.set(0, frame.payload);
    SUCCESS_WRITERS[options.responseAction]?.(writer);
    const response: ResponseFrame = { action: options.responseAction, payload: writer.bytes, arrivedAt: 0 };
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
      ...(options.awaitPause ? { paused: this.pausedContext } : {}),
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
    this.record({ packetType: PacketType.vmxRoot, action: Action.testQuery, payload: encodeTestQuery(6) });
    this.record(input);
    this.record({ packetType: PacketType.vmxRoot, action: Action.testQuery, payload: encodeTestQuery(7) });
    return { logs: [], paused: this.pausedContext };
  }

  pause(): Promise<PausedContext> {
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
