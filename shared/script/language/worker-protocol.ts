/**
 * Messages between the editor and a language Web Worker. The renderer creates the Worker and
 * posts requests; the worker module is `self.onmessage = (e) => self.postMessage(handleLanguageRequest(e.data))`.
 * Every request carries an id that the response repeats, so the editor can drop stale answers
 * (debounce on the editor side, then keep only the newest id).
 */
import type { CompileError } from '../types';
import {
  completionsAt,
  hoverAt,
  signatureHelpAt,
  type ScriptCompletionItem,
  type ScriptHover,
  type ScriptSignatureHelp,
} from './completions';
import { diagnose } from './diagnostics';

export type LanguageRequest =
  | { kind: 'diagnose'; id: number; source: string; prelude?: string[] }
  | { kind: 'complete'; id: number; source: string; offset: number }
  | { kind: 'hover'; id: number; source: string; line: number; column: number }
  | { kind: 'signature'; id: number; source: string; offset: number };

export type LanguageResponse =
  | { kind: 'diagnostics'; id: number; diagnostics: CompileError[] }
  | { kind: 'completions'; id: number; items: ScriptCompletionItem[] }
  | { kind: 'hover'; id: number; hover: ScriptHover | null }
  | { kind: 'signature'; id: number; signature: ScriptSignatureHelp | null }
  | { kind: 'error'; id: number; message: string };

/** Answers one request; never throws (a malformed request gets an `error` response). */
export function handleLanguageRequest(request: unknown): LanguageResponse {
  const message = request as Partial<LanguageRequest> | null;
  const id = typeof message?.id === 'number' ? message.id : -1;
  if (!message || typeof message.source !== 'string') {
    return { kind: 'error', id, message: 'request needs a numeric id and a source string' };
  }
  switch (message.kind) {
    case 'diagnose':
      return {
        kind: 'diagnostics',
        id,
        diagnostics: diagnose(
          message.source,
          Array.isArray(message.prelude) ? { prelude: message.prelude } : {},
        ),
      };
    case 'complete':
      return typeof message.offset === 'number'
        ? { kind: 'completions', id, items: completionsAt(message.source, message.offset) }
        : { kind: 'error', id, message: 'complete needs an offset' };
    case 'hover':
      return typeof message.line === 'number' && typeof message.column === 'number'
        ? { kind: 'hover', id, hover: hoverAt(message.source, message.line, message.column) ?? null }
        : { kind: 'error', id, message: 'hover needs a line and a column' };
    case 'signature':
      return typeof message.offset === 'number'
        ? { kind: 'signature', id, signature: signatureHelpAt(message.source, message.offset) ?? null }
        : { kind: 'error', id, message: 'signature needs an offset' };
    default:
      return {
        kind: 'error',
        id,
        message: `unknown request kind ${String(message.kind)}; use diagnose, complete, hover or signature`,
      };
  }
}
