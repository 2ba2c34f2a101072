// Conversions from the session core's and models' own types (bigint addresses, Uint8Array bytes,
// optional fields) to the IPC contract's plain-JSON shapes. Pure functions, tested on their own.
import type {
  DisassemblyLine as IpcDisassemblyLine,
  EventRow,
  LedgerWarning,
  LinkStats as IpcLinkStats,
  LogEntry,
  PausedContext as IpcPausedContext,
  PoolCount,
  PoolsUpdate,
  PreallocType,
  SessionPhase,
} from '../../shared/ipc';
import type { EventRecord } from '../model/events-model';
import type { PoolLedgerSnapshot } from '../model/pool-ledger';
import { POOL_INTENTION_NAMES } from '../model/pool-state';
import type { LogRecord } from '../logs/log-record';
import type { DisassemblyLine, LinkStats, PausedContext, SessionState } from '../session/link';

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

export function sessionPhase(state: SessionState): SessionPhase {
  return state === 'closed' ? 'disconnected' : state;
}

/** PAUSED reason names of the session core, as the status bar says them. */
const REASON_TEXT: Record<string, string> = {
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
};

export function disassemblyLine(line: DisassemblyLine, rip: bigint): IpcDisassemblyLine {
  return {
    address: u64Hex(line.address),
    bytes: bytesHex(line.bytes.subarray(0, 16)),
    text: line.text,
    current: line.address === rip,
  };
}

export interface PausedExtras {
  /** Instructions around RIP (the session core decodes only the current one). */
  disassembly?: readonly DisassemblyLine[];
  processId?: number;
  threadId?: number;
}

export function pausedContext(context: PausedContext, extras: PausedExtras = {}): IpcPausedContext {
  const lines = extras.disassembly ?? (context.instruction ? [context.instruction] : []);
  const registers = Object.entries(
    context.registers?.values ?? { rip: context.rip, rflags: context.rflags },
  ).map(([name, value]) => ({ name, value: u64Hex(value) }));
  const isEvent = context.reasonName === 'EVENT_TRIGGERED';
  return {
    core: context.core,
    processId: extras.processId ?? 0,
    threadId: extras.threadId ?? 0,
    reason: REASON_TEXT[context.reasonName] ?? context.reasonName.toLowerCase().replace(/_/g, ' '),
    rip: u64Hex(context.rip),
    registers,
    disassembly: lines.map((line) => disassemblyLine(line, context.rip)),
    eventTag: isEvent ? Number(context.eventTag & 0xffffffffn) : null,
    stage: isEvent ? (context.eventStage === 2 ? 'post' : 'pre') : null,
  };
}

export function logEntry(id: number, record: LogRecord): LogEntry {
  return {
    id,
    time: record.arrivedAt,
    kind: record.kind,
    eventTag: record.eventTag ?? null,
    stage: record.stage ?? null,
    core: record.core ?? null,
    text: record.text,
  };
}

export function linkStats(stats: LinkStats, messagesPerSec: number, droppedFrames: number): IpcLinkStats {
  return {
    bytesInPerSec: stats.bytesInPerSecond,
    bytesOutPerSec: stats.bytesOutPerSecond,
    messagesPerSec,
    totalBytesIn: stats.bytesIn,
    totalBytesOut: stats.bytesOut,
    droppedFrames,
    // Filled in by the batcher, which owns what the live view elided.
    elidedLogs: 0,
    elidedConsoleBytes: 0,
  };
}

export function eventRow(record: EventRecord): EventRow {
  const tag = Number(record.tag & 0xffffffffn);
  return {
    tag,
    id: record.id,
    type: record.commandName,
    target: record.params.map((p) => u64Hex(p)).join(' '),
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
 * The ledger's forecast text → structured warnings. Each paragraph starting with `warning:` is one
 * warning; the error code and `prealloc TYPE N` remedy are read from its text.
 */
export function ledgerWarnings(forecast: string | undefined): LedgerWarning[] {
  if (forecast === undefined) return [];
  const warnings: LedgerWarning[] = [];
  let current: string[] = [];
  const finish = (): void => {
    if (current.length === 0) return;
    const message = current.join('\n');
    const code = /0x(c[0-9a-f]{7})/i.exec(message);
    const remedy = /prealloc ([a-z0-9-]+) /i.exec(message);
    const type = remedy && PREALLOC_TYPES.find((t) => t === remedy[1].toLowerCase());
    warnings.push({
      severity: code ? 'error' : 'warning',
      message,
      errorCode: code ? parseInt(code[1], 16) : null,
      remedy: type ? [{ type, count: 1 }] : [],
    });
    current = [];
  };
  for (const line of forecast.split('\n')) {
    if (line.startsWith('warning:')) finish();
    if (line.trim() !== '') current.push(line);
  }
  finish();
  return warnings;
}

/** Pools update for the renderer: counts plus a warning for every exhausted pool an event needs. */
export function poolsUpdate(snapshot: PoolLedgerSnapshot, refreshedAt: number | null): PoolsUpdate {
  const counts = poolCounts(snapshot);
  const warnings: LedgerWarning[] = [];
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
