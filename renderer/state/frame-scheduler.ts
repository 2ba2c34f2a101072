// Coalesces pushed batches and hands them over once per animation frame. Main may push dozens of
// batches per frame under a log flood; the UI applies them together in one state update.

export type FrameRequest = (callback: () => void) => void;

export function createFrameCoalescer<T>(apply: (items: T[]) => void, requestFrame: FrameRequest) {
  let pending: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const items = pending;
    pending = [];
    if (items.length > 0) apply(items);
  };
  return {
    push(item: T) {
      pending.push(item);
      if (!scheduled) {
        scheduled = true;
        requestFrame(flush);
      }
    },
    /** Applies what is queued now (used before a snapshot replaces the state). */
    flush,
    get pendingCount() {
      return pending.length;
    },
  };
}
