import type { SessionSettings } from '../ports/services';
import type { SqliteLogStore } from '../logs/log-store';
import { readMemory } from '../commands/builtin/inspect';
import { evaluateAddress } from '../commands/builtin/script-runner';
import { parseHyperDbgNumber } from '../../shared/numbers';
import {
  callFrames,
  disassembleAt,
  listBreakpoints,
  listProcesses,
  listThreads,
  readRegisterValues,
  type BreakpointListing,
  type CallFrame,
  type Instruction,
  type ProcessListing,
  type RegisterReading,
  type ThreadListing,
  type ViewResult,
} from '../commands/builtin/views';
import type { CommandContext } from '../commands/types';
import type { InProcessDebuggeeFactory } from '../transport/transport';
import { disassemble } from '../session/disassembler';
import type { FormattedInstruction, HaltContext, SessionEventMap, LinkState } from '../session/link';
import { Emitter } from '../../shared/events/emitter';
import { createCommandSession, type CommandSession } from './wiring';
import { SIMULATOR_BUILD_SIGNATURE, simulatorSymbolPath } from './in-process-simulator';
import { openLink, resolveConnectTarget } from './connect';

/**
 * One object for a GUI host (Electron main or the browser-mode server): connect, run command
 * lines and get their text back, pause, read the paused context and memory, and one event
 * stream to batch to the renderer. It owns at most one session at a time.
 */
export interface CommandResult {
  readonly ok: boolean;
  /** Everything printed while the command ran (its own text and debuggee messages). */
  readonly output: string;
}

/**
 * The session's events the façade relays to its hosts, payloads as the session emits them; the
 * façade adds only its own `output` (text a command printed) and the `connecting`/`disconnected`
 * states around opening a link.
 */
export type ServiceEventMap = Pick<
  SessionEventMap,
  'state' | 'paused' | 'output' | 'log' | 'stats' | 'diagnostic' | 'started'
>;
const RELAYED_SESSION_EVENTS = ['state', 'paused', 'log', 'stats', 'diagnostic', 'started'] as const;

export interface DebuggerServiceOptions {
  /** Needed for the `sim` endpoint. */
  readonly simulator?: InProcessDebuggeeFactory;
  /** The signature the simulator accepts (default: the built-in simulator's). */
  readonly simulatorSignature?: string;
  readonly settings?: Partial<SessionSettings>;
  /** HyperDbg symbol path for PDBs (`configureSymbols` changes it later). */
  readonly symbolPath?: string;
  /** Let `.sym download` contact the symbol servers (default false; `configureSymbols` changes it). */
  readonly allowSymbolDownload?: boolean;
  /**
   * A log store per session, owned (and closed) by the caller (default: an in-memory SQLite store
   * closed with the session). The session feeds it every message, halt and resume itself.
   */
  readonly createLogStore?: (endpoint: string) => SqliteLogStore;
  /** How often link stats are published (ms, default 1000; 0 = never). */
  readonly statsIntervalMs?: number;
}

export interface ConnectOptions {
  /** The debuggee's build signature; for `sim` the simulator's own when not given. */
  readonly signature?: string | null;
  /** Record every byte to this trace file (`hds replay` reads it). */
  readonly recordTo?: string;
}

export interface MemoryBytes {
  readonly ok: true;
  readonly address: bigint;
  readonly bytes: Uint8Array;
}

export interface DebuggerService {
  readonly state: LinkState;
  /** The wired session (models, dispatcher) for hosts that need more than the façade. */
  readonly current: CommandSession | undefined;
  connect(endpoint: string, options: ConnectOptions): Promise<CommandResult>;
  /** Connects again to the last endpoint with the last signature (after a lost link). */
  reconnect(): Promise<CommandResult>;
  /**
   * `.debug close` when connected (pauses first if running), then releases the link. Not queued
   * behind a command in progress: it interrupts local waits (`sleep`) and fails the request in
   * flight; bounded by the session's close bound.
   */
  disconnect(): Promise<CommandResult>;
  /** Ends the session here without waiting for the debuggee or telling it anything; frees the port. */
  forceDisconnect(): Promise<CommandResult>;
  execute(commandText: string): Promise<CommandResult>;
  /** Ctrl+Break. */
  pause(): Promise<CommandResult>;
  pausedContext(): HaltContext | undefined;
  /**
   * The symbol path (HyperDbg syntax; '' for none) and whether `.sym download` may fetch missing
   * PDBs from its servers, for later sessions and, when connected, for the current one: its
   * resolver re-reads the PDBs of the modules it knows from the new path.
   */
  configureSymbols(symbolPath: string, allowDownload: boolean): void;
  /** Disassembly from RIP onwards (reads memory; the first line is the paused instruction). */
  disassembleAtRip(maxLines: number): Promise<FormattedInstruction[]>;
  readMemory(
    kind: 'virtual' | 'physical',
    address: bigint,
    length: number,
  ): Promise<MemoryBytes | { ok: false; error: string }>;
  /**
   * Structured reads for GUI panes, queued with the commands like `k`, `bl` and `u` but printing
   * nothing to the console (the debuggee's `bl` table still reaches the log store).
   */
  callStack(): Promise<ViewResult<CallFrame[]>>;
  breakpoints(): Promise<ViewResult<BreakpointListing[]>>;
  /** Registers by name (`cr0`, `dr7`, `gdtr`, …), each read from the debuggee as `r NAME` does. */
  readRegisters(names: readonly string[]): Promise<ViewResult<RegisterReading[]>>;
  /** The data of `.process list` and `.thread list` (current process). */
  processes(): Promise<ViewResult<ProcessListing[]>>;
  threads(): Promise<ViewResult<ThreadListing[]>>;
  /** `count` instructions from `address`, after the `before` instructions that lead to it. */
  disassemble(address: bigint, count: number, before?: number): Promise<ViewResult<Instruction[]>>;
  /**
   * A command run for its effect on the models (e.g. `test pool` for the Pools pane) with its
   * text kept out of the console; the error is HyperDbg's message.
   */
  executeQuietly(commandText: string): Promise<ViewResult<void>>;
  /** An address argument as `db` reads it: number, symbol, else an expression run on the debuggee. */
  evaluate(text: string): Promise<ViewResult<bigint>>;
  on<K extends keyof ServiceEventMap>(event: K, listener: (payload: ServiceEventMap[K]) => void): () => void;
}

export function createDebuggerService(options: DebuggerServiceOptions = {}): DebuggerService {
  let wired: CommandSession | undefined;
  let statsTimer: ReturnType<typeof setInterval> | undefined;
  const events = new Emitter<ServiceEventMap>();
  const print = (text: string): void => events.emit('output', { text, at: performance.now() });
  const setState = (state: LinkState, previous: LinkState): void => events.emit('state', { state, previous });
  let chain: Promise<unknown> = Promise.resolve();
  let last: { endpoint: string; options: ConnectOptions } | undefined;
  let symbolPath = options.symbolPath;
  /** whether the session runs on the built-in simulator (its PDBs join the symbol path) */
  let onSimulator = false;
  const sessionSymbolPath = (path: string | undefined) => (onSimulator ? simulatorSymbolPath(path) : path);
  let allowSymbolDownload = options.allowSymbolDownload ?? false;
  /** Commands run one at a time; each collects the text printed while it runs. */
  const serialized = (run: (print: (text: string) => void) => Promise<boolean>): Promise<CommandResult> => {
    const result = chain.then(async () => {
      let output = '';
      const stopCollecting = events.on('output', ({ text }) => (output += text));
      try {
        const ok = await run(print);
        return { ok, output };
      } catch (error) {
        print(`${error instanceof Error ? error.message : String(error)}\n`);
        return { ok: false, output: output };
      } finally {
        stopCollecting();
      }
    });
    chain = result.catch(() => undefined);
    return result;
  };
  /** Console text is dropped while > 0: a pane's query must not print into the console or the logs. */
  let quietQueries = 0;
  const quietly = <T>(run: (ctx: CommandContext) => Promise<ViewResult<T>>): Promise<ViewResult<T>> => {
    const result = chain.then(async (): Promise<ViewResult<T>> => {
      if (!wired || wired.session.state !== 'paused')
        return { ok: false, error: 'err, the debuggee is not paused' };
      quietQueries++;
      // Its answer (e.g. the `bl` table) is not the user's output: not stored as log rows either.
      const endInternal = wired.logs.beginInternalQuery();
      try {
        return await run(wired.dispatcher.commandContext);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      } finally {
        endInternal();
        quietQueries--;
      }
    });
    chain = result.catch(() => undefined);
    return result;
  };

  /** Sessions whose close is still in progress (a force disconnect may end them at once). */
  const closing = new Set<CommandSession>();
  const release = async (): Promise<void> => {
    if (statsTimer) clearInterval(statsTimer);
    statsTimer = undefined;
    const old = wired;
    wired = undefined;
    if (!old) return;
    closing.add(old);
    try {
      if (old.session.state === 'running' || old.session.state === 'paused') await old.session.close();
      else await old.session.detach();
    } finally {
      closing.delete(old);
    }
    old.dispose();
  };

  return {
    get state() {
      return wired?.session.state ?? 'disconnected';
    },
    get current() {
      return wired;
    },
    connect(endpointText, connectOptions) {
      return serialized(async (print) => {
        const target = resolveConnectTarget(
          endpointText,
          connectOptions.signature,
          options.simulatorSignature ?? SIMULATOR_BUILD_SIGNATURE,
        );
        if (!target.ok) {
          print(`${target.error}\n`);
          return false;
        }
        const { signature, label } = target.value;
        last = { endpoint: endpointText, options: connectOptions };
        onSimulator = target.value.onSimulator;
        await release();
        setState('connecting', 'disconnected');
        const link = await openLink(target.value, {
          ...(connectOptions.recordTo ? { recordTo: connectOptions.recordTo } : {}),
          onRecordingStopped: (message) =>
            events.emit('diagnostic', {
              severity: 'warning',
              code: 'recording-stopped',
              message,
              at: performance.now(),
            }),
          ...(options.simulator ? { simulator: options.simulator } : {}),
        });
        if (!link.ok) {
          print(`${link.error}\n`);
          setState('disconnected', 'connecting');
          return false;
        }
        const transport = link.value;
        const session = createCommandSession({
          signature,
          output: (text) => {
            if (quietQueries === 0) print(text);
          },
          settings: { fetchRegistersOnPause: true, fetchThreadDetailsOnPause: true, ...options.settings },
          ...(sessionSymbolPath(symbolPath) !== undefined
            ? { symbolPath: sessionSymbolPath(symbolPath) }
            : {}),
          allowSymbolDownload,
          ...(options.createLogStore ? { logs: options.createLogStore(label) } : {}),
        });
        wired = session;
        for (const event of RELAYED_SESSION_EVENTS) relay(session, event);
        const every = options.statsIntervalMs ?? 1000;
        if (every > 0) {
          statsTimer = setInterval(() => session.session.publishStats(), every);
          statsTimer.unref?.();
        }
        session.session.attach(transport);
        return true;
      });
    },
    reconnect() {
      if (!last)
        return Promise.resolve({ ok: false, output: 'err, there is no previous connection to repeat\n' });
      return this.connect(last.endpoint, last.options);
    },
    async disconnect() {
      // Not behind the command queue: a `sleep 7fffffff` or a request to a frozen debuggee would
      // hold it forever. Closing ends the command in progress (its waits fail), then the queue.
      wired?.dispatcher.interrupt();
      await release();
      return { ok: true, output: '' };
    },
    async forceDisconnect() {
      for (const old of [...(wired ? [wired] : []), ...closing]) {
        old.dispatcher.interrupt();
        await old.session.forceEnd();
      }
      await release();
      return { ok: true, output: '' };
    },
    execute(commandText) {
      return serialized(async (print) => {
        if (!wired) {
          print("err, you're not connected to any debuggee\n");
          return false;
        }
        return (await wired.dispatcher.execute(commandText)).ok;
      });
    },
    pause() {
      // Not serialized: a break-in must get through while a step or forwarded command waits.
      const session = wired?.session;
      if (!session)
        return Promise.resolve({ ok: false, output: "err, you're not connected to any debuggee\n" });
      // Break ends a local wait (`sleep`) of the command in progress. During a step walk (`p 100`,
      // `gu`, `!track`) it only ends the walk after the step in flight, as HyperDbg's Ctrl+C does:
      // the debuggee halts there by itself, so no break-in is sent.
      const walking = wired?.dispatcher.walking ?? false;
      wired?.dispatcher.interrupt();
      if (walking) return Promise.resolve({ ok: true, output: '' });
      return session.pause().then(
        () => ({ ok: true, output: '' }),
        (error: Error) => ({ ok: false, output: `${error.message}\n` }),
      );
    },
    pausedContext() {
      return wired?.session.pausedContext;
    },
    configureSymbols(path, allowDownload) {
      symbolPath = path;
      allowSymbolDownload = allowDownload;
      wired?.symbols.configure({ symbolPath: sessionSymbolPath(path) ?? '', allowDownload });
    },
    async disassembleAtRip(maxLines) {
      const context = wired?.session.pausedContext;
      if (!wired || !context) return [];
      const read = await readMemory(wired.dispatcher.commandContext, context.rip, 16 * maxLines, false);
      const bytes = read.ok && read.read.data.length > 0 ? read.read.data : context.instructionBytes;
      return disassemble(bytes, context.rip, {
        is32Bit: context.is32Bit,
        maxInstructions: maxLines,
        syntax: wired.settings.syntax,
        rflags: context.rflags,
      });
    },
    async readMemory(kind, address, length) {
      if (!wired || wired.session.state !== 'paused')
        return { ok: false, error: 'err, the debuggee is not paused' };
      const read = await readMemory(wired.dispatcher.commandContext, address, length, kind === 'physical');
      return read.ok ? { ok: true, address, bytes: read.read.data } : { ok: false, error: read.error };
    },
    callStack: () => quietly(callFrames),
    breakpoints: () => quietly(listBreakpoints),
    readRegisters: (names) => quietly((ctx) => readRegisterValues(ctx, names)),
    processes: () => quietly(listProcesses),
    threads: () => quietly(listThreads),
    disassemble: (address, count, before) => quietly((ctx) => disassembleAt(ctx, address, count, before)),
    executeQuietly: (text) =>
      quietly(async () => {
        // quietly() runs only while a session is paused, so `wired` is set.
        const outcome = await wired!.dispatcher.execute(text);
        return outcome.ok ? { ok: true, value: undefined } : { ok: false, error: outcome.error };
      }),
    evaluate: (text) => quietly((ctx) => evaluateAddress(ctx, text, parseHyperDbgNumber)),
    on: (event, listener) => events.on(event, listener),
  };

  function relay<K extends (typeof RELAYED_SESSION_EVENTS)[number]>(source: CommandSession, event: K): void {
    source.session.on(event, (payload) => events.emit(event, payload));
  }
}
