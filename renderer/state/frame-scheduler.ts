// Coalesces pushed batches and hands them over once per animation frame. Main may push dozens of
// batches per frame under a log flood; the UI applies them together in one state update.
// A hidden or minimised window gets no animation frames, so a timer flushes too (whichever comes
// first), and the queue is capped: past `maxPending` the oldest items are elided and counted, so
// a flood while the window cannot draw costs bounded memory.

export type FrameRequest = (callback: () => void) => void;

export interface CoalescerOptions {
  /** Most items kept waiting; when more arrive the oldest are dropped and counted (default 256). */
  readonly maxPending?: number;
  /** Flush after this many ms even when no animation frame comes (default 250). */
  readonly fallbackMs?: number;
  /** Timer used for the fallback flush (default `setTimeout`). */
  readonly setTimer?: (callback: () => void, ms: number) => void;
}

export const DEFAULT_MAX_PENDING = 256;
const DEFAULT_FALLBACK_MS = 250;

/**
 * `apply(items, elided)` gets the queued items in push order and how many older items were
 * dropped since the last call because the queue was full.
 */
export function createFrameCoalescer<T>(
  apply: (items: T[], elided: number) => void,
  requestFrame: FrameRequest,
  options: CoalescerOptions = {},
) {
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  const fallbackMs = options.fallbackMs ?? DEFAULT_FALLBACK_MS;
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => void setTimeout(callback, ms));
  let pending: T[] = [];
  let elided = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const items = pending;
    const dropped = elided;
    pending = [];
    elided = 0;
    if (items.length > 0 || dropped > 0) apply(items, dropped);
  };
  // A late frame or timer after an earlier flush finds nothing scheduled and does nothing.
  const onTick = () => {
    if (scheduled) flush();
  };
  return {
    push(item: T) {
      pending.push(item);
      if (pending.length > maxPending) {
        const excess = pending.length - maxPending;
        pending.splice(0, excess);
        elided += excess;
      }
      if (!scheduled) {
        scheduled = true;
        requestFrame(onTick);
        setTimer(onTick, fallbackMs);
      }
    },
    /** Applies what is queued now (used before a snapshot replaces the state). */
    flush,
    get pendingCount() {
      return pending.length;
    },
  };
}
