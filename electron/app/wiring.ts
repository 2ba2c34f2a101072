import { ScriptCompileSession } from '../../shared/script';
import { registerBuiltinCommands } from '../commands/builtin';
import { outputCommand, OutputSources } from '../commands/builtin/output-sources';
import { CommandDispatcher } from '../commands/dispatcher';
import type { ScriptCompiler, SessionSettings } from '../ports/services';
import type { SqliteLogStore } from '../logs/log-store';
import type { LiveEventsModel } from '../model/events-model';
import type { CoreRoster } from '../model/core-roster';
import type { PoolLedgerModel } from '../model/pool-ledger';
import { createSessionModels, type SessionModels } from './session-models';
import type { PdbSymbolResolver } from '../symbols/symbol-resolver';
import type { DebuggeeLink } from '../session/link';
import { DebuggerSession, type SessionOptions } from '../session/session';

/** HyperDbg's defaults for `settings`, plus our link settings. */
export function defaultSettings(overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    autoUnpause: true,
    autoFlush: false,
    syntax: 'intel',
    addressConversion: true,
    requestTimeoutMs: 10_000,
    fetchRegistersOnPause: false,
    fetchThreadDetailsOnPause: false,
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
  'requestTimeoutMs' | 'fetchRegistersOnPause' | 'fetchThreadDetailsOnPause' | 'forwardLog'
> {
  readonly settings?: Partial<SessionSettings>;
  /** Where console text goes (CLI: stdout; GUI: the event stream). */
  readonly output: (text: string) => void;
  /**
   * A log store the caller owns and closes (the GUI host's session file); default an in-memory
   * store closed by `dispose()`. Either way the session feeds it every message, halt and resume.
   */
  readonly logs?: SqliteLogStore;
  /** HyperDbg symbol path for PDBs (default: none, so only numbers resolve). */
  readonly symbolPath?: string;
  /** Let `.sym download` fetch missing PDBs from the path's symbol servers (default false). */
  readonly allowSymbolDownload?: boolean;
}

/** Everything one debugging session needs, wired together: session, models, dispatcher. */
export interface CommandSession {
  readonly session: DebuggerSession;
  readonly dispatcher: CommandDispatcher;
  readonly settings: SessionSettings;
  readonly events: LiveEventsModel;
  readonly pools: PoolLedgerModel;
  readonly cores: CoreRoster;
  readonly logs: SqliteLogStore;
  readonly symbols: PdbSymbolResolver;
  /** Stops feeding the models and closes the log store unless the caller gave it (the session object stays usable). */
  dispose(): void;
}

export interface CommandLayerOptions {
  readonly link: DebuggeeLink;
  readonly output: (text: string) => void;
  readonly settings: SessionSettings;
  /** `output`'s sources; the session's own when the models resolve `output {NAME}` through them. */
  readonly outputs?: OutputSources;
  /** The session's models (events, pool ledger, log store, symbols): their handlers are registered and their hooks given to the built-in commands. */
  readonly models: SessionModels;
}

/**
 * The dispatcher with every command registered over any link: the built-in commands (whose
 * `test pool`, forwarded-command and breakpoint hooks feed the pool ledger), the event commands,
 * `events`, `.sympath`, `.sym` and `x`. Subscribing the models to the link is the caller's job
 * (`models.attach(link)`), so a dry-run link can do without it.
 */
export function createCommandLayer(options: CommandLayerOptions): CommandDispatcher {
  const { models } = options;
  const dispatcher = new CommandDispatcher({
    link: options.link,
    output: options.output,
    settings: options.settings,
    symbols: models.symbols,
    script: createScriptCompiler(),
    events: models.events,
    pools: models.pools,
    logs: models.logs,
  });
  registerBuiltinCommands(dispatcher, models.hooks);
  dispatcher.register(outputCommand(options.outputs ?? new OutputSources()));
  for (const handler of models.handlers) dispatcher.register(handler);
  return dispatcher;
}

/**
 * One debugging session: the link, the models attached to it (the only place that feeds them,
 * so each halt reaches the events model, the pool ledger and the log store exactly once) and
 * the dispatcher.
 */
export function createCommandSession(options: CommandSessionOptions): CommandSession {
  const settings = defaultSettings(options.settings);
  const outputs = new OutputSources();
  const session = new DebuggerSession({
    ...options,
    requestTimeoutMs: settings.requestTimeoutMs,
    fetchRegistersOnPause: settings.fetchRegistersOnPause,
    fetchThreadDetailsOnPause: settings.fetchThreadDetailsOnPause,
    // Log messages only arrive once the link is attached, after the models below exist.
    forwardLog: (operationCode, text) =>
      outputs.forwardEventMessage(models.events.list(), operationCode, text),
  });
  const models = createSessionModels({
    ...(options.logs ? { logStore: options.logs } : {}),
    outputSourceTag: (name) => outputs.tagOf(name),
    symbols: { symbolPath: options.symbolPath ?? '', allowDownload: options.allowSymbolDownload ?? false },
  });
  const dispatcher = createCommandLayer({ link: session, output: options.output, settings, models, outputs });
  const unsubscribe = [
    session.on('output', ({ text }) => {
      options.output(text);
      dispatcher.consoleLog.write(text);
    }),
    models.attach(session),
    // A session that ends takes its local waits (`sleep`) with it: nothing waits on a closed link.
    session.on('state', ({ state }) => {
      if (state === 'closed' || state === 'disconnected') dispatcher.interrupt();
    }),
  ];
  return {
    session,
    dispatcher,
    settings,
    events: models.events,
    pools: models.pools,
    cores: models.cores,
    logs: models.logs,
    symbols: models.symbols,
    dispose: () => {
      for (const off of unsubscribe) off();
      models.close();
      outputs.closeAll();
      dispatcher.consoleLog.close();
    },
  };
}
