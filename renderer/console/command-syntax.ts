// What the console knows about HyperDbg's command line: the command names (for highlighting
// and completion), the register names, how to split a line into highlight tokens, when a
// multi-line `{ … }` block is complete, and which commands Enter repeats on an empty line.
import { REGISTER_NAMES } from '../../shared/script/generated/tables';

/** Commands of HyperDbg v0.23's Debugger Mode that the session's command layer accepts. */
export const COMMAND_NAMES: readonly string[] = [
  'g',
  'pause',
  't',
  'p',
  'i',
  'gu',
  'r',
  'db',
  'dc',
  'dd',
  'dq',
  '!db',
  '!dc',
  '!dd',
  '!dq',
  'eb',
  'ed',
  'eq',
  '!eb',
  '!ed',
  '!eq',
  'u',
  'u2',
  'k',
  'kd',
  'kq',
  '~',
  '.process',
  '.thread',
  'bp',
  'bl',
  'bc',
  'bd',
  'be',
  'lm',
  '?',
  'print',
  '.script',
  '.formats',
  '!pte',
  '!va2pa',
  '!pa2va',
  'events',
  'test',
  'flush',
  'sleep',
  'settings',
  '.debug',
  'prealloc',
  'preactivate',
  '!epthook',
  '!epthook2',
  '!monitor',
  '!syscall',
  '!syscall2',
  '!sysret',
  '!sysret2',
  '!cpuid',
  '!msrread',
  '!msrwrite',
  '!exception',
  '!interrupt',
  '!tsc',
  '!pmc',
  '!vmcall',
  '!ioin',
  '!ioout',
  '!dr',
  '!crwrite',
  '!mode',
  '!xsetbv',
  '!trace',
  '!hide',
  '!unhide',
];

/** Option keywords of event commands and of `events`. */
export const OPTION_KEYWORDS: readonly string[] = [
  'pid',
  'core',
  'stage',
  'pre',
  'post',
  'all',
  'sc',
  'on',
  'off',
  'imm',
  'yes',
  'no',
  'buffer',
  'condition',
  'code',
  'script',
  'output',
  'asm',
  'l',
  'va',
  'pa',
  'e',
  'd',
  'c',
  'pool',
];

/** Every register HyperDbg's commands and scripts accept (REGS_ENUM, generated). */
export { REGISTER_NAMES };

/** Empty-line Enter repeats these, as hyperdbg-cli does for continue and steps. */
const REPEATABLE = new Set(['g', 't', 'p', 'i', 'gu']);

export function repeatableCommand(lastCommand: string | undefined): string | undefined {
  if (!lastCommand) return undefined;
  const name = lastCommand.trim().split(/\s+/)[0]?.toLowerCase();
  return name && REPEATABLE.has(name) ? lastCommand.trim() : undefined;
}

/** True while the text has an unclosed `{` (outside string literals), so Enter adds a line. */
export function needsMoreLines(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
  }
  return depth > 0;
}

export type SyntaxTokenKind =
  'command' | 'keyword' | 'register' | 'number' | 'string' | 'symbol' | 'brace' | 'text';
export interface SyntaxToken {
  readonly kind: SyntaxTokenKind;
  readonly text: string;
}

const TOKEN_RE =
  /("(?:[^"\\]|\\.)*"?)|(@?[A-Za-z_$.!~?][\w!.$+]*)|(0[xXnNyYoO][0-9A-Fa-f`]+|[0-9A-Fa-f`]+\b)|([{}])|(\s+)|(.)/g;

const COMMANDS = new Set(COMMAND_NAMES);
const KEYWORDS = new Set(OPTION_KEYWORDS);
const REGISTERS = new Set(REGISTER_NAMES);

/** Splits a command line into highlight tokens; concatenating the texts gives the line back. */
export function tokenizeCommandLine(line: string): SyntaxToken[] {
  const tokens: SyntaxToken[] = [];
  let first = true;
  for (const m of line.matchAll(TOKEN_RE)) {
    const [text, str, word, num, brace, space] = m;
    let kind: SyntaxTokenKind = 'text';
    if (str !== undefined) kind = 'string';
    else if (word !== undefined) {
      const lower = word.toLowerCase();
      if (first && COMMANDS.has(lower)) kind = 'command';
      else if (word.startsWith('@') && REGISTERS.has(lower.slice(1))) kind = 'register';
      else if (!first && REGISTERS.has(lower)) kind = 'register';
      else if (!first && KEYWORDS.has(lower)) kind = 'keyword';
      else if (/^[0-9a-f`]+$/i.test(word) && !first) kind = 'number';
      else if (word.includes('!') && !first) kind = 'symbol';
    } else if (num !== undefined) kind = 'number';
    else if (brace !== undefined) kind = 'brace';
    if (space === undefined) first = false;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.kind === kind && kind === 'text')
      tokens[tokens.length - 1] = { kind, text: prev.text + text };
    else tokens.push({ kind, text });
  }
  return tokens;
}

export interface CompletionLists {
  readonly functions: readonly string[];
  readonly symbols: readonly string[];
}

export interface CompletionResult {
  /** Offset in the line where the replaced word starts. */
  readonly from: number;
  readonly items: readonly string[];
}

/** Completes the word before `caret`: a command name in first position, else registers
 *  (with or without `@`), script functions, option keywords and module!symbol names. */
export function completeCommandLine(line: string, caret: number, sources: CompletionLists): CompletionResult {
  const before = line.slice(0, caret);
  const wordMatch = /[@\w!.$~?]*$/.exec(before);
  const word = wordMatch ? wordMatch[0] : '';
  const from = caret - word.length;
  const isFirst = before.slice(0, from).trim() === '';
  const lower = word.toLowerCase();
  const pool: string[] = [];
  if (isFirst) pool.push(...COMMAND_NAMES);
  else if (word.startsWith('@')) pool.push(...REGISTER_NAMES.map((r) => '@' + r));
  else pool.push(...OPTION_KEYWORDS, ...REGISTER_NAMES, ...sources.functions, ...sources.symbols);
  if (word === '' && !isFirst) return { from, items: [] };
  const seen = new Set<string>();
  const items = pool.filter((c) => {
    if (!c.toLowerCase().startsWith(lower) || seen.has(c)) return false;
    seen.add(c);
    return true;
  });
  items.sort((a, b) => a.length - b.length || a.localeCompare(b));
  return { from, items: items.slice(0, 50) };
}

/** Longest common prefix of the candidates, for Tab completing as far as it is unambiguous. */
export function commonPrefix(items: readonly string[]): string {
  if (items.length === 0) return '';
  let prefix = items[0];
  for (const item of items) {
    while (!item.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Hex addresses in output text (8–16 digits, optional 0x and ` separator) for clickable links. */
export const ADDRESS_RE = /\b(?:0x)?((?:[0-9a-fA-F]{8}`?)?[0-9a-fA-F]{8,16})\b/g;

export interface OutputPart {
  readonly text: string;
  /** Set when this part is an address: the value without 0x or backtick. */
  readonly address?: string;
}

export function splitAddresses(text: string): OutputPart[] {
  const parts: OutputPart[] = [];
  let last = 0;
  for (const m of text.matchAll(ADDRESS_RE)) {
    const idx = m.index ?? 0;
    const digits = m[1].replace('`', '');
    // A 64-bit address (WinDbg's `-split form, or 12+ digits); an 8-digit value is far more often a
    // status code, MSR or count (c0000082) than a 32-bit address, so it stays text.
    const split = m[1].includes('`');
    if (!split && digits.length < 12) continue;
    if (!/[a-f]/i.test(digits) && /^0+$/.test(digits)) continue;
    if (idx > last) parts.push({ text: text.slice(last, idx) });
    parts.push({ text: m[0], address: digits.toLowerCase() });
    last = idx + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
