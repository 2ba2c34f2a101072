/**
 * How commands plug into the dispatcher (`electron/commands/dispatcher.ts`).
 *
 * A command line is tokenized with HyperDbg's rules (`electron/commands/tokenizer.ts`: spaces
 * separate, `"..."` quotes, `{ ... }` blocks kept verbatim for scripts, comments dropped), the
 * first token picks a `CommandHandler` by name (case-insensitive), and the handler runs with a
 * `CommandContext`. Handlers validate everything before sending: bad input must never reach the
 * wire, so a handler returns `fail(...)` before calling the link.
 *
 * Part B (event commands, events model, pool ledger, log store, symbols) implements the model
 * interfaces below and registers its handlers with `registry.register(handler)`.
 */
import type { DebuggeeLink, LogMessage, ModuleRecord, PausedContext } from '../session/link';

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
export type CommandOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

export const succeed = (): CommandOutcome => ({ ok: true });
/** A failed command; `error` is printed as the command's last line (HyperDbg's wording or clearer). */
export const fail = (error: string): CommandOutcome => ({ ok: false, error });

/** HyperDbg's `settings` (plus our own link settings), shared by the whole session. */
export interface SessionSettings {
  /** `settings autounpause on|off` (HyperDbg default on). */
  autoUnpause: boolean;
  /** `settings autoflush on|off` (default off). */
  autoFlush: boolean;
  /** `settings syntax intel|att|masm` (default intel). */
  syntax: 'intel' | 'att' | 'masm';
  /** `settings addressconversion on|off` (default on): `module!symbol+0x..:` lines. */
  addressConversion: boolean;
  /** Our timeout for a request that stays paused. */
  requestTimeoutMs: number;
  /** Read all registers right after every halt so the paused context is complete. */
  fetchRegistersOnPause: boolean;
  /** Ask for the current process/thread (`.thread` details) after every halt, for the paused context. */
  fetchThreadDetailsOnPause: boolean;
}

/** `resolveSymbol` outcome: a value, or why the name did not resolve (shown to the user). */
export type SymbolResolution =
  { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly error: string };

/** Part B: `module!name`, `module+offset`, `name` → address; address → `module!name+0x..`. */
export interface SymbolResolver {
  resolveSymbol(expression: string): SymbolResolution;
  /** `undefined` when no module/PDB covers the address. */
  describeAddress(address: bigint): string | undefined;
  /** Called when the debuggee sent its module table (handshake or `.sym reload`). */
  setModules(modules: readonly ModuleRecord[]): void;
}

/** The compiled form of a HyperDbg script (array of 24-byte SYMBOL records). */
export type ScriptCompilation =
  | { readonly ok: true; readonly bytecode: Uint8Array; readonly symbolCount: number }
  | { readonly ok: false; readonly error: string };

/** One script compile session per debugging session, so globals are numbered like HyperDbg. */
export interface ScriptCompiler {
  compile(source: string): ScriptCompilation;
}

/** Part B's live events model; the session feeds it, the GUI reads `snapshot()`. */
export interface EventsModel {
  /** New STARTED or lost link: forget all events, tags restart at 0x1000000. */
  reset(): void;
  observeLog(message: LogMessage): void;
  observePause(context: PausedContext): void;
  /** Continue sent: events cleared with `events c` are really removed now. */
  observeResume(): void;
}

/** Part B's pool ledger (predicts pre-allocated pool use; fed by `test pool` and `prealloc`). */
export interface PoolLedger {
  reset(): void;
}

/** Part B's log store (SQLite + FTS). The session appends every a41 message, none dropped. */
export interface LogStore {
  append(message: LogMessage): void;
  /**
   * Every halt (event triggers become stage-tagged records; later output gets the halt's stage).
   * Fed by the session wiring (`createSessionModels().attach`) and nobody else, so each trigger is stored once.
   */
  observePause?(context: PausedContext): void;
  /** The debuggee runs again (fed by the session wiring, like `observePause`). */
  observeResume?(): void;
}

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
  execute(commandLine: string): Promise<CommandOutcome>;
}

/** Which session state a command needs; the dispatcher refuses it otherwise with HyperDbg's text. */
export type CommandRequirement = 'paused' | 'connected' | 'any';

export interface CommandHandler {
  /** First name is the canonical one; the rest are aliases (all lower-case). */
  readonly names: readonly string[];
  /** One-line help shown by `help` / `.help`. */
  readonly help: string;
  readonly requires: CommandRequirement;
  run(command: ParsedCommand, ctx: CommandContext): Promise<CommandOutcome>;
}

export interface CommandRegistry {
  /** Throws when a name is already taken (a programming error, caught by the tests). */
  register(handler: CommandHandler): void;
  lookup(name: string): CommandHandler | undefined;
  list(): readonly CommandHandler[];
}
