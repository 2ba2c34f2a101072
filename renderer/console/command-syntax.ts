// What the console knows about HyperDbg's command line: the command names (for highlighting
// and completion), the register names, how to split a line into highlight tokens, when a
// multi-line `{ … }` block is complete, and which commands Enter repeats on an empty line.
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from '../../shared/script/generated/tables';
import { COMMAND_HELP } from '../../shared/command-help/entries';

/** Every name of HyperDbg v0.23's command table (aliases included), from the help data. */
export const COMMAND_NAMES: readonly string[] = COMMAND_HELP.flatMap((entry) => entry.names);

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

/** The registers a debugger user reaches for first, in the order WinDbg's `r` lists them. */
const FIRST_REGISTERS = [
  'rax',
  'rbx',
  'rcx',
  'rdx',
  'rsi',
  'rdi',
  'rbp',
  'rsp',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
  'rip',
  'rflags',
];

/** Registers in completion order: the general ones as above, then the rest in HyperDbg's table order. */
export const REGISTER_COMPLETION_ORDER: readonly string[] = [
  ...FIRST_REGISTERS,
  ...REGISTER_NAMES.filter((r) => !FIRST_REGISTERS.includes(r)),
];

/** HyperDbg's pseudo-registers as written in commands and scripts (`$pid`, `$event_stage` ...). */
export const PSEUDO_REGISTERS: readonly string[] = PSEUDO_REGISTER_NAMES.map((p) => `$${p}`);

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
  if (word === '' && !isFirst) return { from, items: [] };
  const matching = (pool: readonly string[]) => pool.filter((c) => c.toLowerCase().startsWith(lower));
  const shortestFirst = (pool: readonly string[]) =>
    matching(pool).sort((a, b) => a.length - b.length || a.localeCompare(b));
  // Commands shortest first (`.` lists `.sym` before `.sympath`); registers in the order above;
  // then keywords, functions and module!symbol names shortest first.
  const ranked = isFirst
    ? shortestFirst(COMMAND_NAMES)
    : word.startsWith('@')
      ? matching(REGISTER_COMPLETION_ORDER.map((r) => '@' + r))
      : word.startsWith('$')
        ? matching(PSEUDO_REGISTERS)
        : [
            ...matching(REGISTER_COMPLETION_ORDER),
            ...shortestFirst([...OPTION_KEYWORDS, ...sources.functions, ...sources.symbols]),
          ];
  return { from, items: [...new Set(ranked)].slice(0, 50) };
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
