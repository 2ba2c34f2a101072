import { compileWithGlobals, GlobalTable } from './compiler';
import type { CompileOptions, CompileResult } from './types';

export type { CompileResult, CompileOptions } from './types';
export * from './wire';

/**
 * A debugger session's compiler: HyperDbg numbers `.globals` in first-seen order for the whole
 * session, so the same script can compile differently after earlier scripts created globals.
 */
export class ScriptCompileSession {
  private readonly globals = new GlobalTable();
  constructor(private readonly options: CompileOptions = {}) {}

  compile(source: string): CompileResult {
    return compileWithGlobals(source, this.globals, this.options);
  }
}

/** Compiles one script in a fresh session. */
export function compileScript(source: string, options?: CompileOptions): CompileResult {
  return new ScriptCompileSession(options).compile(source);
}
