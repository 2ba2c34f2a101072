// The adapter from the session core (electron/session/wiring.ts: DebuggerSession + dispatcher +
// events model + pool ledger + SQLite log store) to the host's SessionBackend, i.e. to the IPC
// contract. One debugging session at a time; connecting again closes the previous one first.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScript } from '../../shared/script';
import type {
  CommandOutcome,
  HandshakeStatus,
  LedgerWarning,
  LinkStats as IpcLinkStats,
  LogEntry,
  LogFilter,
  PausedContext as IpcPausedContext,
  PoolsUpdate,
  SessionSnapshot,
  SessionState as IpcSessionState,
} from '../../shared/ipc';
import { readMemory, MAX_READ_LENGTH } from '../commands/builtin/inspect';
import { parseCommandLine } from '../commands/dispatcher';
import { parseHyperDbgNumber } from '../commands/numbers';
import { isEventCommandName, prepareEventCommand } from '../commands/events/prepare-event';
import type { LogRecord } from '../logs/log-record';
import { SqliteLogStore, type LogFilter as StoreFilter } from '../logs/log-store';
import { disassemble } from '../session/disassembler';
import type { PausedContext } from '../session/link';
import { isValidSignature } from '../session/session';
import { createCommandSession, createScriptCompiler, type CommandSession } from '../session/wiring';
import { formatEndpoint, parseEndpoint } from '../transport/endpoint';
import { openTransport, type ByteTransport } from '../transport/transport';
import type { MemoryKind, RunAction, SessionBackend, SessionSink } from './backend';
import { bytesHex, eventRow, hexToBytes, ledgerWarnings, linkStats, logEntry, pausedContext, poolsUpdate, sessionPhase } from './ipc-mapping';
import { scanForSignatures } from './signature-scan';
import { inProcessSimulator, simulatorSignature, type InProcessSimOptions } from './sim-shim';

export type SimulatorOptions = InProcessSimOptions;

export interface SessionBackendOptions {
  simOptions?: SimulatorOptions;
  /** Folder for the per-session log databases; default the OS temporary folder. */
  logFolder?: string;
}

const RUN_COMMANDS: Record<RunAction, string> = { go: 'g', 'step-over': 'p', 'step-into': 't', 'step-out': 'gu' };
/** Instructions shown around RIP in the paused context (read after each halt). */
const DISASSEMBLY_BYTES = 96;
const DISASSEMBLY_LINES = 16;
const STATS_INTERVAL_MS = 1000;
const EVENT_TAG_SEED = 0x1000000;

const ok = (): CommandOutcome => ({ ok: true, message: null });
const failed = (message: string): CommandOutcome => ({ ok: false, message });

const ZERO_LINK: IpcLinkStats = {
  bytesInPerSec: 0,
  bytesOutPerSec: 0,
  messagesPerSec: 0,
  totalBytesIn: 0,
  totalBytesOut: 0,
  droppedFrames: 0,
  elidedLogs: 0,
  elidedConsoleBytes: 0,
};

/**
 * A stable, non-negative key per stored row: link messages have sequence numbers 0, 1, 2 … and
 * trigger notices −1, −2 …; interleave them so live entries and query results agree.
 */
export function logKey(record: LogRecord): number {
  return record.sequence >= 0 ? record.sequence * 2 : -record.sequence * 2 - 1;
}

function storeFilter(filter: LogFilter): StoreFilter {
  let text: string | undefined;
  if (filter.text !== undefined && filter.text.trim() !== '') {
    // The store searches through its FTS5 index; substring mode becomes one quoted phrase.
    text = filter.textMode === 'fts' ? filter.text : `"${filter.text.replaceAll('"', '""')}"`;
  }
  return {
    ...(filter.stage !== 'all' ? { stage: filter.stage } : {}),
    ...(filter.eventTag !== undefined ? { eventTag: filter.eventTag } : {}),
    ...(filter.core !== undefined ? { core: filter.core } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

interface ActiveSession {
  readonly core: CommandSession;
  readonly store: SqliteLogStore;
  readonly storePath: string;
  readonly transport: ByteTransport;
  readonly endpoint: string;
  readonly stop: Array<() => void>;
  messagesThisSecond: number;
  droppedFrames: number;
  closing: boolean;
}

class CoreSessionBackend implements SessionBackend {
  private sink: SessionSink | undefined;
  private active: ActiveSession | undefined;
  private state: IpcSessionState = { phase: 'disconnected', endpoint: null, detail: null };
  private handshake: HandshakeStatus = { stage: 'idle', hints: [] };
  private paused: IpcPausedContext | null = null;
  private link: IpcLinkStats = ZERO_LINK;
  private poolsRefreshedAt: number | null = null;
  private lastLogId: number | null = null;
  private sessionCount = 0;

  constructor(private readonly options: SessionBackendOptions) {}

  subscribe(sink: SessionSink): () => void {
    this.sink = sink;
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
      pools: core ? poolsUpdate(core.pools.snapshot(), this.poolsRefreshedAt) : { counts: [], warnings: [], refreshedAt: null },
      link: this.link,
      lastLogId: this.lastLogId,
    };
  }

  async listSerialPorts() {
    const { listSerialPorts } = await import('../transport/serial');
    const ports = await listSerialPorts();
    return ports.map((port) => ({ path: port.path, friendlyName: port.friendlyName, manufacturer: null }));
  }

  detectSignature(folder: string) {
    return scanForSignatures(folder);
  }

  async connect(endpointText: string, signature: string | null): Promise<CommandOutcome> {
    const parsed = parseEndpoint(endpointText);
    if (!parsed.ok) return failed(parsed.error);
    const endpoint = formatEndpoint(parsed.endpoint);
    const isSim = parsed.endpoint.kind === 'sim';
    const buildSignature = signature ?? (isSim ? simulatorSignature(this.options.simOptions) : null);
    if (buildSignature === null) {
      return failed(
        "err, the debuggee accepts only its own HyperDbg build signature; enter it (e.g. 0.23.0-20250312.1542) or detect it from the debuggee's HyperDbg folder",
      );
    }
    if (!isValidSignature(buildSignature)) {
      return failed(`err, '${buildSignature}' is not a HyperDbg build signature; it looks like 0.23.0-20250312.1542`);
    }
    if (this.active) await this.disconnect();

    this.setState({ phase: 'connecting', endpoint, detail: null });
    this.setHandshake({ stage: 'idle', hints: [] });
    this.setPaused(null);
    let transport: ByteTransport;
    try {
      transport = await openTransport(parsed.endpoint, { simulator: inProcessSimulator(this.options.simOptions) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setState({ phase: 'disconnected', endpoint, detail: message });
      this.setHandshake({ stage: 'failed', hints: [message] });
      return failed(message);
    }

    const storePath = join(this.options.logFolder ?? tmpdir(), `hds-session-${process.pid}-${++this.sessionCount}.sqlite`);
    const store = new SqliteLogStore({ path: storePath, toWallClock: (t) => performance.timeOrigin + t });
    const core = createCommandSession({
      signature: buildSignature,
      output: (text) => this.sink?.console({ stream: 'output', text }),
      logs: store,
      settings: { fetchRegistersOnPause: true },
    });
    const active: ActiveSession = { core, store, storePath, transport, endpoint, stop: [], messagesThisSecond: 0, droppedFrames: 0, closing: false };
    this.active = active;
    this.lastLogId = null;
    this.poolsRefreshedAt = null;
    this.wire(active);
    this.setHandshake({ stage: 'waiting-for-debuggee', hints: [] });
    const settled = this.handshakeSettled(active);
    core.session.attach(transport);
    return settled;
  }

  /** Resolves when the handshake completes, stalls, or the link closes. */
  private handshakeSettled(active: ActiveSession): Promise<CommandOutcome> {
    const { session } = active.core;
    return new Promise((resolve) => {
      const offs: Array<() => void> = [];
      const finish = (outcome: CommandOutcome): void => {
        for (const off of offs) off();
        resolve(outcome);
      };
      offs.push(
        session.on('state', ({ state }) => {
          if (state === 'running' || state === 'paused') finish(ok());
          else if (state === 'disconnected' || state === 'closed') finish(failed(this.state.detail ?? `the link to ${active.endpoint} closed during the handshake`));
        }),
        session.on('diagnostic', (diagnostic) => {
          if (diagnostic.code === 'handshake-stalled') finish(failed(diagnostic.message));
        }),
      );
    });
  }

  private wire(active: ActiveSession): void {
    const { session, events, pools } = active.core;
    const { store } = active;
    active.stop.push(
      session.on('state', ({ state, previous }) => {
        if (state === 'running' && previous === 'paused') store.observeResume();
        if (state !== 'paused') this.setPaused(null);
        const lost = (state === 'disconnected' || state === 'closed') && !active.closing;
        this.setState({
          phase: sessionPhase(state),
          endpoint: active.endpoint,
          detail: lost ? `the link to ${active.endpoint} was lost; reconnect when the debuggee is back` : null,
        });
      }),
      session.on('paused', (context) => {
        store.observePause(context);
        this.setPaused(pausedContext(context));
        void this.addDisassembly(active, context);
      }),
      session.on('started', () => this.setHandshake({ stage: 'started', hints: [] })),
      session.on('diagnostic', (diagnostic) => {
        if (diagnostic.code === 'handshake-stalled') {
          this.setHandshake({ stage: 'stalled', hints: diagnostic.message.split('\n').filter((line) => line.trim() !== '') });
          return;
        }
        if (/checksum|oversize|garbage|frame/i.test(diagnostic.code)) active.droppedFrames++;
        this.sink?.console({ stream: diagnostic.severity === 'info' ? 'info' : 'error', text: `${diagnostic.message}\n` });
      }),
      store.onRecords((records) => {
        for (const record of records) {
          const entry: LogEntry = logEntry(logKey(record), record);
          this.lastLogId = Math.max(this.lastLogId ?? 0, entry.id);
          this.sink?.log(entry);
        }
        active.messagesThisSecond += records.length;
      }),
      events.onChange((change) => {
        if (change.kind === 'reset') this.sink?.events({ kind: 'snapshot', events: [] });
        else if (change.kind === 'removed') this.sink?.events({ kind: 'diff', upserts: [], removedTags: [eventRow(change.event).tag] });
        else this.sink?.events({ kind: 'diff', upserts: [eventRow(change.event)], removedTags: [] });
      }),
      pools.onChange((snapshot) => this.sink?.pools(poolsUpdate(snapshot, this.poolsRefreshedAt))),
    );
    const timer = setInterval(() => {
      this.link = linkStats(session.stats(), active.messagesThisSecond, active.droppedFrames);
      active.messagesThisSecond = 0;
      this.sink?.link(this.link);
    }, STATS_INTERVAL_MS);
    timer.unref();
    active.stop.push(() => clearInterval(timer));
  }

  /** The session decodes only the instruction at RIP; read a little more for the Disassembly pane. */
  private async addDisassembly(active: ActiveSession, context: PausedContext): Promise<void> {
    if (context.ignoreDisassembling) return;
    const read = await readMemory(active.core.dispatcher.commandContext, context.rip, DISASSEMBLY_BYTES, false).catch(() => undefined);
    if (!read?.ok || this.active !== active || active.core.session.pausedContext !== context) return;
    const lines = disassemble(read.read.data, context.rip, {
      is32Bit: context.is32Bit,
      maxInstructions: DISASSEMBLY_LINES,
      syntax: active.core.settings.syntax,
      rflags: context.rflags,
    });
    if (lines.length > 0) this.setPaused(pausedContext(context, { disassembly: lines }));
  }

  async disconnect(): Promise<CommandOutcome> {
    const active = this.active;
    if (!active) return ok();
    active.closing = true;
    this.setState({ phase: 'closing', endpoint: active.endpoint, detail: null });
    let outcome = ok();
    try {
      const state = active.core.session.state;
      if (state === 'paused' || state === 'running') await active.core.session.close();
      else await active.core.session.detach();
    } catch (error) {
      outcome = failed(`the session did not close cleanly: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const stop of active.stop) stop();
    active.core.dispose();
    active.store.flush();
    active.store.close();
    await rm(active.storePath, { force: true }).catch(() => undefined);
    await rm(`${active.storePath}-wal`, { force: true }).catch(() => undefined);
    await rm(`${active.storePath}-shm`, { force: true }).catch(() => undefined);
    if (this.active === active) this.active = undefined;
    this.setPaused(null);
    this.setHandshake({ stage: 'idle', hints: [] });
    this.setState({ phase: 'disconnected', endpoint: active.endpoint, detail: null });
    return outcome;
  }

  async execute(text: string): Promise<CommandOutcome> {
    const active = this.requireSession();
    const prompt = `${active.core.session.currentCore.toString(16)}: kHyperDbg> `;
    this.sink?.console({ stream: 'echo', text: `${prompt}${text}\n` });
    const outcome = await active.core.dispatcher.execute(text);
    return outcome.ok ? ok() : failed(outcome.error);
  }

  pause(): Promise<CommandOutcome> {
    return this.execute('pause');
  }

  run(action: RunAction): Promise<CommandOutcome> {
    return this.execute(RUN_COMMANDS[action]);
  }

  async readMemory(kind: MemoryKind, address: string, length: number) {
    const active = this.requireSession();
    const start = BigInt(`0x${address}`);
    const parts: Uint8Array[] = [];
    let message: string | null = null;
    for (let offset = 0; offset < length; offset += MAX_READ_LENGTH) {
      const size = Math.min(MAX_READ_LENGTH, length - offset);
      const result = await readMemory(active.core.dispatcher.commandContext, start + BigInt(offset), size, kind === 'physical');
      if (!result.ok) {
        if (offset === 0) throw new Error(result.error);
        message = result.error;
        break;
      }
      parts.push(result.read.data);
      if (result.read.data.length < size) {
        message = `only ${offset + result.read.data.length} of ${length} bytes are readable`;
        break;
      }
    }
    const bytes = Buffer.concat(parts);
    return { address, bytes: bytesHex(bytes), message };
  }

  writeMemory(kind: MemoryKind, address: string, bytes: string): Promise<CommandOutcome> {
    const values = [...hexToBytes(bytes)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return this.execute(`${kind === 'physical' ? '!eb' : 'eb'} ${address} ${values}`);
  }

  writeRegister(name: string, value: string): Promise<CommandOutcome> {
    return this.execute(`r ${name} = ${value}`);
  }

  async queryLogs(filter: LogFilter, offset: number, limit: number) {
    const { store } = this.requireSession();
    const where = storeFilter(filter);
    const entries = store.query(where, offset, limit).map((record) => logEntry(logKey(record), record));
    return { total: store.count(where), entries };
  }

  async countLogs(filter: LogFilter): Promise<number> {
    return this.requireSession().store.count(storeFilter(filter));
  }

  async exportLogs(format: 'jsonl' | 'csv', filter: LogFilter, path: string): Promise<number> {
    const { store } = this.requireSession();
    const where = storeFilter(filter);
    return format === 'jsonl' ? store.exportJsonl(path, where) : store.exportCsv(path, where);
  }

  async scriptDiagnostics(source: string) {
    const result = compileScript(source);
    if (result.ok) return [];
    const { error } = result;
    const line = Math.max(1, error.line);
    const column = Math.max(1, error.column);
    return [
      {
        severity: 'error' as const,
        message: error.message,
        line,
        column,
        endLine: Math.max(line, error.endLine),
        endColumn: Math.max(error.endLine > line ? 1 : column + 1, error.endColumn),
      },
    ];
  }

  modifyEvents(action: 'enable' | 'disable' | 'clear', tag: number | 'all'): Promise<CommandOutcome> {
    const letter = action === 'enable' ? 'e' : action === 'disable' ? 'd' : 'c';
    const target = tag === 'all' ? 'all' : (tag - EVENT_TAG_SEED).toString(16);
    return this.execute(`events ${letter} ${target}`);
  }

  async refreshPools(): Promise<PoolsUpdate> {
    const active = this.requireSession();
    const outcome = await this.execute('test pool');
    if (!outcome.ok) throw new Error(outcome.message ?? 'test pool failed');
    this.poolsRefreshedAt = Date.now();
    const update = poolsUpdate(active.core.pools.snapshot(), this.poolsRefreshedAt);
    this.sink?.pools(update);
    return update;
  }

  async forecastEvent(commandText: string): Promise<LedgerWarning[]> {
    const active = this.requireSession();
    const command = parseCommandLine(commandText);
    if (!command || !isEventCommandName(command.name)) return [];
    let nextTag = BigInt(EVENT_TAG_SEED);
    const compiler = createScriptCompiler();
    const prepared = await prepareEventCommand(command, {
      // A trial run: tags and script globals of the real session must not advance.
      allocateTag: () => nextTag++,
      resolveAddress: async (text) => {
        const number = parseHyperDbgNumber(text);
        if (number !== undefined) return number;
        const symbol = active.core.symbols.resolveSymbol(text);
        return symbol.ok ? symbol.value : undefined;
      },
      compileScript: (source) => compiler.compile(source),
      readScriptFile: () => undefined,
      outputSourceTag: () => undefined,
    });
    if (!prepared.ok) return [{ severity: 'error', message: prepared.error, errorCode: null, remedy: [] }];
    return ledgerWarnings(active.core.pools.forecast(prepared.plan));
  }

  prealloc(type: string, count: number): Promise<CommandOutcome> {
    // HyperDbg reads the count as hex.
    return this.execute(`prealloc ${type} ${count.toString(16)}`);
  }

  private requireSession(): ActiveSession {
    if (!this.active) {
      throw new Error("err, you're not connected to any debuggee; connect first (Connect pane, or hds start --endpoint)");
    }
    return this.active;
  }

  private setState(state: IpcSessionState): void {
    this.state = state;
    this.sink?.state(state);
  }

  private setHandshake(status: HandshakeStatus): void {
    this.handshake = status;
    this.sink?.handshake(status);
  }

  private setPaused(context: IpcPausedContext | null): void {
    if (context === null && this.paused === null) return;
    this.paused = context;
    this.sink?.paused(context);
  }
}

export function createSessionBackend(options: SessionBackendOptions = {}): SessionBackend {
  return new CoreSessionBackend(options);
}
