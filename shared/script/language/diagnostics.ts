/**
 * Editor diagnostics from the real compiler: the same accept/reject decision and message text
 * HyperDbg gives, with the compiler's 1-based source range. Pure and synchronous so it can run
 * inside a Web Worker; debouncing is the caller's job.
 */
import { ScriptCompileSession } from '../index';
import type { CompileOptions, CompileError } from '../types';

export interface DiagnoseOptions extends CompileOptions {
  /**
   * Scripts already sent in this debugger session (for example `? .counter = 0`), compiled first
   * in the same compile session so the globals they created are known, as in HyperDbg.
   */
  prelude?: readonly string[];
}

export function diagnose(source: string, options: DiagnoseOptions = {}): CompileError[] {
  try {
    const session = new ScriptCompileSession(
      options.includeResolver ? { includeResolver: options.includeResolver } : {},
    );
    for (const earlier of options.prelude ?? []) session.compile(earlier);
    const result = session.compile(source);
    return result.ok ? [] : [result.error];
  } catch (error) {
    // The compiler is not supposed to throw; if it does, show that rather than nothing.
    return [
      {
        message: `internal compiler error: ${error instanceof Error ? error.message : String(error)}`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
      },
    ];
  }
}
