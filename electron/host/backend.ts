// What the host needs from the session side, already in the IPC contract's terms. The adapter in
// `session-backend.ts` implements it over the session core (debugger service, models, log store);
// tests implement it with a scripted fake. Keeping this seam narrow keeps Electron's main process
// and the browser-mode server identical: both only ever talk to a `SessionBackend`.
import type {
  BreakpointRow,
  CoreRow,
  CallStackFrame,
  CommandOutcome,
  ConsoleChunk,
  EventsUpdate,
  HandshakeStatus,
  InstructionRow,
  LedgerWarning,
  LinkStats,
  ArchivedSession,
  LogCounts,
  LogEntry,
  LogFilter,
  LogRetention,
  MemoryKind,
  PausedContext,
  PoolsUpdate,
  PreallocType,
  RequestOf,
  ResponseOf,
  SerialPortInfo,
  SessionSnapshot,
  SessionState,
  SignatureCandidate,
} from '../../shared/ipc';

/** Receives session changes as they happen; the host batches them for the renderer. */
export interface SessionSink {
  state(state: SessionState): void;
  paused(context: PausedContext | null): void;
  handshake(status: HandshakeStatus): void;
  console(chunk: ConsoleChunk): void;
  log(entry: LogEntry): void;
  /** The live session's row counters (after each stored batch). */
  logCounts(counts: LogCounts): void;
  events(update: EventsUpdate): void;
  pools(update: PoolsUpdate): void;
  /** The whole breakpoint table after it changed. */
  breakpoints(rows: BreakpointRow[]): void;
  /** The whole core list after a core was first heard of or halted somewhere new. */
  cores(rows: CoreRow[]): void;
  link(stats: LinkStats): void;
}

/** Rows after `afterId`, or the newest before `beforeId` (both undefined: from the start). */
export interface LogPage {
  readonly afterId?: number;
  readonly beforeId?: number;
  readonly limit: number;
}

/** Progress and cancellation of a long logs call. */
export interface LogCallControl {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export type RunAction = RequestOf<'debug:run'>['action'];

export interface SessionBackend {
  listSerialPorts(): Promise<SerialPortInfo[]>;
  connect(endpoint: string, signature: string | null): Promise<CommandOutcome>;
  detectSignature(folder: string): Promise<SignatureCandidate[]>;
  /** `.debug close`; also what quitting does. */
  disconnect(): Promise<CommandOutcome>;
  /** Ends the session here without waiting for the debuggee (a frozen VM); frees the port. */
  forceDisconnect(): Promise<CommandOutcome>;
  snapshot(): SessionSnapshot;
  execute(text: string): Promise<CommandOutcome>;
  pause(): Promise<CommandOutcome>;
  run(action: RunAction): Promise<CommandOutcome>;
  /** The data of `k` and `u ADDRESS` for the panes; nothing is printed to the console. */
  callStack(): Promise<CallStackFrame[]>;
  disassemble(address: string, count: number, before?: number): Promise<InstructionRow[]>;
  /** An address expression evaluated as HyperDbg reads address arguments (hex, no 0x). */
  evaluate(text: string): Promise<ResponseOf<'expr:evaluate'>>;
  /**
   * The Settings' symbol path (null: none) and symbol-server download opt-in, for the next
   * connection and, when connected, for the current session's symbol resolver.
   */
  configureSymbols(symbolPath: string | null, allowDownload: boolean): void;
  /** `module!name+0x..` of each address (null where symbols know nothing). */
  describeAddresses(addresses: string[]): Promise<(string | null)[]>;
  /** `module!name` completions from the session's symbol resolver. */
  completeSymbols(prefix: string, limit: number): Promise<{ names: string[]; truncated: boolean }>;
  readMemory(kind: MemoryKind, address: string, length: number): Promise<ResponseOf<'memory:read'>>;
  writeMemory(kind: MemoryKind, address: string, bytes: string): Promise<CommandOutcome>;
  writeRegister(name: string, value: string): Promise<CommandOutcome>;
  /** Registers by name, each read from the paused debuggee (hex value, or HyperDbg's error). */
  readRegisters(names: string[]): Promise<ResponseOf<'registers:read'>['registers']>;
  /** `.process list` and `.thread list` as rows; nothing is printed to the console. */
  processes(): Promise<ResponseOf<'debug:processes'>['processes']>;
  threads(): Promise<ResponseOf<'debug:threads'>['threads']>;
  /** A keyset page of the live session (`session` null) or an archived one, oldest first. */
  queryLogs(
    session: string | null,
    filter: LogFilter,
    page: LogPage,
    control: LogCallControl,
  ): Promise<LogEntry[]>;
  countLogs(session: string | null, filter: LogFilter, control: LogCallControl): Promise<number>;
  /** Writes the matching logs to `path`; returns how many were written. */
  exportLogs(
    session: string | null,
    format: 'jsonl' | 'csv',
    filter: LogFilter,
    path: string,
    control: LogCallControl,
  ): Promise<number>;
  /**
   * The Settings' log retention, for the next session and, applied now, to the archive's ended
   * sessions (a reader open on a deleted one is closed).
   */
  configureLogRetention(retention: LogRetention): Promise<void>;
  /** The session archive, newest first, and its folder. */
  listLogSessions(): Promise<{ folder: string; sessions: ArchivedSession[] }>;
  deleteLogSession(id: string): Promise<void>;
  modifyEvents(action: 'enable' | 'disable' | 'clear', tag: number | 'all'): Promise<CommandOutcome>;
  refreshPools(): Promise<PoolsUpdate>;
  /** Ledger prediction for an event command that is not applied yet. */
  forecastEvent(commandText: string): Promise<LedgerWarning[]>;
  prealloc(type: PreallocType, count: number): Promise<CommandOutcome>;
  /** Registers the one sink of this backend; returns the function that removes it. */
  subscribe(sink: SessionSink): () => void;
}
