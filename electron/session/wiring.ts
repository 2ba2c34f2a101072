import { ScriptCompileSession } from '../../shared/script';
import { registerBuiltinCommands } from '../commands/builtin';
import { parseTestPoolOutput } from '../model/pool-state';
import { CommandDispatcher } from '../commands/dispatcher';
import { createEventCommandHandlers, createEventsCommandHandler } from '../commands/events/handlers';
import type { LogStore, ScriptCompiler, SessionSettings, SymbolResolver } from '../commands/types';
import { SqliteLogStore } from '../logs/log-store';
import { LiveEventsModel } from '../model/events-model';
import { PoolLedgerModel } from '../model/pool-ledger';
import { PdbSymbolResolver } from '../symbols/symbol-resolver';
import type { DebuggeeLink } from './link';
import { DebuggerSession, type SessionOptions } from './session';

/** HyperDbg's defaults for `settings`, plus our link settings. */
export function defaultSettings(overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    autoUnpause: true,
    autoFlush: false,
    syntax: 'intel',
    addressConversion: true,
    requestTimeoutMs: 10_000,
    fetchRegistersOnPause: false,
    ...overrides,
  };
}

/** The shared script compiler as the command layer sees it (one compile session per debugging session). */
export function createScriptCompiler(): ScriptCompiler {
  const session = new ScriptCompileSession();
  return {
    compile(source) {
      const result = session.compile(source);
      if (!result.ok) return { ok: false, error: result.error.message };
      return { ok: true, bytecode: result.bytes, symbolCount: result.bytes.length / 24 };
    },
  };
}

export interface CommandSessionOptions extends Omit<
  SessionOptions,
  'requestTimeoutMs' | 'fetchRegistersOnPause'
> {
  readonly settings?: Partial<SessionSettings>;
  /** Where console text goes (CLI: stdout; GUI: the event stream). */
  readonly output: (text: string) => void;
  readonly symbols?: SymbolResolver;
  /** Log store; default an in-memory SQLite store. */
  readonly logs?: LogStore & { close?(): void };
  /** HyperDbg symbol path for PDBs (default: none, so only numbers resolve). */
  readonly symbolPath?: string;
}

/** Everything one debugging session needs, wired together: session, models, dispatcher. */
export interface CommandSession {
  readonly session: DebuggerSession;
  readonly dispatcher: CommandDispatcher;
  readonly settings: SessionSettings;
  readonly events: LiveEventsModel;
  readonly pools: PoolLedgerModel;
  readonly logs: LogStore;
  readonly symbols: SymbolResolver;
  /** Stops feeding the models (the session object stays usable). */
  dispose(): void;
}

export interface CommandLayerOptions {
  readonly link: DebuggeeLink;
  readonly output: (text: string) => void;
  readonly settings: SessionSettings;
  readonly logs: LogStore;
  readonly symbols: SymbolResolver;
}

/** The dispatcher with every command registered (built-in and part B's) over any link. */
export function createCommandLayer(options: CommandLayerOptions): {
  dispatcher: CommandDispatcher;
  events: LiveEventsModel;
  pools: PoolLedgerModel;
} {
  const events = new LiveEventsModel();
  const pools = new PoolLedgerModel();
  const dispatcher = new CommandDispatcher({
    link: options.link,
    output: options.output,
    settings: options.settings,
    symbols: options.symbols,
    script: createScriptCompiler(),
    events,
    pools,
    logs: options.logs,
  });
  registerBuiltinCommands(dispatcher, {
    onTestPoolOutput: (texts) => pools.applyTestPool(parseTestPoolOutput(texts)),
    onForwarded: (command) => {
      if (!['prealloc', 'preallocate', 'preallocation'].includes(command.name)) return;
      const [type, count] = command.args.map((t) => t.text);
      const parsed = count === undefined ? NaN : Number.parseInt(count.replace(/^0x/i, ''), 16);
      if (type && Number.isFinite(parsed)) pools.recordPrealloc(type, parsed);
    },
  });
  for (const handler of createEventCommandHandlers({ events, pools })) dispatcher.register(handler);
  dispatcher.register(createEventsCommandHandler({ events, pools }));
  return { dispatcher, events, pools };
}

export function createCommandSession(options: CommandSessionOptions): CommandSession {
  const settings = defaultSettings(options.settings);
  const session = new DebuggerSession({
    ...options,
    requestTimeoutMs: settings.requestTimeoutMs,
    fetchRegistersOnPause: settings.fetchRegistersOnPause,
  });
  const logs = options.logs ?? new SqliteLogStore();
  const symbols =
    options.symbols ?? new PdbSymbolResolver({ symbolPath: options.symbolPath ?? '', allowDownload: false });
  const { dispatcher, events, pools } = createCommandLayer({
    link: session,
    output: options.output,
    settings,
    logs,
    symbols,
  });

  const unsubscribe = [
    session.on('output', ({ text }) => options.output(text)),
    session.on('log', (message) => {
      logs.append(message);
      events.observeLog(message);
    }),
    // Halts reach the log store through its owner (the GUI host feeds observePause/observeResume
    // with its own batching); feeding it here as well would store every trigger notice twice.
    session.on('paused', (context) => events.observePause(context)),
    session.on('started', () => {
      events.reset();
      pools.reset();
    }),
    session.on('modules', (modules) => symbols.setModules(modules)),
    session.on('state', ({ state, previous }) => {
      if (state === 'running' && previous === 'paused') events.observeResume();
      if (state === 'disconnected' && (previous === 'running' || previous === 'paused')) events.reset();
    }),
  ];
  return {
    session,
    dispatcher,
    settings,
    events,
    pools,
    logs,
    symbols,
    dispose: () => {
      for (const off of unsubscribe) off();
    },
  };
}
