/**
 * The services the command layer uses and the layers below it implement (ports): settings, the
 * symbol resolver (electron/symbols), the script compiler (shared/script), the events model and
 * pool ledger (electron/model) and the log store (electron/logs). Declared here, below all of
 * them, so no implementer has to import the command layer; `electron/app` wires them together.
 */
import type { LogMessage, ModuleRecord, HaltContext } from '../session/link';
import type { PdbTypes } from '../../shared/pdb';

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

export interface DescribeAddressOptions {
  readonly moduleOffsetWithoutPdb?: boolean;
}

/** Symbols: `module!name`, `module+offset`, `name` → address; address → `module!name+0x..`. */
export interface SymbolResolver {
  resolveSymbol(expression: string): SymbolResolution;
  /**
   * `undefined` when no module/PDB covers the address. With `moduleOffsetWithoutPdb` an address in
   * a module without a PDB is named `module+0x..` (WinDbg's call-stack style, for the GUI and MCP);
   * the console commands leave it out, as HyperDbg's symbol map has only PDB symbols.
   */
  describeAddress(address: bigint, options?: DescribeAddressOptions): string | undefined;
  /** Called when the debuggee sent its module table (handshake or `.sym reload`). */
  setModules(modules: readonly ModuleRecord[]): void;
  /** The type information of a module's loaded PDB (`nt` for the kernel), for `dt`, `struct` and `.process list`. */
  types?(module: string): PdbTypes | undefined;
}

/** The compiled form of a HyperDbg script (array of 24-byte SYMBOL records). */
export type ScriptCompilation =
  | { readonly ok: true; readonly bytecode: Uint8Array; readonly symbolCount: number }
  | { readonly ok: false; readonly error: string };

/** One script compile session per debugging session, so globals are numbered like HyperDbg. */
export interface ScriptCompiler {
  compile(source: string): ScriptCompilation;
}

/** The live events model (electron/model/events-model.ts); the session feeds it, the GUI reads `snapshot()`. */
export interface EventsModel {
  /** New STARTED or lost link: forget all events, tags restart at 0x1000000. */
  reset(): void;
  observeLog(message: LogMessage): void;
  observePause(context: HaltContext): void;
  /** Continue sent: events cleared with `events c` are really removed now. */
  observeResume(): void;
}

/** The pool ledger (electron/model/pool-ledger.ts): predicts pre-allocated pool use; fed by `test pool` and `prealloc`. */
export interface PoolLedger {
  reset(): void;
}

/** The log store (electron/logs/log-store.ts, SQLite + FTS). The session appends every a41 message, none dropped. */
export interface LogStore {
  append(message: LogMessage): void;
  /**
   * Every halt (event triggers become stage-tagged records; later output gets the halt's stage).
   * Fed by the session wiring (`createSessionModels().attach`) and nobody else, so each trigger is stored once.
   */
  observePause?(context: HaltContext): void;
  /** The debuggee runs again (fed by the session wiring, like `observePause`). */
  observeResume?(): void;
}
