export { evaluateScript } from './evaluator';
export { PreparedScript } from './program';
export { createGlobalState, type ScriptGlobalState, type ScriptHost } from './host';
export { GLOBAL_REGION_BASE, STACK_REGION_BASE } from './memory';
export { createMemoryHost } from './memory-host';
export { RegisterFile } from './registers';
