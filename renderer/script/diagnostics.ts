// Messages between the editor and the diagnostics worker, and the mapping from a compile
// result to editor markers.
import type { CompileResult, CompileError } from '../../shared/script/types';

export interface DiagnosticsRequest {
  readonly id: number;
  readonly source: string;
}

/** A compile error plus our second line where we know more than the compiler says. */
export interface ExplainedError extends CompileError {
  readonly hint?: string;
}

export interface DiagnosticsResponse {
  readonly id: number;
  readonly diagnostics: ExplainedError[];
}

/** HyperDbg's cause line, then our hint on a second line (the marker's and the list's text). */
export function markerMessage(error: ExplainedError): string {
  return error.hint ? `${shortMessage(error.message)}\n${error.hint}` : shortMessage(error.message);
}

export function toDiagnostics(result: CompileResult): CompileError[] {
  if (result.ok) return [];
  const e = result.error;
  // A zero-width range would be invisible in the editor: widen it to one column.
  const endColumn = e.endLine === e.line && e.endColumn <= e.column ? e.column + 1 : e.endColumn;
  return [{ ...e, endColumn }];
}

/** The last line of HyperDbg's message (`Line n:\n<line>\n<caret>\n<cause>`) is the cause. */
export function shortMessage(message: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? message;
}
