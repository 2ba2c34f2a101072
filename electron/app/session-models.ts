/**
 * The models of one debugging session, created together and attached to a link: the
 * events model, the pool ledger, the core roster, the SQLite log store and the symbol resolver, plus the event
 * command handlers and the hooks the built-in `test pool` / forwarded commands call.
 */
import type { CommandHandler, ParsedCommand } from '../commands/types';
import type { DebuggeeLink } from '../session/link';
import { createEventCommandHandlers, createEventsCommandHandler } from '../commands/events/handlers';
import { parseHyperDbgNumber32 } from '../../shared/numbers';
import { SqliteLogStore, type LogStoreOptions } from '../logs/log-store';
import { PdbSymbolResolver, type SymbolSettings } from '../symbols/symbol-resolver';
import { createSymbolCommandHandlers } from '../commands/symbols/symbol-commands';
import { LiveEventsModel } from '../model/events-model';
import { PoolLedgerModel } from '../model/pool-ledger';
import { CoreRoster } from '../model/core-roster';
import { parseTestPoolOutput } from '../model/pool-state';

export interface SessionModelOptions {
  /** Options of the log store the models create (ignored when `logStore` is given). */
  readonly logs?: LogStoreOptions;
  /** A log store owned by the caller (e.g. the GUI host's file); `close()` leaves it open. */
  readonly logStore?: SqliteLogStore;
  readonly symbols?: SymbolSettings;
  /** Debuggee core count for the pool ledger until `test pool` reveals it (default 1). */
  readonly coreCount?: number;
  readScriptFile?(path: string): string | undefined;
  outputSourceTag?(name: string): bigint | undefined;
}

const PAUSE_REASON_REQUEST_FROM_DEBUGGER = 2;
const PREALLOC_NAMES = new Set(['prealloc', 'preallocate', 'preallocation']);
const PREALLOC_DONE = 'the requested pools are allocated and reserved';

export interface SessionModels {
  readonly events: LiveEventsModel;
  readonly pools: PoolLedgerModel;
  /** The cores heard of so far (v0.23 never tells the count). */
  readonly cores: CoreRoster;
  readonly logs: SqliteLogStore;
  readonly symbols: PdbSymbolResolver;
  /** Event commands, `events`, `.sympath`, `.sym` and `x`, for `CommandRegistry.register`. */
  readonly handlers: readonly CommandHandler[];
  /** For `registerBuiltinCommands(registry, hooks)`. */
  readonly hooks: {
    onTestPoolOutput(texts: readonly string[]): void;
    onForwarded(command: ParsedCommand, output: readonly string[]): void;
    onBreakpointSet(status: number): void;
    onBreakpointCleared(): void;
  };
  /** Subscribes the models to the link's events; returns the unsubscribe function. */
  attach(link: DebuggeeLink): () => void;
  /** Closes the log store unless the caller gave its own (`logStore`). */
  close(): void;
}

export function createSessionModels(options: SessionModelOptions = {}): SessionModels {
  const events = new LiveEventsModel();
  const pools = new PoolLedgerModel(options.coreCount ?? 1);
  const cores = new CoreRoster();
  const ownsLogStore = options.logStore === undefined;
  const logs = options.logStore ?? new SqliteLogStore(options.logs);
  const symbols = new PdbSymbolResolver(options.symbols ?? { symbolPath: '', allowDownload: false });
  const deps = {
    events,
    pools,
    readScriptFile: options.readScriptFile,
    outputSourceTag: options.outputSourceTag,
  };
  return {
    events,
    pools,
    cores,
    logs,
    symbols,
    handlers: [
      ...createEventCommandHandlers(deps),
      createEventsCommandHandler(deps),
      ...createSymbolCommandHandlers({ resolver: symbols }),
    ],
    hooks: {
      onTestPoolOutput: (texts) => pools.applyTestPool(parseTestPoolOutput(texts)),
      onForwarded(command, output) {
        // Every forwarded command runs IOCTLs on the debuggee, and each IOCTL drains the pool queue.
        const [type, count] = command.args.map((t) => t.text);
        const value = count === undefined ? undefined : parseHyperDbgNumber32(count);
        if (
          PREALLOC_NAMES.has(command.name) &&
          value !== undefined &&
          output.some((t) => t.includes(PREALLOC_DONE))
        ) {
          pools.recordPrealloc(type, value);
        } else {
          pools.observeDrain();
        }
      },
      onBreakpointSet: (status) => pools.recordBreakpoint(status),
      onBreakpointCleared: () => pools.releaseBreakpoint(),
    },
    attach(link) {
      logs.setEventStageLookup((tag) => events.get(BigInt(tag))?.stage);
      const off = [
        link.on('started', () => {
          events.reset();
          pools.reset();
          cores.reset();
        }),
        link.on('log', (message) => {
          const row = logs.append(message);
          if (!row) return; // the answer to an internal query, not the user's output
          if (row.core !== undefined) cores.observeLog(row.core);
          events.observeLog(message);
          if (row.eventTag !== undefined) events.countHit(row.eventTag, row.stage);
        }),
        link.on('paused', (context) => {
          events.observePause(context);
          cores.observeHalt(context.core, { rip: context.rip, reasonName: context.reasonName });
          const trigger = logs.observePause(context);
          if (trigger?.eventTag !== undefined) events.countHit(trigger.eventTag, trigger.stage);
          // A break-in goes through the debuggee's user-mode listener, whose IOCTL drains first.
          if (context.reason === PAUSE_REASON_REQUEST_FROM_DEBUGGER) pools.observeDrain();
        }),
        link.on('state', ({ state, previous }) => {
          if (previous === 'paused' && state === 'running') {
            // Clears queued while halted are processed by user mode now (IOCTLs → drains, pools freed).
            const cleared = events
              .list()
              .filter((e) => e.state === 'clear-pending')
              .map((e) => e.tag);
            if (cleared.length > 0) pools.releaseClearedEvents(cleared);
            events.observeResume();
            logs.observeResume();
          }
          if (state === 'disconnected') events.reset();
        }),
        link.on('modules', (modules) => symbols.setModules(modules)),
      ];
      return () => off.forEach((unsubscribe) => unsubscribe());
    },
    close: () => {
      if (ownsLogStore) void logs.close();
    },
  };
}
