// Starts the log store worker from the TypeScript sources (CLI under tsx, tests): registers tsx in
// the worker thread, then loads it. The bundled app starts dist/electron/store-worker.cjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./store-worker.ts');
