import { isBuildSignature, notASignatureMessage } from '../../shared/protocol/build-signature';
import { encodeFrame, FrameDecoder, FrameEncodeError, type Frame } from '../../shared/protocol/frame';
import { Emitter } from '../../shared/events/emitter';
import type { ByteTransport } from '../transport/transport';
import { hex } from './bytes';
import { pauseNotice, handshakeStallMessage } from './console-narration';
import { disassemble } from './disassembler';
import { readRegistersAfterHalt, readThreadDetailsAfterHalt, type HaltQueries } from './halt-enrichment';
import {
  Action,
  decodeLogPacket,
  decodePausedPacket,
  decodeStarted,
  decodeSymbolUpdate,
  decodeSymbolUpdateResult,
  encodeTestQuery,
  encodeUserInput,
  MAX_USER_INPUT_TEXT,
  PacketType,
  pausingReasonName,
  STATUS_SUCCESS,
} from './packets';
import { GET_THREAD_DETAILS, threadPacketActionType } from './thread-details';
import {
  LinkError,
  type DebuggeeInfo,
  type DebuggeeLink,
  type ForwardOptions,
  type ForwardResult,
  type LinkTraffic,
  type LogMessage,
  type ModuleRecord,
  type HaltContext,
  type RequestFrame,
  type RequestOptions,
  type RegisterSnapshot,
  type RequestResult,
  type ResponseFrame,
  type ResumeOptions,
  type ResumeResult,
  type SessionDiagnostic,
  type SessionEventMap,
  type SessionEventName,
  type SessionListener,
  type LinkState,
  type ThreadDetails,
} from './link';

/** TEST_QUERY request types that bracket forwarded commands (protocol reference 6.2). */
const TEST_TURN_OFF_BPS_AND_EVENTS_FOR_COMMANDS = 6;
const TEST_TURN_ON_BPS_AND_EVENTS_FOR_COMMANDS = 7;

export interface SessionOptions {
  /** The debuggee's build signature `A.B.C-YYYYMMDD.HHMM` (protocol reference 3.3). */
  readonly signature: string;
  /** Timeout of a request that stays paused. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Say the handshake stalled after this long without STARTED. Default 10 s. */
  readonly handshakeStallMs?: number;
  /** Read all registers after every halt (not something HyperDbg does; the GUI wants it). */
  readonly fetchRegistersOnPause?: boolean;
  /**
   * Ask for the current process and thread after every halt (`.thread`'s details request), so
   * the paused context has pid/tid/process name. Not something HyperDbg does; the GUI wants it.
   */
  readonly fetchThreadDetailsOnPause?: boolean;
  /**
   * How long the halt waits for those details before it is published without them. Default 1 s:
   * the answer is 129 bytes, ~25 ms round trip even on a 115200-baud serial link.
   */
  readonly threadDetailsTimeoutMs?: number;
  /** Time source in ms; default `performance.now`. */
  readonly now?: () => number;
  /**
   * Offers each log message to the event-forwarding sources first (HyperDbg's
   * `ForwardingCheckAndPerformEventForwarding`): a message taken by an event's `output {}` is not
   * printed, and a failed transfer prints HyperDbg's error instead.
   */
  readonly forwardLog?: (operationCode: number, text: string) => LogForwarding;
}

/** What the forwarding sources did with a log message. */
export type LogForwarding = 'not-forwarded' | 'forwarded' | 'failed';

interface PendingRequest {
  readonly frame: RequestFrame;
  readonly options: RequestOptions;
  readonly collected: ResponseFrame[];
  readonly logs: LogMessage[];
  resolve(frame: ResponseFrame): void;
  fail(error: LinkError): void;
}

interface PauseWaiter {
  resolve(context: HaltContext): void;
  reject(error: LinkError): void;
}

/** Module records kept per symbol table (a Windows kernel has a few hundred; processes add their own). */
export const MAX_MODULE_RECORDS = 16_384;

/** How long a break-in waits for the halt unless the caller says otherwise. */
export const DEFAULT_BREAK_IN_TIMEOUT_MS = 10_000;
/** A forwarded user-mode command that should re-halt the debuggee, unless the caller says otherwise. */
export const DEFAULT_FORWARD_TIMEOUT_MS = 60_000;
/** `.debug close` on a running debuggee: how long the break-in before the close request may take. */
const CLOSE_PAUSE_MS = 3000;
/** The whole of `.debug close` (break-in, the two close frames) never takes longer than this. */
export const CLOSE_BOUND_MS = 6000;
/** Closing the transport itself (a serial driver or pipe that hangs) is abandoned after this. */
const TRANSPORT_CLOSE_BOUND_MS = 2000;

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** `promise`, or a rejection with `timeoutError()` after `ms` (the promise itself keeps running). */
function withDeadline<T>(promise: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The debugger side of one HyperDbg kernel-debugging session (protocol reference section 3):
 * handshake, symbol sync, running/paused state, one request at a time, pauses, steps, forwarded
 * commands, close. It knows nothing about commands' text syntax; the dispatcher drives it
 * through the `DebuggeeLink` interface.
 */
export class DebuggerSession implements DebuggeeLink {
  private currentState: LinkState = 'disconnected';
  private transport: ByteTransport | undefined;
  private decoder: FrameDecoder;
  private readonly events = new Emitter<SessionEventMap>();
  private readonly now: () => number;
  private readonly requestTimeoutMs: number;
  private readonly handshakeStallMs: number;
  private readonly fetchRegisters: boolean;
  private readonly fetchThreadDetails: boolean;
  private readonly threadDetailsTimeoutMs: number;

  private context: HaltContext | undefined;
  private core = 0;
  private info: DebuggeeInfo | undefined;
  private moduleTable: ModuleRecord[] = [];
  /** Between the first a62 record of a symbol table and its a63. */
  private moduleTableOpen = false;
  private moduleRecordsIgnored = 0;
  /** PINGs answered since the link was attached or the last STARTED (a new handshake). */
  private pingsAnswered = 0;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current handshake's stall was diagnosed (once per handshake). */
  private stallReported = false;
  /** HyperDbg hides log text that arrives after a PAUSED until it sends something again. */
  private ignoreLogOutput = false;
  private logSequence = 0;
  /**
   * The halt's thread-details query timed out: its answer may still arrive and must not complete
   * a later a45 request of another kind (the protocol has no request ids). Cleared by the next halt.
   */
  private lateThreadDetailsPossible = false;

  private pending: PendingRequest | undefined;
  /** The reads the session itself makes after a halt (registers, thread details); queued requests wait for them. */
  private internalExchange: Promise<void> = Promise.resolve();
  private requestChain: Promise<unknown> = Promise.resolve();
  private pauseWaiters: PauseWaiter[] = [];
  /** The outstanding break-in, shared by every caller until the debuggee halts. */
  private breakIn: Promise<HaltContext> | undefined;
  private writeChain: Promise<void> = Promise.resolve();

  private readonly counters = {
    bytesIn: 0,
    bytesOut: 0,
    framesIn: 0,
    framesOut: 0,
    lastSeenAt: undefined as number | undefined,
  };
  private rateWindow = { at: 0, bytesIn: 0, bytesOut: 0 };

  constructor(private readonly options: SessionOptions) {
    if (!isBuildSignature(options.signature)) throw new Error(notASignatureMessage(options.signature));
    this.now = options.now ?? (() => performance.now());
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.handshakeStallMs = options.handshakeStallMs ?? 10_000;
    this.fetchRegisters = options.fetchRegistersOnPause ?? false;
    this.fetchThreadDetails = options.fetchThreadDetailsOnPause ?? false;
    this.threadDetailsTimeoutMs = options.threadDetailsTimeoutMs ?? 1000;
    this.decoder = this.createDecoder();
  }

  // ---- DebuggeeLink state ----

  get state(): LinkState {
    return this.currentState;
  }
  get pausedContext(): HaltContext | undefined {
    return this.currentState === 'paused' ? this.context : undefined;
  }
  get currentCore(): number {
    return this.core;
  }
  get debuggee(): DebuggeeInfo | undefined {
    return this.info;
  }
  get modules(): readonly ModuleRecord[] {
    return this.moduleTable;
  }
  get signature(): string {
    return this.options.signature;
  }

  stats(): LinkTraffic {
    const now = this.now();
    const elapsed = Math.max(now - this.rateWindow.at, 1) / 1000;
    return {
      ...this.counters,
      bytesInPerSecond: (this.counters.bytesIn - this.rateWindow.bytesIn) / elapsed,
      bytesOutPerSecond: (this.counters.bytesOut - this.rateWindow.bytesOut) / elapsed,
    };
  }

  /** Publishes link stats and starts a new rate window (the host calls this on its own tick). */
  publishStats(): LinkTraffic {
    const stats = this.stats();
    this.rateWindow = { at: this.now(), bytesIn: this.counters.bytesIn, bytesOut: this.counters.bytesOut };
    this.emit('stats', stats);
    return stats;
  }

  on<K extends SessionEventName>(event: K, listener: SessionListener<K>): () => void {
    return this.events.on(event, listener);
  }

  // ---- connection ----

  /**
   * Starts listening on an open transport (the debugger must listen before the debuggee runs
   * `.debug prepare`). Also used to reconnect after a lost link.
   */
  attach(transport: ByteTransport): void {
    if (this.transport) throw new Error('err, the session is already attached to a link; disconnect first');
    this.transport = transport;
    this.decoder = this.createDecoder();
    this.pingsAnswered = 0;
    this.stallReported = false;
    this.rateWindow = { at: this.now(), bytesIn: this.counters.bytesIn, bytesOut: this.counters.bytesOut };
    transport.onData((chunk) => this.receive(chunk));
    transport.onClose((error) => this.linkClosed(transport, error));
    this.setState('handshaking');
    this.print('waiting for debuggee to connect...\n');
    this.armStallTimer();
  }

  /** Feeds raw bytes as if they came from the link (used by the transport and by replay). */
  receive(chunk: Uint8Array): void {
    const at = this.now();
    this.counters.bytesIn += chunk.length;
    this.counters.lastSeenAt = at;
    for (const frame of this.decoder.push(chunk)) {
      this.counters.framesIn++;
      this.handleFrame(frame, at);
    }
  }

  /** Drops the link without telling the debuggee anything (the user asked for it, or the app quits after close). */
  async detach(): Promise<void> {
    await this.release('disconnected', new LinkError('closed', 'err, the session was disconnected'));
  }

  /**
   * Ends the session here and now, without waiting for the debuggee or telling it anything (a
   * second Ctrl+C, "Force disconnect"): every wait fails, the port is released, and the console
   * says what state the debuggee may be left in.
   */
  async forceEnd(): Promise<void> {
    if (!this.transport) return;
    const wasStarted = this.currentState === 'running' || this.currentState === 'paused';
    this.print(
      '\nthe session was ended here without waiting for the debuggee' +
        (wasStarted ? ' (it may still be halted, or running with HyperDbg loaded)' : '') +
        `; ${this.transport.label} is free again\n`,
    );
    await this.release(
      'disconnected',
      new LinkError('cancelled', 'err, the session was ended without waiting for the debuggee'),
    );
  }

  // ---- requests ----

  request(frame: RequestFrame, options: RequestOptions): Promise<RequestResult> {
    return this.enqueue(() => this.exchange(frame, options));
  }

  /** One request/response exchange; callers guarantee nothing else is in flight. */
  private async exchange(frame: RequestFrame, options: RequestOptions): Promise<RequestResult> {
    this.requireState(frame, 'paused');
    const bytes = this.encode(frame);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const collected: ResponseFrame[] = [];
    const logs: LogMessage[] = [];
    let attempt = 0;
    let followUpPause: Promise<HaltContext> | undefined;
    for (;;) {
      attempt++;
      const response = await new Promise<ResponseFrame | undefined>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (this.pending?.resolve === resolveOnce) this.pending = undefined;
          resolve(undefined);
        }, timeoutMs);
        const resolveOnce = (value: ResponseFrame): void => {
          clearTimeout(timer);
          this.pending = undefined;
          // Decide now, before any later frame of the same chunk is handled, so the follow-up PAUSED is not missed.
          if (options.thenAwaitPause?.(value)) followUpPause = this.nextPause(timeoutMs);
          resolve(value);
        };
        const fail = (error: LinkError): void => {
          clearTimeout(timer);
          reject(error);
        };
        this.pending = { frame, options, collected, logs, resolve: resolveOnce, fail };
        this.write(bytes).catch((error: unknown) => {
          clearTimeout(timer);
          this.pending = undefined;
          reject(new LinkError('link-lost', `err, fail to write to the link: ${String(error)}`));
        });
      });
      if (response) {
        // resolveOnce already cleared `pending`; by now it may be the halt's own query (core switch).
        if (followUpPause) {
          const paused = await followUpPause;
          return { response, collected, logs, paused };
        }
        return { response, collected, logs };
      }
      if (this.currentState !== 'paused') {
        throw new LinkError(
          'link-lost',
          'err, the debuggee stopped answering: the link was lost or it restarted',
        );
      }
      if (!options.idempotent || attempt > 1) {
        throw new LinkError(
          'timeout',
          `err, the debuggee did not answer request ${frame.action} (no packet ${options.responseAction} within ${timeoutMs} ms)` +
            (options.idempotent
              ? ' even after one re-send; check the link'
              : '; the request was not re-sent because it may already have taken effect. ' +
                'A corrupted frame is silently dropped by the debuggee; check the link and retry if it is safe'),
        );
      }
      this.diagnostic(
        'warning',
        'request-timeout',
        `no answer within ${timeoutMs} ms; re-sending the read-only request once`,
      );
    }
  }

  resume(frame: RequestFrame, options: ResumeOptions): Promise<ResumeResult> {
    return this.enqueue(async () => {
      this.requireState(frame, 'paused');
      const bytes = this.encode(frame);
      const logs: LogMessage[] = [];
      const stopCollecting = this.on('log', (message) => logs.push(message));
      try {
        const pausePromise = options.awaitPause ? this.nextPause(options.timeoutMs) : undefined;
        // Running from the moment the frame is queued: the next PAUSED may arrive before the write settles.
        const written = this.write(bytes);
        this.setState('running');
        await written;
        if (!pausePromise) return { logs, collected: [] };
        const paused = await pausePromise;
        return { logs, collected: [], paused };
      } finally {
        stopCollecting();
      }
    });
  }

  forwardUserInput(commandText: string, options: ForwardOptions): Promise<ForwardResult> {
    if (Buffer.byteLength(commandText, 'latin1') > MAX_USER_INPUT_TEXT) {
      return Promise.reject(
        new LinkError(
          'oversize',
          `err, the command is too long to forward (${commandText.length} > ${MAX_USER_INPUT_TEXT} characters); ` +
            'the debuggee would drop it silently',
        ),
      );
    }
    const input: RequestFrame = {
      packetType: PacketType.vmxRoot,
      action: Action.userInputBuffer,
      payload: encodeUserInput(commandText, options.keepsRunning),
    };
    if (options.keepsRunning) {
      return this.resume(input, { awaitPause: false }).then((result) => ({ logs: result.logs }));
    }
    const testQuery = (type: number): RequestFrame => ({
      packetType: PacketType.vmxRoot,
      action: Action.testQuery,
      payload: encodeTestQuery(type),
    });
    return (async () => {
      await this.request(testQuery(TEST_TURN_OFF_BPS_AND_EVENTS_FOR_COMMANDS), {
        responseAction: Action.resultTestQuery,
      });
      const timeoutMs = options.timeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
      const ran = await this.resume(input, { awaitPause: true, timeoutMs }).catch((error: unknown) => {
        if (!(error instanceof LinkError) || error.kind !== 'timeout') throw error;
        throw new LinkError(
          'timeout',
          `err, the debuggee's HyperDbg did not finish '${commandText.slice(0, 80)}' within ${formatSeconds(timeoutMs)}; ` +
            "it may still be running it (the debuggee runs meanwhile): pause it to go on ('pause', Ctrl+C), " +
            'or end the session without waiting',
        );
      });
      await this.request(testQuery(TEST_TURN_ON_BPS_AND_EVENTS_FOR_COMMANDS), {
        responseAction: Action.resultTestQuery,
      });
      return { logs: ran.logs, ...(ran.paused ? { paused: ran.paused } : {}) };
    })();
  }

  /**
   * Breaks in and waits at most `timeoutMs` (default 10 s) for the halt. Callers share one
   * break-in request (a second pause frame would halt the debuggee again after the next resume),
   * but each waits only as long as it asked to.
   */
  pause(timeoutMs = DEFAULT_BREAK_IN_TIMEOUT_MS): Promise<HaltContext> {
    if (this.currentState === 'paused' && this.context) return Promise.resolve(this.context);
    if (this.currentState !== 'running') {
      return Promise.reject(
        new LinkError(
          'wrong-state',
          `err, the debuggee is not running (state: ${this.currentState}); nothing to pause`,
        ),
      );
    }
    if (!this.breakIn) {
      const paused = this.nextPause(undefined);
      this.breakIn = paused;
      const done = (): void => {
        if (this.breakIn === paused) this.breakIn = undefined;
      };
      paused.then(done, done);
      this.write(
        this.encode({
          packetType: PacketType.userMode,
          action: Action.userPause,
          payload: new Uint8Array(0),
        }),
      ).catch(() => undefined);
    }
    return withDeadline(
      this.breakIn,
      timeoutMs,
      () =>
        new LinkError(
          'timeout',
          `err, the debuggee did not halt within ${formatSeconds(timeoutMs)} (the break-in request stays pending). ` +
            'It may be frozen or the link may be broken: wait, or end the session here without waiting ' +
            "(Ctrl+C again in 'hds connect', Force disconnect in the window)",
        ),
    );
  }

  /**
   * `.debug close`: break in if running, send CLOSE and DO_NOT_READ, release the link. Never takes
   * longer than CLOSE_BOUND_MS: a debuggee that does not take the request in time is left as it
   * is (the console says so) and the link is released anyway.
   */
  async close(): Promise<void> {
    if (!this.transport) {
      this.setState('closed');
      return;
    }
    const closed = new LinkError('closed', 'err, the session was closed');
    try {
      await withDeadline(this.tellDebuggeeToClose(), CLOSE_BOUND_MS, () => new Error('close deadline'));
    } catch {
      this.diagnostic(
        'warning',
        'close-timeout',
        `the debuggee did not take the close request within ${formatSeconds(CLOSE_BOUND_MS)}; ` +
          'the session was ended here without it (the debuggee may still be halted, or running with HyperDbg loaded)',
      );
    }
    await this.release('closed', closed);
  }

  private async tellDebuggeeToClose(): Promise<void> {
    if (this.currentState === 'running') {
      // A close frame is only understood by a halted debuggee; break in first so the VMM is unloaded.
      try {
        await this.pause(CLOSE_PAUSE_MS);
      } catch {
        this.diagnostic(
          'warning',
          'close-without-pause',
          `the debuggee did not pause within ${formatSeconds(CLOSE_PAUSE_MS)}, so it could not be told to unload; it keeps running with HyperDbg loaded`,
        );
      }
    }
    if (this.currentState !== 'paused') return;
    try {
      await this.writeRaw(
        this.encode({
          packetType: PacketType.vmxRoot,
          action: Action.closeAndUnload,
          payload: new Uint8Array(0),
        }),
      );
      this.print('unloading debugger vmm module on debuggee...');
      await this.writeRaw(
        this.encode({
          packetType: PacketType.userMode,
          action: Action.userDoNotReadAnyPacket,
          payload: new Uint8Array(0),
        }),
      );
    } catch (error) {
      // The link died under us: nothing more can be told to the debuggee; still release everything.
      this.diagnostic(
        'warning',
        'close-not-delivered',
        `the close request could not be sent: ${String(error)}`,
      );
    }
  }

  /** Fails every wait, ends in `state` and closes the transport (bounded: a stuck close is abandoned). */
  private async release(state: 'closed' | 'disconnected', error: LinkError): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    this.clearStallTimer();
    this.failOutstanding(error);
    if (state === 'closed' || transport) this.setState(state);
    if (!transport) return;
    await withDeadline(
      transport.close(),
      TRANSPORT_CLOSE_BOUND_MS,
      () => new Error('transport close deadline'),
    ).catch(() =>
      this.diagnostic(
        'warning',
        'transport-close-timeout',
        `${transport.label} did not close within ${formatSeconds(TRANSPORT_CLOSE_BOUND_MS)}; it was abandoned`,
      ),
    );
  }

  // ---- internals ----

  private createDecoder(): FrameDecoder {
    return new FrameDecoder({
      acceptedTypes: [PacketType.debuggeeToDebugger],
      onDiagnostic: (d) =>
        this.diagnostic(d.kind === 'unexpected-type' ? 'warning' : 'error', d.kind, d.message),
    });
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const gated = async (): Promise<T> => {
      await this.internalExchange;
      return run();
    };
    const result = this.requestChain.then(gated, gated);
    this.requestChain = result.catch(() => undefined);
    return result;
  }

  private requireState(frame: RequestFrame, needed: 'paused'): void {
    if (frame.packetType === PacketType.vmxRoot && this.currentState !== needed) {
      throw new LinkError(
        'wrong-state',
        this.currentState === 'running'
          ? "err, the debuggee is running; pause it first (CTRL+C or 'pause')"
          : `err, the debuggee is not paused (state: ${this.currentState})`,
      );
    }
  }

  private encode(frame: RequestFrame): Uint8Array {
    try {
      return encodeFrame(frame.packetType, frame.action, frame.payload);
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

  /** Whole frames only, never interleaved (protocol reference 9.17). */
  private write(bytes: Uint8Array): Promise<void> {
    if (!this.transport)
      return Promise.reject(new LinkError('link-lost', 'err, not connected to a debuggee'));
    return this.writeRaw(bytes);
  }

  private writeRaw(bytes: Uint8Array): Promise<void> {
    const transport = this.transport;
    if (!transport) return Promise.reject(new LinkError('link-lost', 'err, not connected to a debuggee'));
    const at = this.now();
    this.ignoreLogOutput = false;
    const done = this.writeChain.then(() => transport.write(bytes));
    this.writeChain = done.catch(() => undefined);
    this.counters.bytesOut += bytes.length;
    this.counters.framesOut++;
    this.emit('frame', { direction: 'out', bytes, at });
    return done;
  }

  private handleFrame(frame: Frame, at: number): void {
    // Rebuilt only when someone listens: the ingest path must not pay for byte-level views.
    if (this.events.hasListeners('frame')) {
      this.emit('frame', {
        direction: 'in',
        bytes: encodeFrame(frame.packetType, frame.action, frame.payload),
        at,
      });
    }
    const response: ResponseFrame = { action: frame.action, payload: frame.payload, arrivedAt: at };
    switch (frame.action) {
      case Action.ping:
        this.answerPing();
        return;
      case Action.started:
        this.onStarted(frame.payload);
        return;
      case Action.logging:
        this.onLog(frame.payload);
        return;
      case Action.paused:
        this.onPaused(frame.payload, at);
        return;
      case Action.updateSymbolInfo:
        this.onModuleRecord(response);
        return;
      case Action.reloadSymbolFinished:
        this.onSymbolsFinished(response);
        return;
    }
    if (this.isLateThreadDetails(frame)) {
      this.diagnostic(
        'info',
        'late-thread-details',
        'the thread details asked for after the halt arrived too late; they were dropped',
      );
      return;
    }
    const pending = this.pending;
    if (pending && frame.action === pending.options.responseAction) {
      pending.resolve(response);
      return;
    }
    if (pending?.options.collect?.includes(frame.action)) {
      pending.collected.push(response);
      return;
    }
    this.diagnostic(
      'warning',
      'unexpected-response',
      `ignored an unexpected packet (action ${frame.action}) from the debuggee`,
    );
  }

  /** The late answer to a timed-out halt query, unless a details request of its own is waiting for it. */
  private isLateThreadDetails(frame: Frame): boolean {
    if (!this.lateThreadDetailsPossible || frame.action !== Action.resultChangingThread) return false;
    if (threadPacketActionType(frame.payload) !== GET_THREAD_DETAILS) return false;
    this.lateThreadDetailsPossible = false;
    const pending = this.pending;
    // An identical details request takes it: same halt, same answer; its own copy then arrives unexpected.
    return !(
      pending?.options.responseAction === Action.resultChangingThread &&
      pending.frame.action === Action.changeThread &&
      threadPacketActionType(pending.frame.payload) === GET_THREAD_DETAILS
    );
  }

  private answerPing(): void {
    if (this.currentState === 'running' || this.currentState === 'paused') {
      // The debuggee rebooted or ran `.debug prepare` again: a brand-new session follows.
      this.diagnostic(
        'warning',
        'debuggee-restarted',
        "the debuggee is handshaking again (it rebooted or ran '.debug prepare' again): answering it; a new session " +
          'starts with its STARTED packet, and the events, breakpoints and halt of the old one are gone',
      );
      this.failOutstanding(new LinkError('link-lost', 'err, the debuggee restarted its HyperDbg session'));
      this.pingsAnswered = 0;
      this.stallReported = false;
      this.info = undefined;
      this.setState('handshaking');
    }
    this.pingsAnswered++;
    const signature = Buffer.from(`${this.options.signature}\0`, 'latin1');
    this.write(
      this.encode({
        packetType: PacketType.userMode,
        action: Action.userDebuggerVersion,
        payload: signature,
      }),
    ).catch(() => undefined);
    // A debuggee that got our reply intact either goes on (STARTED) or aborts (silence); one that
    // pings again never received it.
    if (this.pingsAnswered >= 2) this.reportStall();
    else this.armStallTimer();
  }

  private reportStall(): void {
    if (this.stallReported) return;
    this.stallReported = true;
    this.diagnostic('error', 'handshake-stalled', this.stallMessage());
  }

  /** Why the handshake has not finished, told apart by what the debuggee did, with the next step. */
  private stallMessage(): string {
    return handshakeStallMessage(
      this.pingsAnswered,
      this.options.signature,
      this.handshakeStallMs,
      this.transport?.label ?? 'the link',
    );
  }

  /** (Re)starts the wait for the handshake's next step: a PING at first, STARTED after a PING. */
  private armStallTimer(): void {
    this.clearStallTimer();
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.currentState === 'handshaking' && !this.info) this.reportStall();
    }, this.handshakeStallMs);
    this.stallTimer.unref?.();
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private onStarted(payload: Uint8Array): void {
    this.clearStallTimer();
    this.pingsAnswered = 0;
    this.stallReported = false;
    this.info = decodeStarted(payload);
    this.moduleTable = [];
    this.moduleTableOpen = false;
    this.core = 0;
    this.context = undefined;
    this.setState('handshaking');
    this.print(`connected to debuggee ${this.info.osName}\n`);
    this.emit('started', this.info);
    this.print('getting symbol details...\n');
  }

  /**
   * One a62 record. Each symbol table (handshake or `.sym reload`) is sent whole and ends with
   * a63, so the first record after a63 starts a new table. A debuggee that never ends the table is
   * capped at MAX_MODULE_RECORDS (300,000 records once grew the table to 1.7 GB).
   */
  private onModuleRecord(response: ResponseFrame): void {
    if (!this.moduleTableOpen) {
      this.moduleTable = [];
      this.moduleTableOpen = true;
      this.moduleRecordsIgnored = 0;
    }
    if (this.moduleTable.length >= MAX_MODULE_RECORDS) {
      if (this.moduleRecordsIgnored++ === 0) {
        this.diagnostic(
          'warning',
          'module-table-full',
          `the debuggee sent more than ${MAX_MODULE_RECORDS} module records in one symbol table; the rest are ignored`,
        );
      }
      return;
    }
    this.moduleTable.push(decodeSymbolUpdate(response.payload).module);
    this.pending?.collected.push(response);
  }

  private onSymbolsFinished(response: ResponseFrame): void {
    this.moduleTableOpen = false;
    // DEBUGGEE_SYMBOL_UPDATE_RESULT.KernelStatus is a u64 holding 0x00000000FFFFFFFF on success.
    const status = decodeSymbolUpdateResult(response.payload);
    this.print(
      status === STATUS_SUCCESS
        ? 'interpreting symbols and creating symbol maps\n'
        : `err, the debuggee could not send its symbol table (status 0x${hex(status)})\n`,
    );
    this.emit('modules', this.moduleTable);
    const pending = this.pending;
    if (pending && pending.options.responseAction === Action.reloadSymbolFinished) {
      pending.resolve(response);
      return;
    }
    if (this.currentState === 'handshaking') {
      this.setState('running');
      this.print('press CTRL+C to pause the debuggee\n');
      this.print('debuggee is running...\n');
    }
  }

  private onLog(payload: Uint8Array): void {
    const { operationCode, text } = decodeLogPacket(payload);
    const message: LogMessage = {
      operationCode,
      text,
      // Per message (a chunk may carry thousands): the monotonic clock, read as this one is decoded.
      arrivedAt: this.now(),
      sequence: ++this.logSequence,
      ...(this.currentState === 'paused' ? { core: this.core } : {}),
    };
    this.pending?.logs.push(message);
    this.emit('log', message);
    const forwarding = this.options.forwardLog?.(operationCode, text) ?? 'not-forwarded';
    if (forwarding === 'failed')
      this.print('err, there was an error transferring the message to the remote sources\n');
    else if (forwarding === 'not-forwarded' && !this.ignoreLogOutput) this.print(text);
  }

  private onPaused(payload: Uint8Array, at: number): void {
    const packet = decodePausedPacket(payload);
    this.ignoreLogOutput = true;
    this.core = packet.core;
    const instructionBytes = packet.instructionBytes16.slice(0, packet.readInstructionLength);
    const [instruction] = disassemble(packet.instructionBytes16, packet.rip, {
      is32Bit: packet.is32Bit,
      maxInstructions: 1,
      rflags: packet.rflags,
    });
    const context: HaltContext = {
      rip: packet.rip,
      is32Bit: packet.is32Bit,
      ignoreDisassembling: packet.ignoreDisassembling,
      reason: packet.reason,
      reasonName: pausingReasonName(packet.reason),
      core: packet.core,
      eventTag: packet.eventTag,
      eventStage: packet.eventStage,
      rflags: packet.rflags,
      instructionBytes,
      ...(instruction ? { instruction } : {}),
      arrivedAt: at,
    };
    this.context = context;
    this.lateThreadDetailsPossible = false;
    for (const line of pauseNotice(packet, instruction?.formatted)) this.print(line);
    this.setState('paused');
    if ((this.fetchRegisters || this.fetchThreadDetails) && !this.pending) {
      // Requests queued meanwhile wait until the context is complete (one request at a time).
      this.internalExchange = this.completeContext(context).catch(() => undefined);
      return;
    }
    this.publishPause(context);
  }

  /**
   * GUI mode: make registers and the current process/thread part of the context before anyone
   * hears about the halt. One request at a time; a failure leaves its part out with a diagnostic.
   */
  private async completeContext(context: HaltContext): Promise<void> {
    const current = (): boolean => this.context === context && this.currentState === 'paused';
    const registers = this.fetchRegisters ? await this.registersAfterHalt() : undefined;
    const thread = this.fetchThreadDetails && current() ? await this.threadDetailsAfterHalt() : undefined;
    // A newer halt (or a lost link) superseded this one; it was published or failed on its own.
    if (this.context !== context) return;
    const complete: HaltContext = {
      ...context,
      ...(registers ? { registers } : {}),
      ...(thread ? { thread } : {}),
    };
    this.context = complete;
    this.publishPause(complete);
  }

  private async registersAfterHalt(): Promise<RegisterSnapshot | undefined> {
    return readRegistersAfterHalt(this.haltQueries());
  }

  private async threadDetailsAfterHalt(): Promise<ThreadDetails | undefined> {
    const { details, timedOut } = await readThreadDetailsAfterHalt(
      this.haltQueries(),
      this.threadDetailsTimeoutMs,
    );
    if (timedOut) this.lateThreadDetailsPossible = true;
    return details;
  }

  /** What the post-halt reads need from the session: its own exchange (bypassing the queue) and diagnostics. */
  private haltQueries(): HaltQueries {
    return {
      exchange: (frame, options) => this.exchange(frame, options),
      diagnostic: (severity, code, message) => this.diagnostic(severity, code, message),
    };
  }

  private publishPause(context: HaltContext): void {
    const waiters = this.pauseWaiters;
    this.pauseWaiters = [];
    for (const waiter of waiters) waiter.resolve(context);
    this.emit('paused', context);
  }

  private nextPause(timeoutMs?: number): Promise<HaltContext> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: PauseWaiter = {
        resolve: (context) => {
          if (timer) clearTimeout(timer);
          resolve(context);
        },
        reject: (error) => {
          if (timer) clearTimeout(timer);
          reject(error);
        },
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.pauseWaiters = this.pauseWaiters.filter((w) => w !== waiter);
          reject(new LinkError('timeout', `err, the debuggee did not halt within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.pauseWaiters.push(waiter);
    });
  }

  private linkClosed(transport: ByteTransport, error: Error | undefined): void {
    if (this.transport !== transport) return;
    this.transport = undefined;
    this.clearStallTimer();
    const wasStarted = this.currentState === 'running' || this.currentState === 'paused';
    this.print(
      wasStarted
        ? '\nthe remote connection is closed\n'
        : '\nerr, the link closed before the debuggee connected\n',
    );
    this.diagnostic(
      'error',
      'link-lost',
      `the link to ${transport.label} was lost${error ? ` (${error.message})` : ''}; reconnect to continue (the debuggee may still be halted)`,
    );
    this.failOutstanding(new LinkError('link-lost', 'err, the remote connection is closed'));
    this.setState('disconnected');
  }

  private failOutstanding(error: LinkError): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.fail(error);
    const waiters = this.pauseWaiters;
    this.pauseWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private setState(state: LinkState): void {
    const previous = this.currentState;
    if (previous === state) return;
    this.currentState = state;
    this.emit('state', { state, previous });
  }

  private print(text: string): void {
    if (text !== '') this.emit('output', { text, at: this.now() });
  }

  private diagnostic(severity: SessionDiagnostic['severity'], code: string, message: string): void {
    this.emit('diagnostic', { severity, code, message, at: this.now() });
  }

  private emit<K extends SessionEventName>(event: K, payload: SessionEventMap[K]): void {
    this.events.emit(event, payload);
  }
}
