import type { CommandToken } from './types';

/**
 * HyperDbg v0.23's command tokenizer, reproduced rule for rule so that users' command lines and
 * `.script` files split exactly as in hyperdbg-cli (verified against HyperDbg's own corpus in
 * `testdata/command-parser-testcases.txt`):
 *
 * - tokens are separated by spaces outside quotes and braces (a tab is not a separator);
 * - `"..."` outside braces is one token without its quotes; `\"` inside it is a literal quote;
 * - `{ ... }` is one token with its content verbatim (nested braces, quotes and comments kept);
 *   `\{` and `\}` outside quotes are literal braces;
 * - `/* ... *\/` and `// ...` comments are dropped outside braces and kept inside them (the script
 *   compiler sees them); a `//` comment inside braces ends at the next `}`, `\n` typed as two
 *   characters, or a newline;
 * - a `\n` typed as two characters at the start of a token is skipped.
 *
 * The quirks (escape removal rewriting the line as it is scanned, the search for a string literal
 * after `//`) are kept on purpose: the corpus pins them down.
 */

/** "Not found" as HyperDbg's size_t arithmetic sees it: larger than every position. */
const NOT_FOUND = Number.MAX_SAFE_INTEGER;

export function tokenizeCommand(line: string): CommandToken[] {
  const tokens: CommandToken[] = [];
  let input = line;
  let current = '';
  let inQuotes = false;
  let braceDepth = 0;

  const charAt = (index: number): string => (index >= 0 && index < input.length ? input[index]! : '\0');
  const find = (needle: string, from: number): number => {
    if (from >= input.length) return NOT_FOUND;
    const found = input.indexOf(needle, from);
    return found === -1 ? NOT_FOUND : found;
  };
  const eraseAt = (index: number): void => {
    input = input.slice(0, index) + input.slice(index + 1);
  };
  const dropLastOfCurrent = (): void => {
    current = current.slice(0, -1);
  };
  const pushWord = (text: string): void => {
    const trimmed = trimSpace(text);
    if (trimmed !== '') tokens.push({ kind: 'word', text: trimmed });
  };
  const pushQuoted = (text: string): void => {
    if (text !== '') tokens.push({ kind: 'quoted', text });
  };

  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;

    if (c === '/' && !inQuotes) {
      const next = charAt(i + 1);
      if (next === '/') {
        const skipTo = lineCommentEnd(i);
        if (skipTo.kept !== undefined && braceDepth) current += skipTo.kept;
        i = skipTo.resumeAt - 1;
        continue;
      }
      if (next === '*') {
        const end = find('*/', i + 2);
        if (end !== NOT_FOUND) {
          if (braceDepth) current += input.slice(i, end + 2);
          i = end + 1;
          continue;
        }
        // An unclosed block comment is ordinary text.
      }
    }

    if (inQuotes && c === '"') {
      if (charAt(i - 1) !== '\\') {
        inQuotes = false;
        if (braceDepth) current += c;
        else {
          pushQuoted(current);
          current = '';
        }
        continue;
      }
      // Escaped quote: the backslash leaves the line; outside braces also the token.
      eraseAt(i - 1);
      i--;
      if (!braceDepth) dropLastOfCurrent();
      current += c;
      continue;
    }

    if (c === '}') {
      if (charAt(i - 1) !== '\\') {
        if (braceDepth) {
          if (!inQuotes) braceDepth--;
          if (!braceDepth) {
            tokens.push({ kind: 'block', text: current });
            current = '';
            continue;
          }
        }
      } else if (!inQuotes) {
        eraseAt(i - 1);
        i--;
        dropLastOfCurrent();
      }
    }

    if (c === ' ' && !inQuotes && !braceDepth) {
      if (current !== '' && current !== ' ') {
        pushWord(current);
        current = '';
      }
      continue;
    } else if (c === '"') {
      if (i > 0 && charAt(i - 1) !== ' ' && !braceDepth && current !== '') {
        // A quote glued to a word ends the word.
        pushWord(current);
        current = '';
      }
      if (i === 0 || charAt(i - 1) !== '\\') {
        inQuotes = true;
        if (!braceDepth) continue;
      }
    } else if (c === '{' && !inQuotes) {
      if (i > 0 && charAt(i - 1) === '\\') {
        eraseAt(i - 1);
        i--;
        dropLastOfCurrent();
      } else {
        if (i > 0 && charAt(i - 1) !== ' ' && !braceDepth) {
          pushWord(current);
          current = '';
        }
        braceDepth++;
        if (braceDepth === 1) continue;
      }
    }

    if (c === '\\' && !inQuotes && current === '' && charAt(i + 1) === 'n') {
      i++;
      continue;
    }

    current += c;
  }

  if (current !== '' && current !== ' ') pushWord(current);
  return tokens;

  /**
   * Where a `//` comment at `start` ends. Inside braces HyperDbg ends it at the next `}` (so
   * one-line scripts work), else at a typed `\n` or a newline; a `\n` inside a string literal
   * that follows the comment does not count. Without an end it runs to the end of the line.
   */
  function lineCommentEnd(start: number): { resumeAt: number; kept: string | undefined } {
    let literalEnd = 0;
    const literalStart = find('"', start);
    if (literalStart !== NOT_FOUND && (start === 0 || charAt(start - 1) !== '\\')) {
      literalEnd = find('"', literalStart + 1);
    }

    let closingBrace = NOT_FOUND;
    if (braceDepth) {
      closingBrace = find('}', literalEnd > start ? literalEnd : start);
      while (closingBrace !== NOT_FOUND) {
        if (charAt(closingBrace - 1) !== '\\') break;
        eraseAt(closingBrace - 1);
        closingBrace = find('}', closingBrace + 1);
      }
    }

    let typedNewline = find('\\n', start);
    if (literalStart <= typedNewline && typedNewline <= literalEnd) typedNewline = NOT_FOUND;
    const newline = find('\n', start);

    const end = Math.min(closingBrace, typedNewline, newline);
    if (end !== NOT_FOUND && charAt(end - 1) !== '\\') {
      return { resumeAt: end, kept: input.slice(start, end) };
    }

    let comment = input.slice(start);
    if (typedNewline !== NOT_FOUND && charAt(typedNewline - 1) === '\\') {
      comment = comment.split('\\\\n').join('\\n');
    }
    return { resumeAt: input.length, kept: comment };
  }
}

/** C's isspace set, which HyperDbg's Trim uses. */
function trimSpace(text: string): string {
  return text.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');
}
