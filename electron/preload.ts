// Runs sandboxed before the renderer, with context isolation: the page sees only `window.hdsIpc`,
// an IpcTransport of two functions. No Node or Electron object crosses the bridge; main validates
// every call against shared/ipc, and the renderer's IPC client validates everything it receives.
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, IPC_BRIDGE_KEY } from '../shared/ipc/bridge';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ELECTRON_PUSH_CHANNEL, (_event, channel: unknown, payload: unknown) => {
  if (typeof channel !== 'string') return;
  for (const listener of listeners.get(channel) ?? []) listener(payload);
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
    const callback = listener as (payload: unknown) => void;
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(callback);
    return () => {
      set.delete(callback);
    };
  },
});
