// Coalesces session events into `SessionBatch`es: at most one batch per time window (≈16 ms, one
// frame) unless the console's size cap forces an earlier one, never one message per log line. The
// live tail is bounded: a window carries at most the newest LIVE_LOG_LIMIT log lines (all a
// renderer keeps; at 50,000 messages/s a window holds about 800), and while the transport is
// congested that bound holds across the windows held back. Older lines are elided from the push
// (they stay in the log store) and counted, so the renderer can say "N elided" instead of freezing.
import type {
  BreakpointRow,
  CoreRow,
  ConsoleChunk,
  EventRow,
  EventsUpdate,
  HandshakeStatus,
  LinkStats,
  LogCounts,
  LogEntry,
  PausedContext,
  PoolsUpdate,
  SessionBatch,
  SessionState,
} from '../../shared/ipc';
import { EMPTY_LINK_STATS, LIVE_LOG_LIMIT } from '../../shared/ipc';

export interface BatcherOptions {
  /** Longest time an update waits before it is sent. */
  windowMs: number;
  /** A batch is sent as soon as this much console text is pending. */
  maxConsoleBytesPerBatch: number;
  /** At most this many of the newest log lines are pushed per batch (the live tail a window keeps). */
  maxPendingLogs: number;
  /** While congested, at most this much of the newest console text is kept. */
  maxPendingConsoleBytes: number;
  /** False while the transport still holds too much unsent data; the batch is held back. */
  canSend: () => boolean;
  /** Timer hooks (replaced by fakes in tests). */
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export const DEFAULT_BATCHER_OPTIONS: BatcherOptions = {
  windowMs: 16,
  maxConsoleBytesPerBatch: 256 * 1024,
  maxPendingLogs: LIVE_LOG_LIMIT,
  maxPendingConsoleBytes: 1024 * 1024,
  canSend: () => true,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Retry interval while the transport is congested. */
const CONGESTION_RETRY_MS = 16;

export class SessionBatcher {
  private readonly options: BatcherOptions;
  private seq = 0;
  private timer: unknown = undefined;
  private disposed = false;

  private state: SessionState | undefined;
  private paused: PausedContext | null | undefined;
  private handshake: HandshakeStatus | undefined;
  private readonly events = new PendingEvents();
  private pools: PoolsUpdate | undefined;
  /** Only the newest counters matter: each replaces the previous. */
  private logCounts: LogCounts | undefined;
  private breakpoints: BreakpointRow[] | undefined;
  private cores: CoreRow[] | undefined;
  private link: LinkStats = EMPTY_LINK_STATS;
  private linkChanged = false;
  private console: ConsoleChunk[] = [];
  private consoleBytes = 0;
  private logs: LogEntry[] = [];
  private elidedLogs = 0;
  private elidedConsoleBytes = 0;
  /** Console characters cut since the last batch, announced at the top of the next one. */
  private consoleCutSinceLastBatch = 0;

  constructor(
    private readonly send: (batch: SessionBatch) => void,
    options: Partial<BatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_BATCHER_OPTIONS, ...options };
  }

  setState(state: SessionState): void {
    this.state = state;
    this.schedule();
  }

  /** A new halt, or null when the debuggee resumed. */
  setPaused(paused: PausedContext | null): void {
    this.paused = paused;
    this.schedule();
  }

  setHandshake(handshake: HandshakeStatus): void {
    this.handshake = handshake;
    this.schedule();
  }

  setPools(pools: PoolsUpdate): void {
    this.pools = pools;
    this.schedule();
  }

  setLogCounts(counts: LogCounts): void {
    this.logCounts = counts;
    this.schedule();
  }

  setBreakpoints(rows: BreakpointRow[]): void {
    this.breakpoints = rows;
    this.schedule();
  }

  setCores(rows: CoreRow[]): void {
    this.cores = rows;
    this.schedule();
  }

  /** Link statistics from the session; the elision counters are the batcher's own. */
  setLink(link: LinkStats): void {
    this.link = link;
    this.linkChanged = true;
    this.schedule();
  }

  updateEvents(update: EventsUpdate): void {
    this.events.add(update);
    this.schedule();
  }

  appendConsole(chunk: ConsoleChunk): void {
    if (chunk.text.length === 0) return;
    // Consecutive output of one stream travels as one chunk: far fewer objects per batch.
    const last = this.console[this.console.length - 1];
    if (last !== undefined && last.stream === chunk.stream) {
      this.console[this.console.length - 1] = { stream: last.stream, text: last.text + chunk.text };
    } else {
      this.console.push(chunk);
    }
    this.consoleBytes += chunk.text.length;
    this.trimConsole();
    if (this.consoleBytes >= this.options.maxConsoleBytesPerBatch) this.flush();
    else this.schedule();
  }

  appendLog(entry: LogEntry): void {
    this.logs.push(entry);
    // trimmed in bulk (not one splice per line during a burst), and to the bound at every flush
    if (this.logs.length >= 2 * this.options.maxPendingLogs) this.trimLogs();
    this.schedule();
  }

  /** Keeps the newest `maxPendingLogs` lines; the older ones are elided and counted. */
  private trimLogs(): void {
    const excess = this.logs.length - this.options.maxPendingLogs;
    if (excess <= 0) return;
    this.logs.splice(0, excess);
    this.elidedLogs += excess;
    this.linkChanged = true;
  }

  /** Counters of what the live view did not receive (also carried in `link`). */
  get elided(): { logs: number; consoleBytes: number } {
    return { logs: this.elidedLogs, consoleBytes: this.elidedConsoleBytes };
  }

  /** Sends everything pending now (unless the transport is congested, then retries shortly). */
  flush(): void {
    if (this.disposed) return;
    this.cancelTimer();
    if (!this.hasPending()) return;
    this.trimLogs();
    if (!this.options.canSend()) {
      this.timer = this.options.setTimer(() => {
        this.timer = undefined;
        this.flush();
      }, CONGESTION_RETRY_MS);
      return;
    }
    if (this.consoleCutSinceLastBatch > 0) {
      this.console.unshift({
        stream: 'info',
        text: `[${this.consoleCutSinceLastBatch} characters of console output elided because the window could not keep up; the log store has every message]\n`,
      });
      this.consoleCutSinceLastBatch = 0;
    }
    const batch: SessionBatch = { seq: this.seq++, console: this.console, logs: this.logs };
    if (this.state !== undefined) batch.state = this.state;
    if (this.paused !== undefined) batch.paused = this.paused;
    if (this.handshake !== undefined) batch.handshake = this.handshake;
    const events = this.events.take();
    if (events !== undefined) batch.events = events;
    if (this.pools !== undefined) batch.pools = this.pools;
    if (this.logCounts !== undefined) batch.logCounts = this.logCounts;
    if (this.breakpoints !== undefined) batch.breakpoints = this.breakpoints;
    if (this.cores !== undefined) batch.cores = this.cores;
    if (this.linkChanged) {
      batch.link = { ...this.link, elidedLogs: this.elidedLogs };
    }
    this.state = undefined;
    this.paused = undefined;
    this.handshake = undefined;
    this.pools = undefined;
    this.logCounts = undefined;
    this.breakpoints = undefined;
    this.cores = undefined;
    this.linkChanged = false;
    this.console = [];
    this.consoleBytes = 0;
    this.logs = [];
    this.send(batch);
  }

  /** Stops the timer; pending updates are dropped (call `flush` first to keep them). */
  dispose(): void {
    this.cancelTimer();
    this.disposed = true;
  }

  private hasPending(): boolean {
    return (
      this.state !== undefined ||
      this.paused !== undefined ||
      this.handshake !== undefined ||
      this.events.isPending ||
      this.pools !== undefined ||
      this.logCounts !== undefined ||
      this.breakpoints !== undefined ||
      this.cores !== undefined ||
      this.linkChanged ||
      this.console.length > 0 ||
      this.logs.length > 0
    );
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.options.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.windowMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.options.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Keeps the newest console text within the pending cap; the cut is said in the console itself. */
  private trimConsole(): void {
    let cut = 0;
    while (this.consoleBytes > this.options.maxPendingConsoleBytes && this.console.length > 1) {
      const dropped = this.console.shift() as ConsoleChunk;
      this.consoleBytes -= dropped.text.length;
      cut += dropped.text.length;
    }
    if (this.consoleBytes > this.options.maxPendingConsoleBytes) {
      const only = this.console[0];
      const keep = this.options.maxPendingConsoleBytes;
      cut += only.text.length - keep;
      this.console[0] = { stream: only.stream, text: only.text.slice(only.text.length - keep) };
      this.consoleBytes = keep;
    }
    if (cut > 0) {
      this.elidedConsoleBytes += cut;
      this.consoleCutSinceLastBatch += cut;
      this.linkChanged = true;
    }
  }
}

/**
 * Event updates waiting for the next batch, combined so that applying the result equals applying
 * them all in order. Kept as maps (not merged update objects): a flood of hits updates an event
 * once per log message, and each must cost a map write, not a copy of every pending row.
 */
export class PendingEvents {
  /** A pending snapshot's rows (a later diff is applied onto it), else undefined. */
  private snapshot: Map<number, EventRow> | undefined;
  private readonly upserts = new Map<number, EventRow>();
  private readonly removed = new Set<number>();
  private pending = false;

  add(update: EventsUpdate): void {
    this.pending = true;
    if (update.kind === 'snapshot') {
      this.snapshot = new Map(update.events.map((row) => [row.tag, row]));
      this.upserts.clear();
      this.removed.clear();
      return;
    }
    for (const tag of update.removedTags) {
      if (this.snapshot) this.snapshot.delete(tag);
      else {
        this.upserts.delete(tag);
        this.removed.add(tag);
      }
    }
    for (const row of update.upserts) {
      if (this.snapshot) this.snapshot.set(row.tag, row);
      else {
        this.upserts.set(row.tag, row);
        this.removed.delete(row.tag);
      }
    }
  }

  get isPending(): boolean {
    return this.pending;
  }

  /** The combined update, and nothing pending afterwards. */
  take(): EventsUpdate | undefined {
    if (!this.pending) return undefined;
    const update: EventsUpdate = this.snapshot
      ? { kind: 'snapshot', events: [...this.snapshot.values()] }
      : { kind: 'diff', upserts: [...this.upserts.values()], removedTags: [...this.removed] };
    this.snapshot = undefined;
    this.upserts.clear();
    this.removed.clear();
    this.pending = false;
    return update;
  }
}
