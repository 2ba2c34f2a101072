/**
 * What `hds connect`'s prompt completes with Tab and repeats on an empty Enter, as hyperdbg-cli:
 * the first word completes to command names, `@name` to registers, `$name` to pseudo-registers,
 * other words to modules and `module!symbol`; Enter on an empty line runs the previous command
 * again when HyperDbg marks it "repeat on enter" (stepping, g, memory and disassembly views, r,
 * ? and print).
 */
import { PSEUDO_REGISTER_NAMES, REGISTER_NAMES } from '../../../shared/script/generated/tables';

/** DEBUGGER_COMMAND_ATTRIBUTE_REPEAT_ON_ENTER in HyperDbg v0.23's table. */
const REPEAT_ON_ENTER = new Set([
  'g', 'go', 'gg', 'p', 'pr', 't', 'tr', 'i', 'ir', 'gu', 'r', '?', 'eval', 'evaluate', 'print',
  '.formats', '.format', 'dt', '!dt', 'db', 'dc', 'dd', 'dq', 'dl', '!db', '!dc', '!dd', '!dq', '!dl',
  'u', 'u64', 'u2', 'u32', '!u', '!u64', '!u2', '!u32',
]); // prettier-ignore

/** The line an empty Enter runs: the previous one when its command repeats, else nothing. */
export function repeatOnEnter(previous: string | undefined): string | undefined {
  const name = previous?.trim().split(/\s+/)[0]?.toLowerCase();
  return name !== undefined && REPEAT_ON_ENTER.has(name) ? previous : undefined;
}

export interface CompletionSources {
  /** Every command name (aliases included). */
  readonly commands: readonly string[];
  /** Module names, or `module!symbol` names when the prefix has a `!`. */
  completeSymbol(prefix: string): readonly string[];
}

/** readline's completer answer: the candidates for the word at the end of `line`, and that word. */
export function completeConsoleLine(line: string, sources: CompletionSources): [string[], string] {
  const word = /\S*$/.exec(line)![0];
  const first = line.trimStart() === word;
  let candidates: readonly string[];
  if (first) candidates = sources.commands;
  else if (word.startsWith('@')) candidates = REGISTER_NAMES.map((r) => `@${r}`);
  else if (word.startsWith('$')) candidates = PSEUDO_REGISTER_NAMES.map((r) => `$${r}`);
  else if (word === '') return [[], word];
  else candidates = sources.completeSymbol(word);
  const lower = word.toLowerCase();
  return [[...new Set(candidates.filter((c) => c.toLowerCase().startsWith(lower)))].sort(), word];
}
