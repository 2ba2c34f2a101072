// The adapter from the session core's façade (electron/app/debugger-service.ts, plus the
// events model, pool ledger and SQLite log store of its current session) to the host's
// SessionBackend, i.e. to the IPC contract. One debugging session at a time.
import { FRAME_DIAGNOSTIC_KINDS } from '../../shared/protocol/frame';
import { EMPTY_LINK_STATS, MAX_BREAKPOINT_ROWS, MAX_CALLSTACK_FRAMES, MAX_NAME } from '../../shared/ipc';
import { PSEUDO_REGISTER_NAMES } from '../../shared/script/generated/tables';
import type {
  BreakpointRow,
  CommandOutcome,
  HandshakeStatus,
  LedgerWarning,
  LinkStats,
  LogFilter,
  LogRetention,
  MemoryKind,
  PausedContext,
  PoolsUpdate,
  ResponseOf,
  SessionSnapshot,
  SessionState,
} from '../../shared/ipc';
import { MAX_READ_LENGTH } from '../commands/builtin/inspect';
import type { ViewResult } from '../commands/builtin/views';
import { parseCommandLine } from '../commands/dispatcher';
import type { SqliteLogStore } from '../logs/log-store';
import { createDebuggerService, type CommandResult, type DebuggerService } from '../app/debugger-service';
import type { HaltContext, SessionDiagnostic, SessionEventMap } from '../session/link';
import { detectSignatures } from '../session/signature';
import type { CommandSession } from '../app/wiring';
import { forecastEventCommand } from '../app/event-forecast';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';
import { resolveConnectTarget } from '../app/connect';
import { simEndpoint, type SimEndpoint, type SimEndpointOptions } from '../app/in-process-simulator';
import type { LogCallControl, LogPage, RunAction, SessionBackend, SessionSink } from './backend';
import { logCounts, SessionLogs, type SessionLogsOptions } from './session-logs';
import {
  bytesHex,
  eventRow,
  hexToBytes,
  breakpointRow,
  callStackFrame,
  coreRow,
  forecastWarnings,
  instructionRow,
  linkStats,
  logEntry,
  pausedContext,
  poolsUpdate,
  sessionPhase,
  u64Hex,
} from './ipc-mapping';

const MAX_SIGNATURE_CANDIDATES = 64;

/** Decoder diagnostics that mean a frame was dropped ("bad frames"); a rejoined split frame was not. */
const DROPPED_FRAME_CODES = new Set<string>(
  FRAME_DIAGNOSTIC_KINDS.filter((kind) => kind !== 'split-frame-rejoined'),
);

export interface SessionBackendOptions {
  simOptions?: SimEndpointOptions;
  /** The session archive (folder, retention); default `<data folder>/sessions`. */
  logs?: SessionLogsOptions;
}

const RUN_COMMANDS: Record<RunAction, string> = {
  go: 'g',
  'step-over': 'p',
  'step-into': 't',
  'step-out': 'gu',
};
/** Instructions shown from RIP on in the paused context (read after each halt). */
const DISASSEMBLY_LINES = 16;
const STATS_INTERVAL_MS = 1000;
const MAX_FAILURE_TEXT = 4000;

const ok = (): CommandOutcome => ({ ok: true, message: null });
const failed = (message: string): CommandOutcome => ({ ok: false, message });

/** What belongs to the current connection: its models and store, and our subscriptions to them. */
interface ActiveSession {
  readonly core: CommandSession;
  readonly store: SqliteLogStore;
  readonly endpoint: string;
  readonly stop: Array<() => void>;
  messagesThisSecond: number;
  droppedFrames: number;
  closing: boolean;
}

/** The failure text of a command: what it printed (HyperDbg's error or ours), the end if long. */
function failureMessage(output: string, fallback: string): string {
  const text = output.trim();
  if (text === '') return fallback;
  return text.length > MAX_FAILURE_TEXT ? `…${text.slice(text.length - MAX_FAILURE_TEXT)}` : text;
}

class CoreSessionBackend implements SessionBackend {
  private readonly service: DebuggerService;
  private readonly sim: SimEndpoint;
  private sink: SessionSink | undefined;
  private active: ActiveSession | undefined;
  /** The log store the façade asked for during the connect in progress. */
  private newStore: SqliteLogStore | undefined;
  private readonly logs: SessionLogs;
  private state: SessionState = { phase: 'disconnected', endpoint: null, detail: null };
  private handshake: HandshakeStatus = { stage: 'idle', hints: [] };
  private paused: PausedContext | null = null;
  private link: LinkStats = EMPTY_LINK_STATS;
  private poolsRefreshedAt: number | null = null;
  /** The debuggee's breakpoint table, re-read after every command that changes it. */
  private breakpointTable: BreakpointRow[] = [];
  /** Set at connect: the first halt reads the table the debuggee already has. */
  private breakpointsUnknown = false;
  private lastLogId: number | null = null;

  constructor(private readonly options: SessionBackendOptions) {
    this.sim = simEndpoint(options.simOptions);
    this.logs = new SessionLogs(options.logs);
    this.service = createDebuggerService({
      simulator: this.sim.connect,
      simulatorSignature: this.sim.signature,
      statsIntervalMs: STATS_INTERVAL_MS,
      // Every connection, reconnects included, records into a new archive file.
      createLogStore: (endpoint) => (this.newStore = this.logs.createLiveStore(endpoint).store),
    });
    this.service.on('output', ({ text }) => this.sink?.console({ stream: 'output', text }));
    this.service.on('state', (change) => this.onState(change));
    this.service.on('paused', (context) => this.onPaused(context));
    this.service.on('started', () => this.setHandshake({ stage: 'started', hints: [] }));
    this.service.on('stats', (stats) => this.onStats(stats));
    this.service.on('diagnostic', (diagnostic) => this.onDiagnostic(diagnostic));
    // Logs reach the renderer from the store (with their stage and key), see wire().
  }

  subscribe(sink: SessionSink): () => void {
    this.sink = sink;
    for (const session of this.logs.recovered.splice(0)) {
      sink.console({
        stream: 'info',
        text: `recovered the log of session ${session.id} (${session.rows} rows), left open by a crash; open it from Logs → Sessions\n`,
      });
    }
    return () => {
      if (this.sink === sink) this.sink = undefined;
    };
  }

  snapshot(): SessionSnapshot {
    const core = this.active?.core;
    return {
      state: this.state,
      handshake: this.handshake,
      paused: this.paused,
      events: core ? core.events.list().map(eventRow) : [],
      pools: core
        ? poolsUpdate(core.pools.snapshot(), this.poolsRefreshedAt)
        : { counts: [], warnings: [], refreshedAt: null },
      breakpoints: this.breakpointTable,
      cores: core ? core.cores.list().map(coreRow) : [],
      link: this.link,
      lastLogId: this.lastLogId,
    };
  }

  async listSerialPorts() {
    const { listSerialPorts } = await import('../transport/serial');
    const ports = await listSerialPorts();
    return ports.map((port) => ({ path: port.path, friendlyName: port.friendlyName }));
  }

  async detectSignature(folder: string) {
    const found = await detectSignatures(folder);
    return found.slice(0, MAX_SIGNATURE_CANDIDATES).map(({ signature, file }) => ({ signature, file }));
  }

  async connect(endpointText: string, signature: string | null): Promise<CommandOutcome> {
    const target = resolveConnectTarget(endpointText, signature, this.sim.signature);
    if (!target.ok) return failed(target.error);
    const endpoint = target.value.label;
    if (this.active) await this.disconnect();

    this.setState({ phase: 'connecting', endpoint, detail: null });
    this.setHandshake({ stage: 'idle', hints: [] });
    this.setPaused(null);
    this.lastLogId = null;
    this.poolsRefreshedAt = null;
    this.setBreakpoints([]);
    this.breakpointsUnknown = true;
    // Listen before connecting: the handshake may finish before connect() returns.
    const settled = this.handshakeSettled(endpoint);
    const result = await this.service.connect(endpointText, { signature: target.value.signature });
    const core = this.service.current;
    const created = this.newStore;
    this.newStore = undefined;
    if (!result.ok || core === undefined || created === undefined) {
      settled.cancel();
      const message = failureMessage(result.output, `could not open ${endpoint}`);
      this.setState({ phase: 'disconnected', endpoint, detail: message });
      this.setHandshake({ stage: 'failed', hints: [message] });
      return failed(message);
    }
    const active: ActiveSession = {
      core,
      store: created,
      endpoint,
      stop: [],
      messagesThisSecond: 0,
      droppedFrames: 0,
      closing: false,
    };
    this.active = active;
    this.wire(active);
    if (this.handshake.stage === 'idle') this.setHandshake({ stage: 'waiting-for-debuggee', hints: [] });
    return settled.result;
  }

  /** Resolves when the handshake completes, stalls, or the link closes. */
  private handshakeSettled(endpoint: string): { result: Promise<CommandOutcome>; cancel(): void } {
    const stops: Array<() => void> = [];
    const cancel = (): void => stops.forEach((stop) => stop());
    const result = new Promise<CommandOutcome>((resolve) => {
      const settle = (outcome: CommandOutcome): void => {
        cancel();
        resolve(outcome);
      };
      stops.push(
        this.service.on('state', ({ state }) => {
          if (state === 'running' || state === 'paused') settle(ok());
          else if (state === 'disconnected' || state === 'closed')
            settle(failed(`the link to ${endpoint} closed during the handshake`));
        }),
        this.service.on('diagnostic', (diagnostic) => {
          if (diagnostic.code === 'handshake-stalled') settle(failed(diagnostic.message));
        }),
      );
    });
    return { result, cancel };
  }

  /** The session's state, in IPC terms. */
  private onState({ state }: SessionEventMap['state']): void {
    const active = this.active;
    const ended = state === 'disconnected' || state === 'closed';
    const lost = ended && active !== undefined && !active.closing;
    if (state !== 'paused') this.setPaused(null);
    this.setState({
      // `.debug close` pauses a running debuggee first; that is still part of closing.
      phase: active?.closing && !ended ? 'closing' : sessionPhase(state),
      endpoint: active?.endpoint ?? this.state.endpoint,
      detail: lost ? `the link to ${active.endpoint} was lost; reconnect when the debuggee is back` : null,
    });
  }

  private onPaused(context: HaltContext): void {
    const active = this.active;
    this.setPaused(pausedContext(context));
    if (active) void this.addDisassembly(active, context);
    if (active && this.breakpointsUnknown) {
      this.breakpointsUnknown = false;
      void this.rereadBreakpoints(active);
    }
  }

  private onStats(stats: SessionEventMap['stats']): void {
    const active = this.active;
    this.link = linkStats(stats, active?.messagesThisSecond ?? 0, active?.droppedFrames ?? 0);
    if (active) active.messagesThisSecond = 0;
    this.sink?.link(this.link);
  }

  private onDiagnostic(diagnostic: SessionDiagnostic): void {
    if (diagnostic.code === 'handshake-stalled') {
      this.setHandshake({
        stage: 'stalled',
        hints: diagnostic.message.split('\n').filter((line) => line.trim() !== ''),
      });
      return;
    }
    if (this.active && DROPPED_FRAME_CODES.has(diagnostic.code)) this.active.droppedFrames++;
    this.sink?.console({
      stream: diagnostic.severity === 'info' ? 'info' : 'error',
      text: `${diagnostic.message}\n`,
    });
  }

  /** Per-session subscriptions: stored log rows, the events model and the pool ledger. */
  private wire(active: ActiveSession): void {
    const { events, pools, cores } = active.core;
    active.stop.push(
      active.store.onRecords((records) => {
        for (const record of records) this.sink?.log(logEntry(record));
        this.lastLogId = records[records.length - 1]!.id;
        active.messagesThisSecond += records.length;
        this.sink?.logCounts(logCounts(active.store));
      }),
      active.store.onStorageStopped((reason) => {
        this.sink?.console({
          stream: 'error',
          text: `warning: storing this session's logs stopped: ${reason}. The session and the link stay up; rows stored so far are kept, new rows are only shown live.\n`,
        });
        this.sink?.logCounts(logCounts(active.store));
      }),
      active.store.onStorageWarning((message) => {
        this.sink?.console({ stream: 'error', text: `warning: ${message}.\n` });
        this.sink?.logCounts(logCounts(active.store));
      }),
      events.onChange((change) => {
        if (change.kind === 'reset') this.sink?.events({ kind: 'snapshot', events: [] });
        else if (change.kind === 'removed')
          this.sink?.events({ kind: 'diff', upserts: [], removedTags: [eventRow(change.event).tag] });
        else this.sink?.events({ kind: 'diff', upserts: [eventRow(change.event)], removedTags: [] });
      }),
      pools.onChange((snapshot) => this.sink?.pools(poolsUpdate(snapshot, this.poolsRefreshedAt))),
      cores.onChange((list) => this.sink?.cores(list.map(coreRow))),
    );
  }

  /** The session decodes only the instruction at RIP; the façade reads on for the Disassembly pane. */
  private async addDisassembly(active: ActiveSession, context: HaltContext): Promise<void> {
    if (context.ignoreDisassembling) return;
    const lines = await this.service.disassembleAtRip(DISASSEMBLY_LINES).catch(() => []);
    if (this.active !== active || this.service.pausedContext() !== context || lines.length === 0) return;
    this.setPaused(pausedContext(context, { disassembly: lines }));
  }

  async disconnect(): Promise<CommandOutcome> {
    return this.endSession((service) => service.disconnect());
  }

  async forceDisconnect(): Promise<CommandOutcome> {
    return this.endSession((service) => service.forceDisconnect());
  }

  /** Closes (or abandons) the session; a force after a pending close finishes both at once. */
  private async endSession(
    end: (service: DebuggerService) => Promise<CommandResult>,
  ): Promise<CommandOutcome> {
    const active = this.active;
    if (!active) return ok();
    active.closing = true;
    this.setState({ phase: 'closing', endpoint: active.endpoint, detail: null });
    const result = await end(this.service);
    if (this.active !== active) return ok();
    for (const stop of active.stop) stop();
    // The session's file stays in the archive (Logs → Sessions, `hds logs`).
    await this.logs.closeLive(active.store);
    if (this.active === active) this.active = undefined;
    this.setPaused(null);
    this.setHandshake({ stage: 'idle', hints: [] });
    this.setState({ phase: 'disconnected', endpoint: active.endpoint, detail: null });
    return result.ok ? ok() : failed(failureMessage(result.output, 'the session did not close cleanly'));
  }

  async execute(text: string): Promise<CommandOutcome> {
    const active = this.requireSession();
    const prompt = `${active.core.session.currentCore.toString(16)}: kHyperDbg> `;
    this.sink?.console({ stream: 'echo', text: `${prompt}${text}\n` });
    const result = await this.service.execute(text);
    if (changesBreakpoints(text)) await this.rereadBreakpoints(active);
    if (result.ok) return ok();
    // The console shows every error once: the command's own text was streamed already.
    const message = failureMessage(result.output, `'${text}' failed`);
    if (result.output.trim() === '') this.sink?.console({ stream: 'error', text: `${message}\n` });
    return failed(message);
  }

  /** Reads the table quietly (no console text) and pushes it when the session is still current. */
  private async rereadBreakpoints(active: ActiveSession): Promise<void> {
    const read = await this.service.breakpoints();
    if (this.active !== active || !read.ok) return;
    this.setBreakpoints(read.value.slice(0, MAX_BREAKPOINT_ROWS).map(breakpointRow));
  }

  private setBreakpoints(rows: BreakpointRow[]): void {
    this.breakpointTable = rows;
    this.sink?.breakpoints(rows);
  }

  /** Ctrl+Break goes straight to the link, past a step or forwarded command that is waiting. */
  async pause(): Promise<CommandOutcome> {
    const active = this.requireSession();
    this.sink?.console({
      stream: 'echo',
      text: `${active.core.session.currentCore.toString(16)}: kHyperDbg> pause\n`,
    });
    const result = await this.service.pause();
    return result.ok ? ok() : failed(failureMessage(result.output, 'the debuggee did not pause'));
  }

  run(action: RunAction): Promise<CommandOutcome> {
    return this.execute(RUN_COMMANDS[action]);
  }

  async readMemory(kind: MemoryKind, address: string, length: number) {
    this.requireSession();
    const start = BigInt(`0x${address}`);
    const parts: Uint8Array[] = [];
    let message: string | null = null;
    for (let offset = 0; offset < length; offset += MAX_READ_LENGTH) {
      const size = Math.min(MAX_READ_LENGTH, length - offset);
      const result = await this.service.readMemory(kind, start + BigInt(offset), size);
      if (!result.ok) {
        if (offset === 0) throw new Error(result.error);
        message = result.error;
        break;
      }
      parts.push(result.bytes);
      if (result.bytes.length < size) {
        message = `only ${offset + result.bytes.length} of ${length} bytes are readable`;
        break;
      }
    }
    return { address, bytes: bytesHex(Buffer.concat(parts)), message };
  }

  async callStack() {
    this.requireSession();
    const frames = viewValue(await this.service.callStack());
    return frames.slice(0, MAX_CALLSTACK_FRAMES).map(callStackFrame);
  }

  async evaluate(text: string): Promise<ResponseOf<'expr:evaluate'>> {
    this.requireSession();
    const result = await this.service.evaluate(text.trim());
    if (result.ok) return { ok: true, value: BigInt.asUintN(64, result.value).toString(16) };
    const hint = addressExpressionHint(text.trim());
    return { ok: false, error: hint ? `${result.error}\n${hint}` : result.error };
  }

  async disassemble(address: string, count: number, before = 0) {
    this.requireSession();
    const lines = viewValue(await this.service.disassemble(BigInt(`0x${address}`), count, before));
    const rip = this.service.pausedContext()?.rip;
    return lines.map((line) => instructionRow(line, rip));
  }

  configureSymbols(symbolPath: string | null, allowDownload: boolean): void {
    this.service.configureSymbols(symbolPath ?? '', allowDownload);
  }

  async describeAddresses(addresses: string[]) {
    const { symbols } = this.requireSession().core;
    return addresses.map(
      (address) => symbols.describeAddress(BigInt(`0x${address}`), { moduleOffsetWithoutPdb: true }) ?? null,
    );
  }

  async completeSymbols(prefix: string, limit: number) {
    return this.requireSession().core.symbols.complete(prefix, limit);
  }

  writeMemory(kind: MemoryKind, address: string, bytes: string): Promise<CommandOutcome> {
    const values = [...hexToBytes(bytes)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return this.execute(`${kind === 'physical' ? '!eb' : 'eb'} ${address} ${values}`);
  }

  async readRegisters(names: string[]) {
    this.requireSession();
    const readings = viewValue(await this.service.readRegisters(names));
    return readings.map(({ name, value, error }) => ({
      name,
      value: value === undefined ? null : u64Hex(value),
      error: error ?? null,
    }));
  }

  async processes() {
    this.requireSession();
    const rows = viewValue(await this.service.processes());
    return rows.map((row) => ({
      process: u64Hex(row.process),
      pid: row.pid,
      cr3: u64Hex(row.cr3),
      name: row.name.slice(0, MAX_NAME),
    }));
  }

  async threads() {
    this.requireSession();
    const rows = viewValue(await this.service.threads());
    return rows.map((row) => ({ thread: u64Hex(row.thread), pid: row.pid, tid: row.tid }));
  }

  writeRegister(name: string, value: string): Promise<CommandOutcome> {
    return this.execute(`r ${name} = ${value}`);
  }

  queryLogs(session: string | null, filter: LogFilter, page: LogPage, control: LogCallControl) {
    return this.logs.query(session, filter, page, control);
  }

  countLogs(session: string | null, filter: LogFilter, control: LogCallControl): Promise<number> {
    return this.logs.count(session, filter, control);
  }

  exportLogs(
    session: string | null,
    format: 'jsonl' | 'csv',
    filter: LogFilter,
    path: string,
    control: LogCallControl,
  ): Promise<number> {
    return this.logs.export(session, format, filter, path, control);
  }

  listLogSessions() {
    return this.logs.list();
  }

  async configureLogRetention(retention: LogRetention): Promise<void> {
    await this.logs.setRetention(retention);
  }

  deleteLogSession(id: string): Promise<void> {
    return this.logs.delete(id);
  }

  modifyEvents(action: 'enable' | 'disable' | 'clear', tag: number | 'all'): Promise<CommandOutcome> {
    const letter = action === 'enable' ? 'e' : action === 'disable' ? 'd' : 'c';
    const target = tag === 'all' ? 'all' : (tag - DebuggerEventTagStartSeed).toString(16);
    return this.execute(`events ${letter} ${target}`);
  }

  async refreshPools(): Promise<PoolsUpdate> {
    const active = this.requireSession();
    // The counts go to the Pools pane; `test pool` typed in the console still prints them.
    const outcome = await this.service.executeQuietly('test pool');
    if (!outcome.ok) throw new Error(outcome.error);
    this.poolsRefreshedAt = Date.now();
    const update = poolsUpdate(active.core.pools.snapshot(), this.poolsRefreshedAt);
    this.sink?.pools(update);
    return update;
  }

  async forecastEvent(commandText: string): Promise<LedgerWarning[]> {
    const trial = await forecastEventCommand(this.requireSession().core, commandText);
    if (trial.kind === 'not-an-event') return [];
    if (trial.kind === 'invalid')
      return [{ severity: 'error', message: trial.error, errorCode: null, remedy: [] }];
    return forecastWarnings(trial.assessment, trial.forecast);
  }

  prealloc(type: string, count: number): Promise<CommandOutcome> {
    // HyperDbg reads the count as hex.
    return this.execute(`prealloc ${type} ${count.toString(16)}`);
  }

  private requireSession(): ActiveSession {
    if (!this.active) {
      throw new Error(
        "err, you're not connected to any debuggee; connect first (Connect pane, or hds start --endpoint)",
      );
    }
    return this.active;
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.sink?.state(state);
  }

  private setHandshake(status: HandshakeStatus): void {
    this.handshake = status;
    this.sink?.handshake(status);
  }

  private setPaused(context: PausedContext | null): void {
    if (context === null && this.paused === null) return;
    this.paused = context;
    this.sink?.paused(context);
  }
}

/** Commands after which the debuggee's breakpoint table may differ (and `bl`, which lists it). */
const BREAKPOINT_COMMANDS = new Set(['bp', 'bu', 'bc', 'bd', 'be', 'bl']);

function changesBreakpoints(text: string): boolean {
  const name = parseCommandLine(text)?.name.toLowerCase();
  return name !== undefined && BREAKPOINT_COMMANDS.has(name);
}

/**
 * Our second line for an address HyperDbg could not read: v0.23's compiler takes a bare register
 * name (`rip`) but a pseudo-register needs its `$`.
 */
export function addressExpressionHint(text: string): string | null {
  const word = /^([a-z][a-z0-9_]*)(?![\w!])(.*)$/i.exec(text);
  if (word && PSEUDO_REGISTER_NAMES.includes(word[1]!.toLowerCase()))
    return `pseudo-registers are written with $ in HyperDbg: $${word[1]!.toLowerCase()}${word[2]}`;
  return null;
}

/** A pane query's value, or its error (HyperDbg's text) as the failure the host reports. */
function viewValue<T>(result: ViewResult<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

export function createSessionBackend(options: SessionBackendOptions = {}): SessionBackend {
  return new CoreSessionBackend(options);
}
