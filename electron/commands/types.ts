/**
 * How commands plug into the dispatcher (`electron/commands/dispatcher.ts`).
 *
 * A command line is tokenized with HyperDbg's rules (`electron/commands/tokenizer.ts`: spaces
 * separate, `"..."` quotes, `{ ... }` blocks kept verbatim for scripts, comments dropped), the
 * first token picks a `CommandHandler` by name (case-insensitive), and the handler runs with a
 * `CommandContext`. Handlers validate everything before sending: bad input must never reach the
 * wire, so a handler returns `fail(...)` before calling the link.
 *
 * The services a handler reaches through its context (events model, pool ledger, log store,
 * symbols, script compiler) are ports declared in `electron/ports/services.ts`; the layers below
 * implement them and `electron/app` wires them in.
 */
import type { ConsoleLog } from './console-log';
import type { DebuggeeLink } from '../session/link';
import type {
  EventsModel,
  LogStore,
  PoolLedger,
  ScriptCompiler,
  SessionSettings,
  SymbolResolver,
} from '../ports/services';

/** One token of a command line. */
export interface CommandToken {
  /** `word`: bare text; `quoted`: was inside "..."; `block`: was inside { ... } (braces removed). */
  readonly kind: 'word' | 'quoted' | 'block';
  /** The token's text: quotes / outer braces removed, block content verbatim. */
  readonly text: string;
}

export interface ParsedCommand {
  /** Lower-cased command name (first token). */
  readonly name: string;
  /** Tokens after the name. */
  readonly args: readonly CommandToken[];
  /** The whole line as typed (event commands keep it for the `events` list). */
  readonly raw: string;
}

/** Result of one command. `ok: false` makes `hds connect --exec` exit non-zero. */
export type HandlerOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

export const succeed = (): HandlerOutcome => ({ ok: true });
/** A failed command; `error` is printed as the command's last line (HyperDbg's wording or clearer). */
export const fail = (error: string): HandlerOutcome => ({ ok: false, error });

/** Everything a handler may use. */
export interface CommandContext {
  readonly link: DebuggeeLink;
  /** Print text exactly as HyperDbg would (include the trailing newline yourself). */
  output(text: string): void;
  readonly settings: SessionSettings;
  readonly symbols: SymbolResolver;
  readonly script: ScriptCompiler;
  readonly events: EventsModel;
  readonly pools: PoolLedger;
  readonly logs: LogStore;
  /** Runs another command line through the dispatcher (`.script` files, `gu` loops). */
  execute(commandLine: string): Promise<HandlerOutcome>;
  /** `.logopen`'s file (everything printed is also written there while it is open). */
  readonly consoleLog: ConsoleLog;
  /**
   * Waits `ms` milliseconds here on the debugger (`sleep`), any length up to 0xffffffff. Resolves
   * true when the time passed, false when the wait was interrupted (Ctrl+C, Break, disconnect).
   */
  wait(ms: number): Promise<boolean>;
  /**
   * Runs a step walk (`p`/`t`/`i` with a count, `gu`, `!track`) that Ctrl+C may end: the body checks
   * `stopRequested()` after each step and ends the walk there, as HyperDbg checks its
   * "instrumenting instructions" flag.
   */
  walk<T>(body: (stopRequested: () => boolean) => Promise<T>): Promise<T>;
}

/** Which session state a command needs; the dispatcher refuses it otherwise with HyperDbg's text. */
export type CommandRequirement = 'paused' | 'connected' | 'any';

export interface CommandHandler {
  /** First name is the canonical one; the rest are aliases (all lower-case). */
  readonly names: readonly string[];
  /** One-line help shown by `help` / `.help`. */
  readonly help: string;
  readonly requires: CommandRequirement;
  run(command: ParsedCommand, ctx: CommandContext): Promise<HandlerOutcome>;
}

export interface CommandRegistry {
  /** Throws when a name is already taken (a programming error, caught by the tests). */
  register(handler: CommandHandler): void;
  lookup(name: string): CommandHandler | undefined;
  list(): readonly CommandHandler[];
}
