// How many screen rows a console line takes when it wraps (CSS `white-space: pre-wrap` with
// `overflow-wrap: anywhere` in a monospace font): lines break after spaces, and a run longer than
// a row (a hex dump, a long path) breaks anywhere. The virtualized console positions its lines
// from these counts, so it can wrap without measuring every line.

/** Rows `text` fills at `columns` characters per row (at least 1). */
export function wrappedRows(text: string, columns: number): number {
  if (columns < 1 || text.length <= columns) return 1;
  let rows = 1;
  let column = 0;
  // Each piece is a word and the spaces after it; a line may break after those spaces.
  for (const piece of text.split(/(?<= )(?=[^ ])/)) {
    let word = piece.trimEnd().length;
    const spaces = piece.length - word;
    if (column > 0 && column + word > columns) {
      rows++;
      column = 0;
    }
    // A word wider than a whole row breaks anywhere.
    while (word > columns - column) {
      word -= columns - column;
      rows++;
      column = 0;
    }
    // Spaces at the end of a row hang past its edge instead of wrapping.
    column = Math.min(columns, column + word + spaces);
  }
  return rows;
}

/** The first row of every line and, last, the total: `starts[i]` is where line i begins. */
export function rowStarts(texts: readonly string[], columns: number): number[] {
  const starts = new Array<number>(texts.length + 1);
  let row = 0;
  for (let i = 0; i < texts.length; i++) {
    starts[i] = row;
    row += wrappedRows(texts[i]!, columns);
  }
  starts[texts.length] = row;
  return starts;
}

/** The line that holds `row` (binary search over `rowStarts`' result). */
export function lineAtRow(starts: readonly number[], row: number): number {
  let low = 0;
  let high = starts.length - 2;
  if (high < 0) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= row) low = mid;
    else high = mid - 1;
  }
  return low;
}
