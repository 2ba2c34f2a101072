export * from './builtins';
export * from './completions';
export * from './diagnostics';
export * from './monarch';
export * from './worker-protocol';
