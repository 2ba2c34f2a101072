// Pure reduction of the main process's session batches into the renderer's session state.
// The frame scheduler hands every batch that arrived during one animation frame to
// `applyBatches` at once, so React renders at most once per frame however fast main pushes.
import type { SessionBatch, SessionSnapshot } from '../../shared/ipc/channels';
import type {
  BreakpointRow,
  CoreRow,
  ConsoleChunk,
  EventRow,
  HandshakeStatus,
  LinkStats,
  LogCounts,
  LogEntry,
  PausedContext,
  PoolsUpdate,
  SessionState,
} from '../../shared/ipc/model';
import { EMPTY_LINK_STATS } from '../../shared/ipc/model';
import { LIVE_LOG_LIMIT } from '../../shared/ipc/limits';

/** Console lines kept in memory; older output is dropped (and counted). */
export const CONSOLE_LINE_LIMIT = 5000;

export interface ConsoleLine {
  readonly id: number;
  readonly stream: ConsoleChunk['stream'];
  readonly text: string;
}

export interface SessionView {
  readonly session: SessionState;
  readonly handshake: HandshakeStatus;
  readonly paused: PausedContext | null;
  /** Last paused context, kept while running so the panes can show stale values greyed. */
  readonly lastPaused: PausedContext | null;
  readonly events: readonly EventRow[];
  readonly pools: PoolsUpdate;
  /** The debuggee's breakpoint table (gutter dots, Breakpoints pane, F9 all read this). */
  readonly breakpoints: readonly BreakpointRow[];
  /** Every core the session heard of (main's roster; v0.23 never sends the count). */
  readonly cores: readonly CoreRow[];
  readonly link: LinkStats;
  readonly console: readonly ConsoleLine[];
  readonly consoleDropped: number;
  readonly nextConsoleId: number;
  /** Newest live log entries (bounded), oldest first. */
  readonly liveLogs: readonly LogEntry[];
  readonly lastLogId: number | null;
  /** Log entries that arrived live since the session view started. */
  readonly liveLogCount: number;
  /** The live session's stored rows per stage and event (main keeps them as rows arrive). */
  readonly logCounts: LogCounts | null;
  readonly lastBatchSeq: number | null;
  /** Set when a gap in batch sequence numbers shows that batches were missed: re-snapshot. */
  readonly needsResync: boolean;
  /** Bumped every time a new paused context arrives (panes key their fetches on it). */
  readonly pauseGeneration: number;
}

export function initialSessionView(): SessionView {
  return {
    session: { phase: 'disconnected', endpoint: null, detail: null },
    handshake: { stage: 'idle', hints: [] },
    paused: null,
    lastPaused: null,
    events: [],
    pools: { counts: [], warnings: [], refreshedAt: null },
    breakpoints: [],
    cores: [],
    link: EMPTY_LINK_STATS,
    console: [],
    consoleDropped: 0,
    nextConsoleId: 0,
    liveLogs: [],
    lastLogId: null,
    liveLogCount: 0,
    logCounts: null,
    lastBatchSeq: null,
    needsResync: false,
    pauseGeneration: 0,
  };
}

export function applySnapshot(view: SessionView, snap: SessionSnapshot): SessionView {
  return {
    ...view,
    session: snap.state,
    handshake: snap.handshake,
    paused: snap.paused,
    lastPaused: snap.paused ?? view.lastPaused,
    events: sortEvents(snap.events),
    pools: snap.pools,
    breakpoints: snap.breakpoints,
    cores: snap.cores,
    link: snap.link,
    lastLogId: snap.lastLogId,
    needsResync: false,
    pauseGeneration: view.pauseGeneration + 1,
  };
}

function sortEvents(events: readonly EventRow[]): EventRow[] {
  return [...events].sort((a, b) => a.tag - b.tag);
}

function applyEvents(
  current: readonly EventRow[],
  update: NonNullable<SessionBatch['events']>,
): readonly EventRow[] {
  if (update.kind === 'snapshot') return sortEvents(update.events);
  const byTag = new Map(current.map((e) => [e.tag, e]));
  for (const tag of update.removedTags) byTag.delete(tag);
  for (const row of update.upserts) byTag.set(row.tag, row);
  return sortEvents([...byTag.values()]);
}

/** Splits console chunks into lines; a chunk that does not end in a newline still makes a line. */
function chunksToLines(chunks: readonly ConsoleChunk[], firstId: number): ConsoleLine[] {
  const lines: ConsoleLine[] = [];
  let id = firstId;
  for (const chunk of chunks) {
    const text = chunk.text.endsWith('\n') ? chunk.text.slice(0, -1) : chunk.text;
    for (const line of text.split('\n')) lines.push({ id: id++, stream: chunk.stream, text: line });
  }
  return lines;
}

export function applyBatches(view: SessionView, batches: readonly SessionBatch[]): SessionView {
  if (batches.length === 0) return view;
  let next = view;
  const consoleChunks: ConsoleChunk[] = [];
  const logs: LogEntry[] = [];
  let events = view.events;
  let needsResync = view.needsResync;
  let lastSeq = view.lastBatchSeq;
  for (const batch of batches) {
    if (lastSeq !== null && batch.seq !== lastSeq + 1) needsResync = true;
    lastSeq = batch.seq;
    if (batch.state) next = { ...next, session: batch.state };
    if (batch.handshake) next = { ...next, handshake: batch.handshake };
    if (batch.paused !== undefined) {
      next = {
        ...next,
        paused: batch.paused,
        lastPaused: batch.paused ?? next.lastPaused,
        pauseGeneration: batch.paused ? next.pauseGeneration + 1 : next.pauseGeneration,
      };
    }
    if (batch.pools) next = { ...next, pools: batch.pools };
    if (batch.breakpoints) next = { ...next, breakpoints: batch.breakpoints };
    if (batch.cores) next = { ...next, cores: batch.cores };
    if (batch.link) next = { ...next, link: batch.link };
    if (batch.logCounts) next = { ...next, logCounts: batch.logCounts };
    if (batch.events) events = applyEvents(events, batch.events);
    for (const c of batch.console) consoleChunks.push(c);
    for (const l of batch.logs) logs.push(l);
  }
  let consoleLines = next.console;
  let consoleDropped = next.consoleDropped;
  let nextConsoleId = next.nextConsoleId;
  if (consoleChunks.length > 0) {
    const added = chunksToLines(consoleChunks, nextConsoleId);
    nextConsoleId += added.length;
    const all = consoleLines.concat(added);
    const overflow = Math.max(0, all.length - CONSOLE_LINE_LIMIT);
    consoleDropped += overflow;
    consoleLines = overflow > 0 ? all.slice(overflow) : all;
  }
  let liveLogs = next.liveLogs;
  let lastLogId = next.lastLogId;
  if (logs.length > 0) {
    const tail =
      logs.length >= LIVE_LOG_LIMIT
        ? logs.slice(-LIVE_LOG_LIMIT)
        : liveLogs.concat(logs).slice(-LIVE_LOG_LIMIT);
    liveLogs = tail;
    lastLogId = Math.max(lastLogId ?? -1, logs[logs.length - 1].id);
  }
  return {
    ...next,
    events,
    console: consoleLines,
    consoleDropped,
    nextConsoleId,
    liveLogs,
    lastLogId,
    liveLogCount: next.liveLogCount + logs.length,
    lastBatchSeq: lastSeq,
    needsResync,
  };
}

/** Adds a renderer-side note (e.g. an IPC failure) to the console. */
export function appendConsole(view: SessionView, stream: ConsoleChunk['stream'], text: string): SessionView {
  return appendChunks(view, [{ stream, text }]);
}

/** Adds console chunks (a renderer note, or the scrollback restored after a reload). */
export function appendChunks(view: SessionView, chunks: ConsoleChunk[]): SessionView {
  const added = chunksToLines(chunks, view.nextConsoleId);
  const all = view.console.concat(added);
  const overflow = Math.max(0, all.length - CONSOLE_LINE_LIMIT);
  return {
    ...view,
    console: overflow > 0 ? all.slice(overflow) : all,
    consoleDropped: view.consoleDropped + overflow,
    nextConsoleId: view.nextConsoleId + added.length,
  };
}
