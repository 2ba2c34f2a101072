// Data shapes shared by requests, responses and pushed batches. Everything here is plain JSON so
// the same values travel over Electron's structured clone and over the browser-mode WebSocket.
// u64 values (addresses, registers) are lower-case hex strings without `0x`: a JS number would
// lose their upper bits.
import { z } from 'zod';
import {
  MAX_CHUNK_TEXT,
  MAX_ENDPOINT,
  MAX_MESSAGE,
  MAX_NAME,
  MAX_PATH,
  MAX_PROCESS_NAME,
  MAX_SEARCH_TEXT,
  MAX_SIGNATURE,
} from './limits';

/** A u64 as lower-case hex without prefix, e.g. `fffff80312345678`. */
export const U64Hex = z
  .string()
  .regex(/^[0-9a-f]{1,16}$/, 'expected lower-case hex of at most 16 digits, no 0x');
export type U64Hex = z.infer<typeof U64Hex>;

/** A byte string as lower-case hex, two digits per byte. */
export const hexBytes = (maxBytes: number) =>
  z
    .string()
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})*$/, 'expected lower-case hex, two digits per byte');

export const NonNegativeInt = z.int().nonnegative();
export const U32 = z.int().min(0).max(0xffff_ffff);

/**
 * The one endpoint syntax of the session core: `serial:COM2@115200`, `serial:/dev/ttyS0@115200`,
 * `pipe:\\.\pipe\com_1`, `unix:/path`, `tcp:HOST:PORT`, `sim`. Main parses it fully; this only
 * rejects text that cannot be any endpoint.
 */
export const EndpointText = z
  .string()
  .max(MAX_ENDPOINT)
  .regex(
    /^(?:sim|(?:serial|pipe|unix|tcp):.+)$/i,
    'expected sim, serial:PORT[@BAUD], pipe:\\\\.\\pipe\\NAME, unix:PATH or tcp:HOST:PORT',
  );

/** HyperDbg build signature, e.g. `0.2.0-20250312.1542` (checked for shape only; main compares it). */
export const BuildSignature = z
  .string()
  .max(MAX_SIGNATURE)
  .regex(/^[0-9A-Za-z.\-_]+$/, 'expected a build signature such as 0.2.0-20250312.1542');

export const FilePath = z.string().min(1).max(MAX_PATH);

// ---------------------------------------------------------------------------------------------
// Session state and handshake

export const SessionPhase = z.enum([
  'disconnected',
  'connecting', // opening the transport
  'handshaking', // waiting for the debuggee / PING exchange
  'running',
  'paused',
  'closing',
]);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const SessionState = z.strictObject({
  phase: SessionPhase,
  /** Endpoint text of the current (or last) link, null before the first connect. */
  endpoint: EndpointText.nullable(),
  /** Why the session is in this phase when that is not obvious (lost link, handshake stall...). */
  detail: z.string().max(MAX_MESSAGE).nullable(),
});
export type SessionState = z.infer<typeof SessionState>;

export const HandshakeStatus = z.strictObject({
  stage: z.enum(['idle', 'waiting-for-debuggee', 'signature-sent', 'started', 'stalled', 'failed']),
  /** Actionable hints from the session core, e.g. the two likely causes of a stall. */
  hints: z.array(z.string().max(MAX_MESSAGE)).max(16),
});
export type HandshakeStatus = z.infer<typeof HandshakeStatus>;

// ---------------------------------------------------------------------------------------------
// Paused context

export const RegisterValue = z.strictObject({
  name: z.string().min(1).max(MAX_NAME),
  value: U64Hex,
});
export type RegisterValue = z.infer<typeof RegisterValue>;

export const DisassemblyLine = z.strictObject({
  address: U64Hex,
  bytes: hexBytes(16),
  text: z.string().max(512),
  /** The instruction the debuggee is paused at. */
  current: z.boolean(),
});
export type DisassemblyLine = z.infer<typeof DisassemblyLine>;

export const PausedContext = z.strictObject({
  core: NonNegativeInt,
  /**
   * Current process and thread of the operating core; null when the session did not get them
   * (0 is a real id: the idle process).
   */
  processId: U32.nullable(),
  threadId: U32.nullable(),
  /** EPROCESS.ImageFileName (e.g. "System", "explorer.exe"); null when unknown. */
  processName: z.string().max(MAX_PROCESS_NAME).nullable(),
  /** nt!_EPROCESS and nt!_ETHREAD of that process and thread; null when unknown. */
  process: U64Hex.nullable(),
  thread: U64Hex.nullable(),
  /** PAUSED reason as text (e.g. "event triggered", "step", "pause (break-in)"). */
  reason: z.string().max(MAX_NAME * 2),
  rip: U64Hex,
  registers: z.array(RegisterValue).max(256),
  disassembly: z.array(DisassemblyLine).max(512),
  /** Tag of the event that halted the debuggee, when the reason is an event. */
  eventTag: U32.nullable(),
  stage: z.enum(['pre', 'post']).nullable(),
});
export type PausedContext = z.infer<typeof PausedContext>;

/** One call of the paused thread's stack (what `k` lists), innermost first. */
export const CallStackFrame = z.strictObject({
  /** Byte offset of the stack slot that holds the return address. */
  slot: NonNegativeInt,
  returnAddress: U64Hex,
  /** The call instruction before the return address. */
  callSite: U64Hex,
  /** `module!name+0x..` (or `module+0x..`) of the call site when symbols know it. */
  symbol: z.string().max(MAX_MESSAGE).nullable(),
});
export type CallStackFrame = z.infer<typeof CallStackFrame>;

/** One row of the debuggee's breakpoint table (what `bl` lists). */
export const BreakpointRow = z.strictObject({
  /** HyperDbg's breakpoint id (1, 2, 3 … per debuggee), the one `bc`/`bd`/`be` take. */
  id: U32,
  address: U64Hex,
  enabled: z.boolean(),
  /** The `bp` filters; null = every core / process / thread. */
  core: U32.nullable(),
  pid: U32.nullable(),
  tid: U32.nullable(),
});
export type BreakpointRow = z.infer<typeof BreakpointRow>;

/**
 * A core the session has heard of: HyperDbg v0.23 never sends the core count, so the list grows
 * as cores report (halts, switches, core-tagged log rows).
 */
export const CoreRow = z.strictObject({
  core: U32,
  /** RIP of the last halt on which this core was the operating one; null if it never was. */
  lastHaltRip: U64Hex.nullable(),
  /** That halt's reason as the status bar says it, e.g. "core switched". */
  lastHaltReason: z
    .string()
    .max(MAX_NAME * 2)
    .nullable(),
  /** Whether a log row named this core. */
  logged: z.boolean(),
});
export type CoreRow = z.infer<typeof CoreRow>;

/** One instruction of `debug:disassemble` (what `u` lists). */
export const InstructionRow = z.strictObject({
  address: U64Hex,
  bytes: hexBytes(16),
  text: z.string().max(512),
  /** `module!name+0x..` of the address when symbols know it. */
  symbol: z.string().max(MAX_MESSAGE).nullable(),
  /** The instruction the debuggee is paused at. */
  current: z.boolean(),
  /** Where a near call/jmp/jcc goes; null for other instructions. */
  target: U64Hex.nullable(),
});
export type InstructionRow = z.infer<typeof InstructionRow>;

// ---------------------------------------------------------------------------------------------
// Console

export const ConsoleChunk = z.strictObject({
  /** `echo` = the command line as typed, `output` = debugger/debuggee text, `error` = failures, `info` = studio notes. */
  stream: z.enum(['echo', 'output', 'error', 'info']),
  text: z.string().max(MAX_CHUNK_TEXT),
});
export type ConsoleChunk = z.infer<typeof ConsoleChunk>;

// ---------------------------------------------------------------------------------------------
// Logs

export const LogStage = z.enum(['pre', 'post']);
export const LogEntry = z.strictObject({
  /** Store row id: stable, strictly increasing in arrival order. */
  id: NonNegativeInt,
  /** Arrival time, ms since the Unix epoch. */
  time: z.number().nonnegative(),
  /** Log kind (e.g. `info`, `error`, `warning`, `event-output`), as the log store classifies it. */
  kind: z.string().max(MAX_NAME),
  eventTag: U32.nullable(),
  stage: LogStage.nullable(),
  core: NonNegativeInt.nullable(),
  text: z.string().max(MAX_CHUNK_TEXT),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const LogFilter = z.strictObject({
  stage: z.enum(['pre', 'post', 'all']),
  eventTag: U32.optional(),
  core: NonNegativeInt.optional(),
  /** Text to look for; `fts` uses the store's full-text index, `substring` a plain contains. */
  /** Only rows of these kinds (`info`, `warning`, `error`, `batch`, `event`, `halt`, `trigger`). */
  kinds: z.array(z.string().max(MAX_NAME)).max(8).optional(),
  /** Arrival time bounds, ms since the Unix epoch, inclusive. */
  since: z.number().nonnegative().optional(),
  until: z.number().nonnegative().optional(),
  /**
   * Text to look for: `substring` is a true contains (trigram index, case-insensitive), `fts`
   * words/phrases/prefix* of the word index, `regex` a JavaScript regular expression (a scan).
   */
  text: z.string().max(MAX_SEARCH_TEXT).optional(),
  textMode: z.enum(['substring', 'fts', 'regex']).optional(),
});
export type LogFilter = z.infer<typeof LogFilter>;

/** Which stored session a logs call reads: an archived session's id, or null for the live one. */
export const LogSessionId = z
  .string()
  .max(MAX_NAME * 4)
  .regex(/^[A-Za-z0-9._-]+$/)
  .nullable();

const StageCounts = z.strictObject({ pre: NonNegativeInt, post: NonNegativeInt, none: NonNegativeInt });

/** Live session's rows per stage and event, kept by main as rows arrive (the pane never counts). */
export const LogCounts = z.strictObject({
  total: NonNegativeInt,
  byStage: StageCounts,
  byEvent: z.array(z.strictObject({ tag: U32, counts: StageCounts })).max(10_000),
  /** Why storing stopped (disk full, unwritable folder), or null while it works. */
  storageStopped: z.string().max(MAX_MESSAGE).nullable(),
  /** Rows shown live but not stored: after storing stopped, or while the store's database lagged too far. */
  notStored: NonNegativeInt,
});
export type LogCounts = z.infer<typeof LogCounts>;

export const ArchivedSession = z.strictObject({
  id: z.string().max(MAX_NAME * 4),
  path: z.string().max(MAX_PATH),
  started: z.number().nonnegative(),
  endpoint: z.string().max(MAX_PATH),
  rows: NonNegativeInt,
  bytes: NonNegativeInt,
  /** `live`: being written; `recovered`: left open by a crash and recovered at a later start. */
  status: z.enum(['live', 'ended', 'recovered']),
});
export type ArchivedSession = z.infer<typeof ArchivedSession>;

// ---------------------------------------------------------------------------------------------
// Events model

/** What an event does when it triggers: halt, run a script, or run assembled code. */
export const ActionKind = z.enum(['break', 'script', 'code']);
export type ActionKind = z.infer<typeof ActionKind>;

export const EventAction = z.strictObject({
  kind: ActionKind,
  /** Script source for `script { }`, hex bytes for `code { }`, empty for break. */
  body: z.string().max(MAX_CHUNK_TEXT),
  /** Requested safe buffer (`buffer N`), 0 when none. */
  bufferSize: NonNegativeInt,
});
export type EventAction = z.infer<typeof EventAction>;

export const EventRow = z.strictObject({
  /** Tag the debugger allocated (HyperDbg starts at 0x1000000). */
  tag: U32,
  /** The id `events` shows (tag minus the seed). */
  id: NonNegativeInt,
  /** Command name, e.g. `!epthook`, `!monitor`. */
  type: z.string().max(MAX_NAME),
  /** Address, symbol or parameters as given. */
  target: z.string().max(MAX_MESSAGE),
  stage: z.enum(['pre', 'post', 'all']).nullable(),
  pid: U32.nullable(),
  core: NonNegativeInt.nullable(),
  immediate: z.boolean(),
  shortCircuit: z.boolean(),
  condition: z.string().max(MAX_CHUNK_TEXT).nullable(),
  actions: z.array(EventAction).max(64),
  state: z.enum(['enabled', 'disabled', 'clear-pending']),
  hits: z.strictObject({ pre: NonNegativeInt, post: NonNegativeInt }),
  /** The exact command text that created the event. */
  commandText: z.string().max(MAX_CHUNK_TEXT),
});
export type EventRow = z.infer<typeof EventRow>;

/** Events reach the renderer as a full snapshot (on connect/reload) or as upserts and removals. */
export const EventsUpdate = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('snapshot'), events: z.array(EventRow).max(10_000) }),
  z.strictObject({
    kind: z.literal('diff'),
    upserts: z.array(EventRow).max(10_000),
    removedTags: z.array(U32).max(10_000),
  }),
]);
export type EventsUpdate = z.infer<typeof EventsUpdate>;

// ---------------------------------------------------------------------------------------------
// Pools

/** POOL_ALLOCATION_INTENTION of v0.23 (0..0xb). */
export const PoolIntention = z.int().min(0).max(0xb);

export const PoolCount = z.strictObject({
  intention: PoolIntention,
  /** Enum name, e.g. `INSTANT_REGULAR_EVENT_BUFFER`. */
  name: z.string().max(MAX_NAME),
  free: NonNegativeInt,
  inUse: NonNegativeInt,
  pendingFree: NonNegativeInt,
  total: NonNegativeInt,
  /** Takes the ledger predicts for the events applied since the last drain. */
  pendingNew: NonNegativeInt,
});
export type PoolCount = z.infer<typeof PoolCount>;

/** `prealloc` type words of v0.23. */
export const PreallocType = z.enum([
  'thread-interception',
  'monitor',
  'epthook',
  'epthook2',
  'regular-event',
  'big-event',
  'regular-safe-buffer',
  'big-safe-buffer',
]);
export type PreallocType = z.infer<typeof PreallocType>;

export const LedgerWarning = z.strictObject({
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string().max(MAX_MESSAGE),
  /** The NTSTATUS-style code that would happen, e.g. 0xc0000042. */
  errorCode: U32.nullable(),
  /** Exact `prealloc` commands that prevent it (running them resumes the debuggee). */
  remedy: z.array(z.strictObject({ type: PreallocType, count: U32 })).max(8),
});
export type LedgerWarning = z.infer<typeof LedgerWarning>;

export const PoolsUpdate = z.strictObject({
  counts: z.array(PoolCount).max(12),
  warnings: z.array(LedgerWarning).max(64),
  /** When `test pool` last refreshed the counts (ms epoch), null before the first refresh. */
  refreshedAt: z.number().nonnegative().nullable(),
});
export type PoolsUpdate = z.infer<typeof PoolsUpdate>;

// ---------------------------------------------------------------------------------------------
// Link statistics

export const LinkStats = z.strictObject({
  bytesInPerSec: z.number().nonnegative(),
  bytesOutPerSec: z.number().nonnegative(),
  messagesPerSec: z.number().nonnegative(),
  /** Frames the decoder discarded (bad checksum, oversize, garbage). */
  droppedFrames: NonNegativeInt,
  /** Log lines stored but not pushed live because the live tail was over its cap (read them by query). */
  elidedLogs: NonNegativeInt,
});
export type LinkStats = z.infer<typeof LinkStats>;

/** Link statistics before any byte has moved. */
export const EMPTY_LINK_STATS: LinkStats = Object.freeze({
  bytesInPerSec: 0,
  bytesOutPerSec: 0,
  messagesPerSec: 0,
  droppedFrames: 0,
  elidedLogs: 0,
});

// ---------------------------------------------------------------------------------------------
// Settings and misc

export const RecentConnection = z.strictObject({
  endpoint: EndpointText,
  signature: BuildSignature.nullable(),
  lastUsed: z.number().nonnegative(),
});

/**
 * How long the session archive keeps logs (applied when a session starts and when changed); 0
 * lifts a limit. The oldest ended sessions go first; the one being recorded never does.
 */
export const LogRetention = z.strictObject({
  /** Keep at most this many sessions. */
  maxSessions: NonNegativeInt.max(1_000_000),
  /** Delete ended sessions older than this many days. */
  maxAgeDays: NonNegativeInt.max(36_500),
  /** Keep the archive under this many MB in total. */
  maxTotalMb: NonNegativeInt.max(1_000_000_000),
  /** Stop storing when the archive's disk has less than this many MB free. */
  minFreeMb: NonNegativeInt.max(1_000_000_000),
});
export type LogRetention = z.infer<typeof LogRetention>;

export const Settings = z.strictObject({
  defaultSignature: BuildSignature.nullable(),
  recentConnections: z.array(RecentConnection).max(20),
  symbolPath: z.string().max(MAX_PATH).nullable(),
  /** Let `.sym download` fetch missing PDBs from the symbol path's servers (network access: opt-in). */
  symbolDownload: z.boolean(),
  logRetention: LogRetention,
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  defaultSignature: null,
  recentConnections: [],
  symbolPath: null,
  symbolDownload: false,
  logRetention: { maxSessions: 100, maxAgeDays: 30, maxTotalMb: 4096, minFreeMb: 512 },
};

export const SerialPortInfo = z.strictObject({
  path: z.string().max(MAX_PATH),
  friendlyName: z.string().max(MAX_MESSAGE).nullable(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfo>;

export const SignatureCandidate = z.strictObject({
  signature: BuildSignature,
  /** File inside the folder where the signature string was found. */
  file: z.string().max(MAX_PATH),
});
export type SignatureCandidate = z.infer<typeof SignatureCandidate>;
