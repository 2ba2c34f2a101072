export { evaluateScript } from './evaluator';
export { PreparedScript } from './program';
export {
  createGlobalState,
  EVENT_TAG_START_SEED,
  MAX_EXECUTION_COUNT,
  MAX_STACK_BUFFER_COUNT,
  MAX_VAR_COUNT,
  type EvalOptions,
  type EvalResult,
  type ScriptGlobalState,
  type ScriptHost,
} from './host';
export { CODE_REGION_BASE, GLOBAL_REGION_BASE, STACK_REGION_BASE } from './memory';
export { createMemoryHost, type MemoryHostOptions } from './memory-host';
export { RegisterFile, REGISTER_FILE_FIELDS, type RegisterField } from './registers';
