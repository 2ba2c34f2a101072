// The contract: every invoke channel (renderer → main, with a response) and every pushed channel
// (main → renderer). Both sides validate against these schemas; nothing else crosses the boundary.
import { z } from 'zod';
import {
  MAX_COMMAND_TEXT,
  MAX_LOG_PAGE,
  MAX_MEMORY_READ,
  MAX_MEMORY_WRITE,
  MAX_NAME,
  MAX_MESSAGE,
  MAX_BATCH_ITEMS,
  MAX_PATH,
  MAX_BREAKPOINT_ROWS,
  MAX_CORE_ROWS,
  MAX_CALLSTACK_FRAMES,
  MAX_DISASSEMBLY_LINES,
  MAX_SYMBOL_COMPLETIONS,
  MAX_SYMBOL_PREFIX,
} from './limits';
import {
  BreakpointRow,
  BuildSignature,
  CallStackFrame,
  ConsoleChunk,
  CoreRow,
  EndpointText,
  EventRow,
  EventsUpdate,
  FilePath,
  HandshakeStatus,
  InstructionRow,
  LedgerWarning,
  LinkStats,
  ArchivedSession,
  LogCounts,
  LogEntry,
  LogFilter,
  LogSessionId,
  NonNegativeInt,
  PausedContext,
  PoolsUpdate,
  PreallocType,
  SerialPortInfo,
  SessionState,
  Settings,
  SignatureCandidate,
  U32,
  U64Hex,
  hexBytes,
} from './model';

const Empty = z.strictObject({});

export const SessionSnapshot = z.strictObject({
  state: SessionState,
  handshake: HandshakeStatus,
  paused: PausedContext.nullable(),
  events: z.array(EventRow).max(10_000),
  pools: PoolsUpdate,
  /** The debuggee's breakpoint table as of the last breakpoint command (what `bl` would list). */
  breakpoints: z.array(BreakpointRow).max(MAX_BREAKPOINT_ROWS),
  /** Every core the session has heard of, lowest first. */
  cores: z.array(CoreRow).max(MAX_CORE_ROWS),
  link: LinkStats,
  /** Id of the newest stored log row, so the renderer can page backwards from the tail. */
  lastLogId: NonNegativeInt.nullable(),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshot>;

/** Outcome of one console command: output itself streams through `SessionBatch.console`. */
export const CommandOutcome = z.strictObject({
  ok: z.boolean(),
  /** HyperDbg's (or a clearer) error message when `ok` is false. */
  message: z.string().max(MAX_MESSAGE).nullable(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;

export const MemoryKind = z.enum(['virtual', 'physical']);

/** A register as HyperDbg's `r` names it: lower case, no `@`. */
const RegisterName = z.string().regex(/^[a-z][a-z0-9]{0,15}$/);
/** Processes or threads per list answer. */
const MAX_LIST_ROWS = 65_536;
/** Registers per `registers:read` (HyperDbg v0.23 has 120 register ids). */
const MAX_REGISTER_READS = 32;
export type MemoryKind = z.infer<typeof MemoryKind>;

export const requestChannels = {
  /** Serial ports for the endpoint builder. */
  'ports:list': { request: Empty, response: z.strictObject({ ports: z.array(SerialPortInfo).max(512) }) },
  /** Open the link and run the handshake; resolves when the session is running or paused. */
  'session:connect': {
    request: z.strictObject({ endpoint: EndpointText, signature: BuildSignature.nullable() }),
    response: CommandOutcome,
  },
  /** Scan a HyperDbg installation folder for build signatures; every candidate is reported. */
  'session:detect-signature': {
    request: z.strictObject({ folder: FilePath }),
    response: z.strictObject({ candidates: z.array(SignatureCandidate).max(64) }),
  },
  /** Close the session like `.debug close` (the debuggee is resumed, never left frozen). */
  'session:disconnect': { request: Empty, response: CommandOutcome },
  /**
   * End the session here without waiting for the debuggee (it may be frozen): every wait fails,
   * the port is freed, the console says what state the debuggee may be left in.
   */
  'session:force-disconnect': { request: Empty, response: CommandOutcome },
  /** Everything the renderer needs after a (re)load, so a browser tab can join a running session. */
  'session:snapshot': { request: Empty, response: SessionSnapshot },
  /** Run console text exactly as hyperdbg-cli would. */
  'console:execute': {
    request: z.strictObject({ text: z.string().min(1).max(MAX_COMMAND_TEXT) }),
    response: CommandOutcome,
  },
  /** Break in (Ctrl+Break). */
  'debug:pause': { request: Empty, response: CommandOutcome },
  /** Shortcut actions: F5 `g`, F10 `p`, F11 `t`, Shift+F11 `gu`. */
  'debug:run': {
    request: z.strictObject({ action: z.enum(['go', 'step-over', 'step-into', 'step-out']) }),
    response: CommandOutcome,
  },
  /** The paused thread's calls (the data of `k`), read without printing to the console. */
  'debug:callstack': {
    request: Empty,
    response: z.strictObject({ frames: z.array(CallStackFrame).max(MAX_CALLSTACK_FRAMES) }),
  },
  /**
   * Evaluates an address expression the way HyperDbg reads an address argument (`db @rsp+8`):
   * a number, else `module!name`, else an expression run on the paused debuggee. The error is
   * HyperDbg's message (plus a hint when we know more); nothing is printed to the console.
   */
  'expr:evaluate': {
    request: z.strictObject({ text: z.string().min(1).max(MAX_COMMAND_TEXT) }),
    response: z.discriminatedUnion('ok', [
      z.strictObject({ ok: z.literal(true), value: U64Hex }),
      z.strictObject({ ok: z.literal(false), error: z.string().max(MAX_MESSAGE) }),
    ]),
  },
  /** `count` instructions from `address` (the data of `u`), plus `before` ones leading to it, read without printing to the console. */
  'debug:disassemble': {
    request: z.strictObject({
      address: U64Hex,
      count: z.int().min(1).max(MAX_DISASSEMBLY_LINES),
      /** Instructions before `address` to include first (decoded from the function start). */
      before: z.int().min(0).max(MAX_DISASSEMBLY_LINES).optional(),
    }),
    response: z.strictObject({ lines: z.array(InstructionRow).max(MAX_DISASSEMBLY_LINES) }),
  },
  /**
   * Console completion of `module!name`: module names (as `name!`) matching a prefix without `!`,
   * public symbols of the named module after it; at most `limit`, sorted.
   */
  'symbols:complete': {
    request: z.strictObject({
      prefix: z
        .string()
        .min(1)
        .max(MAX_SYMBOL_PREFIX)
        .regex(/^[^\s*?]+$/, 'expected a word without spaces or wildcards'),
      limit: z.int().min(1).max(MAX_SYMBOL_COMPLETIONS),
    }),
    response: z.strictObject({
      names: z.array(z.string().max(MAX_SYMBOL_PREFIX * 2)).max(MAX_SYMBOL_COMPLETIONS),
      /** More names matched than `limit`. */
      truncated: z.boolean(),
    }),
  },
  /** `module!name+0x..` (or `module+0x..`) for each address symbols know; null elsewhere. */
  'symbols:describe': {
    request: z.strictObject({
      addresses: z
        .array(U64Hex)
        .min(1)
        .max(MAX_MEMORY_READ / 4),
    }),
    response: z.strictObject({
      names: z.array(z.string().max(MAX_MESSAGE).nullable()).max(MAX_MEMORY_READ / 4),
    }),
  },
  'memory:read': {
    request: z.strictObject({
      kind: MemoryKind,
      address: U64Hex,
      length: z.int().min(1).max(MAX_MEMORY_READ),
    }),
    response: z.strictObject({
      address: U64Hex,
      /** Bytes read; shorter than requested when the range crosses into unreadable memory. */
      bytes: hexBytes(MAX_MEMORY_READ),
      message: z.string().max(MAX_MESSAGE).nullable(),
    }),
  },
  'memory:write': {
    request: z.strictObject({ kind: MemoryKind, address: U64Hex, bytes: hexBytes(MAX_MEMORY_WRITE).min(2) }),
    response: CommandOutcome,
  },
  /**
   * Registers the paused context does not carry (control, debug, descriptor-table, task), read
   * from the debuggee one by one as `r NAME` does; a refused one carries HyperDbg's message.
   */
  'registers:read': {
    request: z.strictObject({ names: z.array(RegisterName).min(1).max(MAX_REGISTER_READS) }),
    response: z.strictObject({
      registers: z
        .array(
          z.strictObject({
            name: RegisterName,
            value: U64Hex.nullable(),
            error: z.string().max(MAX_MESSAGE).nullable(),
          }),
        )
        .max(MAX_REGISTER_READS),
    }),
  },
  /** The debuggee's processes (the data of `.process list`; needs the kernel's PDB). */
  'debug:processes': {
    request: Empty,
    response: z.strictObject({
      processes: z
        .array(z.strictObject({ process: U64Hex, pid: U32, cr3: U64Hex, name: z.string().max(MAX_NAME) }))
        .max(MAX_LIST_ROWS),
    }),
  },
  /** The current process's threads (the data of `.thread list`). */
  'debug:threads': {
    request: Empty,
    response: z.strictObject({
      threads: z.array(z.strictObject({ thread: U64Hex, pid: U32, tid: U32 })).max(MAX_LIST_ROWS),
    }),
  },
  'registers:write': {
    request: z.strictObject({ name: RegisterName, value: U64Hex }),
    response: CommandOutcome,
  },
  /**
   * A page of stored logs by keyset, oldest first: rows after `afterId` (from the start when both
   * ids are null) or the newest rows before `beforeId`. With a `requestId` the call can be
   * cancelled (`logs:cancel`) and reports progress (`logs:progress`).
   */
  'logs:query': {
    request: z.strictObject({
      session: LogSessionId,
      filter: LogFilter,
      afterId: NonNegativeInt.nullable(),
      beforeId: NonNegativeInt.nullable(),
      limit: z.int().min(1).max(MAX_LOG_PAGE),
      requestId: NonNegativeInt.nullable(),
    }),
    response: z.strictObject({ entries: z.array(LogEntry).max(MAX_LOG_PAGE) }),
  },
  /** Rows matching a filter (stage/event/kind filters come from counters; others are counted). */
  'logs:count': {
    request: z.strictObject({
      session: LogSessionId,
      filter: LogFilter,
      requestId: NonNegativeInt.nullable(),
    }),
    response: z.strictObject({ total: NonNegativeInt }),
  },
  /** Gives up a query, count or export still running; it fails with "cancelled". */
  'logs:cancel': { request: z.strictObject({ requestId: NonNegativeInt }), response: Empty },
  /**
   * Export the logs matching a filter, streamed in the store's thread. With `path`, main writes
   * there (Electron's save dialog gives it, `logs:choose-export-path`); without, main writes to its
   * export folder and returns where, plus a download URL in browser mode.
   */
  'logs:export': {
    request: z.strictObject({
      session: LogSessionId,
      format: z.enum(['jsonl', 'csv']),
      filter: LogFilter,
      path: FilePath.nullable(),
      requestId: NonNegativeInt.nullable(),
    }),
    response: z.strictObject({
      count: NonNegativeInt,
      path: z.string().max(MAX_PATH),
      downloadUrl: z.string().max(MAX_PATH).nullable(),
    }),
  },
  /** Asks the user where to save an export (Electron's save dialog); null: cancelled or no dialog (browser). */
  'logs:choose-export-path': {
    request: z.strictObject({ format: z.enum(['jsonl', 'csv']) }),
    response: z.strictObject({ path: z.string().max(MAX_PATH).nullable(), available: z.boolean() }),
  },
  /** The session archive, newest first, and where it lives. */
  'logs:sessions': {
    request: Empty,
    response: z.strictObject({
      folder: z.string().max(MAX_PATH),
      sessions: z.array(ArchivedSession).max(10_000),
    }),
  },
  /** Deletes an archived session's file (not the live one). */
  'logs:delete-session': {
    request: z.strictObject({ session: z.string().max(MAX_NAME * 4) }),
    response: Empty,
  },
  /** `events e|d|c ID|all`. */
  'events:modify': {
    request: z.strictObject({
      action: z.enum(['enable', 'disable', 'clear']),
      tag: z.union([U32, z.literal('all')]),
    }),
    response: CommandOutcome,
  },
  /** Run `test pool` and return the parsed counts (also pushed in the next batch). */
  'pool:refresh': { request: Empty, response: PoolsUpdate },
  /**
   * What the pool ledger predicts for an event command before it is applied (the designer's
   * headroom check): warnings with the error code it would hit and the `prealloc` remedy.
   */
  'pool:forecast': {
    request: z.strictObject({ commandText: z.string().min(1).max(MAX_COMMAND_TEXT) }),
    response: z.strictObject({ warnings: z.array(LedgerWarning).max(16) }),
  },
  /**
   * `prealloc TYPE COUNT`; `count` is a number (main writes it in hex on the command line, the
   * way HyperDbg reads a bare count). It resumes the debuggee until the pools are allocated.
   */
  'pool:prealloc': {
    request: z.strictObject({ type: PreallocType, count: z.int().min(1).max(0xffff) }),
    response: CommandOutcome,
  },
  'settings:get': { request: Empty, response: Settings },
  /** Merge a partial settings object; returns the stored result. */
  'settings:set': { request: z.strictObject({ patch: Settings.partial() }), response: Settings },
} as const;

export type RequestChannel = keyof typeof requestChannels;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['response']>;

export const REQUEST_CHANNELS = Object.keys(requestChannels) as RequestChannel[];

/**
 * Everything that changed in the session since the previous batch. Fields are absent (undefined)
 * when unchanged; list fields are empty when nothing arrived. One batch per ≈16 ms at most.
 */
export const SessionBatch = z.strictObject({
  /** Strictly increasing per host; a gap means the renderer missed batches and should re-snapshot. */
  seq: NonNegativeInt,
  state: SessionState.optional(),
  /** New paused context, or null when the debuggee resumed. */
  paused: PausedContext.nullable().optional(),
  handshake: HandshakeStatus.optional(),
  console: z.array(ConsoleChunk).max(MAX_BATCH_ITEMS),
  /** Live tail only; anything not here is still in the store (see `link.elidedLogs`). */
  logs: z.array(LogEntry).max(MAX_BATCH_ITEMS),
  /** The live session's row counters, when they changed. */
  logCounts: LogCounts.optional(),
  events: EventsUpdate.optional(),
  pools: PoolsUpdate.optional(),
  /** The whole breakpoint table, after a command changed it (bp, bc, bd, be) or a new session. */
  breakpoints: z.array(BreakpointRow).max(MAX_BREAKPOINT_ROWS).optional(),
  /** The whole core list, after a core was first heard of or halted at a new place. */
  cores: z.array(CoreRow).max(MAX_CORE_ROWS).optional(),
  link: LinkStats.optional(),
});
export type SessionBatch = z.infer<typeof SessionBatch>;

/**
 * A menu item or global shortcut of the Electron shell, routed to the renderer so it runs the same
 * action (with the same console echo and history) as its toolbar button.
 */
export const UiAction = z.strictObject({
  action: z.enum([
    'go',
    'step-over',
    'step-into',
    'step-out',
    'pause',
    'run-script',
    'focus-console',
    'open-connect',
  ]),
});
export type UiAction = z.infer<typeof UiAction>;

/** Progress of a long logs call that carries a `requestId`: `done` of `total` rows or ids. */
export const LogProgress = z.strictObject({
  requestId: NonNegativeInt,
  done: NonNegativeInt,
  total: NonNegativeInt,
});

export const pushChannels = {
  'session:batch': SessionBatch,
  'ui:action': UiAction,
  'logs:progress': LogProgress,
} as const;
export type PushChannel = keyof typeof pushChannels;
export type PushOf<C extends PushChannel> = z.output<(typeof pushChannels)[C]>;
