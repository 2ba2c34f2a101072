// Runs sandboxed before the renderer, with context isolation: the page sees only `window.hdsIpc`,
// an IpcTransport of two functions. No Node or Electron object crosses the bridge; main validates
// every call against shared/ipc, and the renderer's IPC client validates everything it receives.
// esbuild bundles this file (build/build-main.ts; only 'electron' stays a require), so it may use
// shared code that has no imports of its own, like the bridge names and the Emitter.
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, IPC_BRIDGE_KEY } from '../shared/ipc/bridge';
import { Emitter } from '../shared/events/emitter';

/** Pushes by contract channel; payloads stay unknown here, the renderer's client validates them. */
const pushes = new Emitter<Record<string, unknown>>();

ipcRenderer.on(ELECTRON_PUSH_CHANNEL, (_event, channel: unknown, payload: unknown) => {
  if (typeof channel === 'string') pushes.emit(channel, payload);
});

contextBridge.exposeInMainWorld(IPC_BRIDGE_KEY, {
  invoke(channel: unknown, payload: unknown): Promise<unknown> {
    if (typeof channel !== 'string') return Promise.reject(new TypeError('IPC channel must be a string'));
    return ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, payload);
  },
  subscribe(channel: unknown, listener: unknown): () => void {
    if (typeof channel !== 'string' || typeof listener !== 'function') {
      throw new TypeError('subscribe(channel: string, listener: function)');
    }
    return pushes.on(channel, listener as (payload: unknown) => void);
  },
});
