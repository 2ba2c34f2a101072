// Which rows a fixed-row-height list shows for a scroll position. Browsers cap an element's
// height near 33.5 M px, so past MAX_SCROLL_HEIGHT the scrollbar is scaled: the scroll fraction
// maps to a row index instead of 1 px = 1 px. This lets one list page through millions of rows.

export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface VirtualWindow {
  /** Height of the scrollable spacer. */
  readonly scrollHeight: number;
  /** First row index to render. */
  readonly first: number;
  /** Number of rows to render (may run past total; the caller clips). */
  readonly count: number;
  /** Pixel offset of the first rendered row inside the viewport. */
  readonly offset: number;
}

export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  total: number,
  rowHeight: number,
): VirtualWindow {
  const visible = Math.max(1, Math.ceil(viewportHeight / rowHeight) + 1);
  const natural = total * rowHeight;
  if (natural <= MAX_SCROLL_HEIGHT) {
    const first = Math.max(0, Math.min(Math.floor(scrollTop / rowHeight), Math.max(0, total - 1)));
    return {
      scrollHeight: natural,
      first,
      count: Math.min(visible, total - first),
      offset: first * rowHeight - scrollTop,
    };
  }
  const maxScroll = MAX_SCROLL_HEIGHT - viewportHeight;
  const fraction = maxScroll > 0 ? Math.min(1, Math.max(0, scrollTop / maxScroll)) : 0;
  const lastFirst = Math.max(0, total - visible + 1);
  const first = Math.round(fraction * lastFirst);
  return { scrollHeight: MAX_SCROLL_HEIGHT, first, count: Math.min(visible, total - first), offset: 0 };
}

/** scrollTop that shows `row` as the first visible row (inverse of virtualWindow). */
export function scrollTopForRow(
  row: number,
  viewportHeight: number,
  total: number,
  rowHeight: number,
): number {
  const natural = total * rowHeight;
  if (natural <= MAX_SCROLL_HEIGHT) return row * rowHeight;
  const visible = Math.max(1, Math.ceil(viewportHeight / rowHeight) + 1);
  const lastFirst = Math.max(1, total - visible + 1);
  return (Math.min(row, lastFirst) / lastFirst) * (MAX_SCROLL_HEIGHT - viewportHeight);
}
