/**
 * Splits an event command line into HyperDbg's token kinds: plain words and `{...}` bracket
 * blocks (nested braces and quoted strings inside a block are kept intact, so scripts such as
 * `script { printf("}"); }` survive). Never throws: an unterminated block is reported.
 */

export interface EventToken {
  /** Word text, or the block content without the outer braces. */
  readonly text: string;
  readonly isBlock: boolean;
}

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly EventToken[] }
  | { readonly ok: false; readonly error: string };

export function tokenizeEventCommand(line: string): TokenizeResult {
  const tokens: EventToken[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '{') {
      const end = findBlockEnd(line, i);
      if (end < 0) return { ok: false, error: "err, a '{' block is not closed; add the matching '}'" };
      tokens.push({ text: line.slice(i + 1, end), isBlock: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j]) && line[j] !== '{') j++;
    tokens.push({ text: line.slice(i, j), isBlock: false });
    i = j;
  }
  return { ok: true, tokens };
}

/** Index of the `}` closing the block opened at `open`, or -1. */
function findBlockEnd(line: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"') quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
