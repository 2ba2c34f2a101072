// Conversions from the session core's and models' own types (bigint addresses, Uint8Array bytes,
// optional fields) to the IPC contract's plain-JSON shapes. Pure functions, tested on their own.
import {
  MAX_PROCESS_NAME,
  type ArchivedSession,
  type BreakpointRow,
  type CallStackFrame,
  type CoreRow,
  type DisassemblyLine,
  type InstructionRow,
  type EventRow,
  type LedgerWarning,
  type LinkStats,
  type LogEntry,
  type PausedContext,
  type PoolCount,
  type PoolsUpdate,
  type PreallocType,
  type SessionPhase,
} from '../../shared/ipc';
import type { EventRecord } from '../model/events-model';
import type { PoolAssessment, PoolLedgerSnapshot } from '../model/pool-ledger';
import type { CoreSighting } from '../model/core-roster';
import type { BreakpointListing, CallFrame, Instruction } from '../commands/builtin/views';
import { POOL_INTENTION_NAMES } from '../model/pool-state';
import type { StoredLog } from '../logs/log-database';
import type { ArchiveEntry } from '../logs/session-archive';
import type {
  FormattedInstruction,
  LinkTraffic,
  HaltContext,
  PausingReasonName,
  LinkState,
} from '../session/link';
import { lowPoolWarnings } from './pool-warnings';

const U64_MASK = (1n << 64n) - 1n;

export function u64Hex(value: bigint): string {
  return (value & U64_MASK).toString(16);
}

export function bytesHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function sessionPhase(state: LinkState): SessionPhase {
  return state === 'closed' ? 'disconnected' : state;
}

/**
 * PAUSED reason names of the session core, as the status bar says them: every reason a halt can
 * carry has one (NOT_PAUSED and UNKNOWN fall back to the lower-cased name).
 */
const REASON_TEXT: Partial<Record<PausingReasonName, string>> = {
  PAUSE: 'break-in',
  REQUEST_FROM_DEBUGGER: 'request from debugger',
  DEBUGGEE_STEPPED: 'step',
  DEBUGGEE_TRACKING_STEPPED: 'step (tracking)',
  SOFTWARE_BREAKPOINT_HIT: 'breakpoint',
  HARDWARE_DEBUG_REGISTER_HIT: 'hardware breakpoint',
  CORE_SWITCHED: 'core switched',
  PROCESS_SWITCHED: 'process switched',
  THREAD_SWITCHED: 'thread switched',
  COMMAND_EXECUTION_FINISHED: 'command finished',
  EVENT_TRIGGERED: 'event triggered',
  STARTING_MODULE_LOADED: 'starting module loaded',
  GENERAL_DEBUG_BREAK: 'debug break (user-mode debugger)',
  GENERAL_THREAD_INTERCEPTED: 'thread intercepted (user-mode debugger)',
  HARDWARE_BASED_GENERAL_BREAK: 'hardware-based break (hwdbg)',
} satisfies Record<Exclude<PausingReasonName, 'NOT_PAUSED' | 'UNKNOWN'>, string>;

function reasonText(name: PausingReasonName): string {
  return REASON_TEXT[name] ?? name.toLowerCase().replace(/_/g, ' ');
}

export function coreRow(sighting: CoreSighting): CoreRow {
  return {
    core: sighting.core,
    lastHaltRip: sighting.lastHalt ? u64Hex(sighting.lastHalt.rip) : null,
    lastHaltReason: sighting.lastHalt ? reasonText(sighting.lastHalt.reasonName) : null,
    logged: sighting.logged,
  };
}

export function disassemblyLine(line: FormattedInstruction, rip: bigint): DisassemblyLine {
  return {
    address: u64Hex(line.address),
    bytes: bytesHex(line.bytes.subarray(0, 16)),
    text: line.text,
    current: line.address === rip,
  };
}

export interface PausedExtras {
  /** Instructions around RIP (the session core decodes only the current one). */
  disassembly?: readonly FormattedInstruction[];
}

export function pausedContext(context: HaltContext, extras: PausedExtras = {}): PausedContext {
  const lines = extras.disassembly ?? (context.instruction ? [context.instruction] : []);
  const registers = Object.entries(
    context.registers?.values ?? { rip: context.rip, rflags: context.rflags },
  ).map(([name, value]) => ({ name, value: u64Hex(value) }));
  const isEvent = context.reasonName === 'EVENT_TRIGGERED';
  const thread = context.thread;
  return {
    core: context.core,
    processId: thread?.processId ?? null,
    threadId: thread?.threadId ?? null,
    // ImageFileName is a 15-character field; anything longer is not from a real EPROCESS.
    processName: thread ? thread.processName.slice(0, MAX_PROCESS_NAME) : null,
    process: thread ? u64Hex(thread.process) : null,
    thread: thread ? u64Hex(thread.thread) : null,
    reason: reasonText(context.reasonName),
    rip: u64Hex(context.rip),
    registers,
    disassembly: lines.map((line) => disassemblyLine(line, context.rip)),
    eventTag: isEvent ? Number(context.eventTag & 0xffffffffn) : null,
    stage: isEvent ? (context.eventStage === 2 ? 'post' : 'pre') : null,
  };
}

export function logEntry(record: StoredLog): LogEntry {
  return {
    id: record.id,
    time: record.arrivedAt,
    kind: record.kind,
    eventTag: record.eventTag ?? null,
    stage: record.stage ?? null,
    core: record.core ?? null,
    text: record.text,
  };
}

export function linkStats(stats: LinkTraffic, messagesPerSec: number, droppedFrames: number): LinkStats {
  return {
    bytesInPerSec: stats.bytesInPerSecond,
    bytesOutPerSec: stats.bytesOutPerSecond,
    messagesPerSec,
    droppedFrames,
    // Filled in by the batcher, which owns what the live view elided.
    elidedLogs: 0,
  };
}

export function eventRow(record: EventRecord): EventRow {
  const tag = Number(record.tag & 0xffffffffn);
  return {
    tag,
    id: record.id,
    type: record.commandName,
    // In words ("syscall 0x55", "leaf (eax) 0x1", "rw 0x1000..0x1fff (virtual)"), not raw parameters.
    target: record.parameterSummary ?? record.params.map((p) => u64Hex(p)).join(' '),
    stage: record.stage,
    pid: record.processId ?? null,
    core: record.coreId ?? null,
    immediate: record.actions.some((a) => a.immediateMessagePassing),
    shortCircuit: record.shortCircuiting,
    condition: record.conditionSize > 0 ? `${record.conditionSize} bytes of condition code` : null,
    actions: record.actions.map((a) => ({
      kind: a.kind,
      body: a.scriptSource ?? '',
      bufferSize: a.preAllocatedBuffer,
    })),
    state: record.state,
    hits: { pre: record.hits.pre, post: record.hits.post },
    commandText: record.commandText,
  };
}

export function poolCounts(snapshot: PoolLedgerSnapshot): PoolCount[] {
  return snapshot.counts.map((count, intention) => ({
    intention,
    name: POOL_INTENTION_NAMES[intention] ?? `INTENTION_${intention}`,
    free: count.free,
    inUse: count.inUse,
    pendingFree: count.pendingFree,
    total: count.total,
    pendingNew: snapshot.pendingNew[intention] ?? 0,
  }));
}

const PREALLOC_TYPES: readonly PreallocType[] = [
  'thread-interception',
  'monitor',
  'epthook',
  'epthook2',
  'regular-event',
  'big-event',
  'regular-safe-buffer',
  'big-safe-buffer',
];

/**
 * The ledger's prediction for an event that is not applied yet → structured warnings. Each
 * paragraph of the forecast text starting with `warning:` is one warning; the one about the
 * rejection carries the assessment's exact error code and every `prealloc` it needs.
 */
export function forecastWarnings(assessment: PoolAssessment, forecast: string | undefined): LedgerWarning[] {
  if (forecast === undefined) return [];
  const paragraphs: string[][] = [];
  for (const line of forecast.split('\n')) {
    if (line.startsWith('warning:') || paragraphs.length === 0) paragraphs.push([]);
    if (line.trim() !== '') paragraphs[paragraphs.length - 1].push(line);
  }
  const code = assessment.error?.toString(16);
  return paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines): LedgerWarning => {
      const text = lines.join('\n');
      const isRejection = code !== undefined && text.toLowerCase().includes(`0x${code}`);
      const remedy = isRejection
        ? assessment.remedies.flatMap(({ type, count }) => {
            const known = PREALLOC_TYPES.find((t) => t === type);
            return known ? [{ type: known, count }] : [];
          })
        : [];
      // The structured remedy replaces the ledger's "remedy:" and prealloc note lines, so a view
      // shows it once (as buttons with their own note).
      const message =
        remedy.length > 0
          ? lines.filter((line) => !/^(remedy:|note: 'prealloc')/.test(line)).join('\n')
          : text;
      return {
        severity: isRejection ? 'error' : 'warning',
        message,
        errorCode: isRejection ? assessment.error! : null,
        remedy,
      };
    });
}

export function callStackFrame(frame: CallFrame): CallStackFrame {
  return {
    slot: frame.slot,
    returnAddress: u64Hex(frame.returnAddress),
    callSite: u64Hex(frame.callSite),
    symbol: frame.symbol ?? null,
  };
}

export function breakpointRow(listing: BreakpointListing): BreakpointRow {
  return {
    id: listing.id,
    address: u64Hex(listing.address),
    enabled: listing.enabled,
    core: listing.core ?? null,
    pid: listing.pid ?? null,
    tid: listing.tid ?? null,
  };
}

/** `rip`: where the debuggee is paused, so that instruction is marked current. */
export function instructionRow(instruction: Instruction, rip: bigint | undefined): InstructionRow {
  return {
    address: u64Hex(instruction.address),
    bytes: bytesHex(instruction.bytes.subarray(0, 16)),
    text: instruction.text,
    symbol: instruction.symbol ?? null,
    current: instruction.address === rip,
    target: instruction.target === undefined ? null : u64Hex(instruction.target),
  };
}

/** Pools update for the renderer: counts, a warning for every empty or low event-slot pool, and the ledger's state warnings. */
export function poolsUpdate(snapshot: PoolLedgerSnapshot, refreshedAt: number | null): PoolsUpdate {
  const counts = poolCounts(snapshot);
  const warnings: LedgerWarning[] = lowPoolWarnings(counts);
  if (snapshot.stale) {
    warnings.push({
      severity: 'info',
      message:
        "the debuggee answered differently than the pool ledger predicted; run 'test pool' to refresh the counts",
      errorCode: null,
      remedy: [],
    });
  }
  if (snapshot.droppedRequests > 0) {
    warnings.push({
      severity: 'warning',
      message: `${snapshot.droppedRequests} pool replacement requests were lost because the debuggee's 300-slot queue was full`,
      errorCode: null,
      remedy: [],
    });
  }
  return { counts, warnings, refreshedAt };
}

/** An archived session as the Sessions list shows it (its status, not the time it ended). */
export function archivedSession({
  id,
  path,
  started,
  endpoint,
  rows,
  bytes,
  status,
}: ArchiveEntry): ArchivedSession {
  return { id, path, started, endpoint, rows, bytes, status };
}
