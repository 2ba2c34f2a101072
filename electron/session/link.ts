/**
 * The contract between the command layer (and the GUI façade) and a live debugging session.
 *
 * A `DebuggeeLink` is what a command handler talks to: it sends whole HyperDbg frames, waits for
 * the response HyperDbg itself would wait for (matched by response action code, because the
 * protocol has no request ids), and reports everything the debuggee says on its own through one
 * typed event stream. The implementation is `electron/session/session.ts`; tests use
 * `electron/session/testing/test-debuggee.ts` (a scripted debuggee on an in-memory transport),
 * and the CLI's `hds encode` uses `electron/session/dry-run-link.ts`, which never touches a wire.
 *
 * Rules every implementation keeps (protocol reference sections 3.6, 4.2 and 9):
 * - exactly one request in flight; a second `request` waits its turn;
 * - type-1 frames only while `paused`, type-2 frames only while `running` (the debuggee would
 *   reject the other kind and, for garbage, lose its break-in thread); violating calls reject
 *   with a `LinkError` of kind `wrong-state` and send nothing;
 * - our own timeouts; a timed-out request is re-sent once only when the caller marked it
 *   `idempotent` (reads, lists, queries), never otherwise;
 * - any PAUSED packet satisfies an outstanding pause, whatever its reason.
 */
import type { PausingReasonName } from './pausing-reasons';

/** Debugger-side view of the session (protocol reference 3.6, simplified to what a UI shows). */
export type LinkState = 'disconnected' | 'connecting' | 'handshaking' | 'running' | 'paused' | 'closed';

/** One frame the debugger sends: packet type (1 = VMX-root, 2 = user mode), action, raw payload. */
export interface RequestFrame {
  readonly packetType: number;
  readonly action: number;
  /** Exact bytes after the 24-byte header, `sizeof(struct)` including padding. */
  readonly payload: Uint8Array;
}

/** One decoded debuggee → debugger frame (packet type 3). */
export interface ResponseFrame {
  readonly action: number;
  readonly payload: Uint8Array;
  /** `performance.now()`-style milliseconds when the frame's last byte arrived. */
  readonly arrivedAt: number;
}

export interface RequestOptions {
  /** Response action code that completes the request (e.g. 57 for READ_MEMORY). */
  readonly responseAction: number;
  /**
   * Debuggee packets that belong to this request when they arrive before the response
   * (two-stage completions: a47 formats values before a46, a62 symbol records before a63).
   * They are returned in `RequestResult.collected` and still published as session events.
   */
  readonly collect?: readonly number[];
  /**
   * After the response arrived, also wait for the next PAUSED packet when this returns true for
   * the response (core switch: a43 with Result 0xFFFFFFFF, then PAUSED reason 7).
   */
  readonly thenAwaitPause?: (response: ResponseFrame) => boolean;
  /** Our own timeout; default `SessionSettings.requestTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Safe to re-send once after a timeout (reads, lists, queries). Default false. */
  readonly idempotent?: boolean;
}

export interface RequestResult {
  readonly response: ResponseFrame;
  readonly collected: readonly ResponseFrame[];
  /** Log messages (a41) that arrived between sending and the response, in order. */
  readonly logs: readonly LogMessage[];
  /** Present when `thenAwaitPause` asked for the follow-up PAUSED. */
  readonly paused?: HaltContext;
}

/** What a resuming frame (continue, step, user input, symbol reload, close) waits for. */
export interface ResumeOptions {
  /** Wait for the next PAUSED (steps, re-halting forwarded commands). False for `g` and close. */
  readonly awaitPause: boolean;
  /** Default: no timeout for steps (a step may legitimately never end: CTRL+C interrupts it). */
  readonly timeoutMs?: number;
}

export interface ResumeResult {
  readonly logs: readonly LogMessage[];
  readonly collected: readonly ResponseFrame[];
  readonly paused?: HaltContext;
}

/** Options for text forwarded to the debuggee's user-mode HyperDbg (protocol reference 6.2). */
export interface ForwardOptions {
  /** `.start`, `.attach`, … : sent with IgnoreFinishedSignal = 1, no TEST_QUERY bracket. */
  readonly keepsRunning: boolean;
  readonly timeoutMs?: number;
}

export interface ForwardResult {
  /** Text the debuggee printed (a41 packets, operation code 1) while running the command. */
  readonly logs: readonly LogMessage[];
  /** The re-halt (reason 10) for commands that do not keep running. */
  readonly paused?: HaltContext;
}

/** DEBUGGEE_PAUSING_REASON short names (protocol reference 7.2). */
export type { PausingReasonName };

/** One disassembled instruction, formatted like HyperDbg's `u` and pause lines. */
export interface FormattedInstruction {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  /** e.g. "mov rax, qword ptr [rsp+8]" (iced-x86, MASM syntax like HyperDbg's zydis output). */
  readonly text: string;
  /** `[taken]` / `[not taken]` annotation for conditional branches at RIP, else undefined. */
  readonly branch?: 'taken' | 'not taken';
  /** Where a near call/jmp/jcc goes (clickable in the GUI). */
  readonly target?: bigint;
  /** HyperDbg's exact line: "fffff801`63a1b2c3    48 8b 44 24 08 ... mov rax, ..." */
  readonly formatted: string;
}

/** General-purpose and control registers of the operating core, from READ_REGISTERS (all). */
export interface RegisterSnapshot {
  readonly values: Readonly<Record<string, bigint>>;
}

/** What `.thread` without arguments reports (DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET, details). */
export interface ThreadDetails {
  readonly processId: number;
  readonly threadId: number;
  /** nt!_EPROCESS address. */
  readonly process: bigint;
  /** nt!_ETHREAD address. */
  readonly thread: bigint;
  /** EPROCESS.ImageFileName (at most 15 characters, e.g. "explorer.exe"). */
  readonly processName: string;
}

/** Everything known about the current halt. Updated in place by later queries (registers). */
export interface HaltContext {
  readonly rip: bigint;
  readonly is32Bit: boolean;
  readonly ignoreDisassembling: boolean;
  readonly reason: number;
  readonly reasonName: PausingReasonName;
  readonly core: number;
  /** Event tag (reason 11) or breakpoint id (reason 5); 0 otherwise. */
  readonly eventTag: bigint;
  /** 1 pre, 2 post (reason 11), else 0. */
  readonly eventStage: number;
  readonly rflags: bigint;
  /** Only the valid bytes (ReadInstructionLen of the 16). */
  readonly instructionBytes: Uint8Array;
  /** Decoded instruction at RIP (undefined when the bytes do not decode). */
  readonly instruction?: FormattedInstruction;
  /** Filled when the session fetched them after the halt (`SessionSettings.fetchRegistersOnPause`). */
  readonly registers?: RegisterSnapshot;
  /**
   * Current process and thread of the operating core, when the session asked for them after the
   * halt (`SessionSettings.fetchThreadDetailsOnPause`; PAUSED itself carries no pid/tid).
   * Undefined when not asked for or when the debuggee did not answer in time.
   */
  readonly thread?: ThreadDetails;
  /** Arrival time of the PAUSED packet's last byte. */
  readonly arrivedAt: number;
}

/** One message from the debuggee (a41). */
export interface LogMessage {
  /** 1 info, 2 warning, 3 error, 4 batch, an event tag's low 32 bits, or a halt tag (7.1). */
  readonly operationCode: number;
  readonly text: string;
  readonly arrivedAt: number;
  /** Monotonic per session, so a store can detect gaps. */
  readonly sequence: number;
  /** Operating core at arrival when the session was paused, else undefined. */
  readonly core?: number;
}

export interface LinkTraffic {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly framesIn: number;
  readonly framesOut: number;
  readonly bytesInPerSecond: number;
  readonly bytesOutPerSecond: number;
  /** Arrival time of the last byte from the debuggee (physical serial has no other liveness signal). */
  readonly lastSeenAt: number | undefined;
}

export type DiagnosticSeverity = 'info' | 'warning' | 'error';

/** Something the user should know about the link that is not a command's output. */
export interface SessionDiagnostic {
  readonly severity: DiagnosticSeverity;
  /** Stable machine key, e.g. 'bad-checksum', 'handshake-stalled', 'link-lost', 'request-timeout'. */
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** The debuggee's handshake facts (STARTED, protocol reference 3.4). */
export interface DebuggeeInfo {
  readonly osName: string;
  readonly kernelBase: bigint;
  readonly portAddress: number;
  readonly baudRate: number;
}

/** One module record from UPDATE_SYMBOL_INFO (a62). */
export interface ModuleRecord {
  readonly baseAddress: bigint;
  readonly filePath: string;
  readonly pdbName: string;
  readonly guidAndAge: string;
  readonly isUserMode: boolean;
  readonly is32Bit: boolean;
  readonly isSymbolDetailsFound: boolean;
  readonly isLocalSymbolPath: boolean;
}

/** Session events; every listener receives its payload synchronously in arrival order. */
export interface SessionEventMap {
  state: { readonly state: LinkState; readonly previous: LinkState };
  paused: HaltContext;
  log: LogMessage;
  /** Text for the console exactly as HyperDbg prints it (command output, logs, pause notices). */
  output: { readonly text: string; readonly at: number };
  stats: LinkTraffic;
  diagnostic: SessionDiagnostic;
  started: DebuggeeInfo;
  modules: readonly ModuleRecord[];
  /** Raw frames in both directions, for recorders and byte-level views. */
  frame: { readonly direction: 'in' | 'out'; readonly bytes: Uint8Array; readonly at: number };
}

export type SessionEventName = keyof SessionEventMap;
export type SessionListener<K extends SessionEventName> = (payload: SessionEventMap[K]) => void;

export type LinkErrorKind =
  'wrong-state' | 'timeout' | 'link-lost' | 'oversize' | 'marker-in-payload' | 'cancelled' | 'closed';

/** Every rejection from a `DebuggeeLink` is one of these; `message` is ready for the console. */
export class LinkError extends Error {
  constructor(
    readonly kind: LinkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

export interface DebuggeeLink {
  readonly state: LinkState;
  /** Defined exactly while `state === 'paused'`. */
  readonly pausedContext: HaltContext | undefined;
  /** Operating core (prompt "<core hex>: kHyperDbg> "), 0 before the first halt. */
  readonly currentCore: number;
  readonly debuggee: DebuggeeInfo | undefined;
  readonly modules: readonly ModuleRecord[];

  /** Send a request that stays paused and wait for its response (4.2 "stays paused" rows). */
  request(frame: RequestFrame, options: RequestOptions): Promise<RequestResult>;
  /** Send a frame after which the debuggee runs (continue, step, symbol reload, close). */
  resume(frame: RequestFrame, options: ResumeOptions): Promise<ResumeResult>;
  /** Forward a command line to the debuggee's user mode (section 6), with the TEST_QUERY bracket. */
  forwardUserInput(commandText: string, options: ForwardOptions): Promise<ForwardResult>;
  /** Break in (t2 a1) and resolve on the next PAUSED, whatever its reason. */
  pause(timeoutMs?: number): Promise<HaltContext>;
  /** `.debug close`: CLOSE (t1 a7) then DO_NOT_READ (t2 a2), then release the transport. */
  close(): Promise<void>;

  on<K extends SessionEventName>(event: K, listener: SessionListener<K>): () => void;
}
