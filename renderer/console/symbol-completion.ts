// Tab completion with the session's `module!name` symbols: the host's symbol resolver knows the
// modules the debuggee reported and the public symbols of their PDBs, so the word before the
// caret is sent as a prefix (`symbols:complete`) and the answers join the local candidates.
import type { IpcClient } from '../../shared/ipc/client';
import { completeCommandLine, type CompletionResult, type CompletionLists } from './command-syntax';

/** Names asked for per Tab (the completion list shows 50). */
export const SYMBOL_COMPLETION_LIMIT = 50;

/** A word that can be a module name or `module!name` (not a register, pseudo-register or number). */
const SYMBOL_WORD = /^[A-Za-z_][\w.-]*(?:![^\s*?]*)?$/;

export function wantsSymbols(line: string, from: number, word: string): boolean {
  return line.slice(0, from).trim() !== '' && SYMBOL_WORD.test(word);
}

export async function completeWithSymbols(
  client: Pick<IpcClient, 'invoke'>,
  line: string,
  caret: number,
  sources: CompletionLists,
): Promise<CompletionResult> {
  const local = completeCommandLine(line, caret, sources);
  const word = line.slice(local.from, caret);
  if (!wantsSymbols(line, local.from, word)) return local;
  let names: readonly string[];
  try {
    ({ names } = await client.invoke('symbols:complete', { prefix: word, limit: SYMBOL_COMPLETION_LIMIT }));
  } catch {
    // Not connected (or the host failed): the local candidates still complete.
    return local;
  }
  return completeCommandLine(line, caret, { ...sources, symbols: [...sources.symbols, ...names] });
}
