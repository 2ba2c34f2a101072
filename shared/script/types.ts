/** Public types of the script compiler (shared by the session core, simulator and editor). */

/** A compile error: HyperDbg's exact message text plus a 1-based source range for the editor. */
export interface CompileError {
  /** The message exactly as HyperDbg v0.23 prints it (`Line <n>:\n<line>\n<caret>^\n<cause>`). */
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type CompileResult =
  | { ok: true; /** the wire buffer exactly as HyperDbg sends it */ bytes: Uint8Array }
  | { ok: false; error: CompileError };

export interface CompileOptions {
  /** `#include`: source text of a file relative to the script directory, or undefined if missing. */
  includeResolver?: (path: string) => string | undefined;
}
