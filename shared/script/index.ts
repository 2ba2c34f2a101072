export type { ScriptDiagnostic, CompileResult, CompileOptions } from './types';
export * from './wire';
