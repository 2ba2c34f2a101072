// Opens the IPC client for wherever the renderer runs: inside Electron the preload script exposes
// the transport on `window.hdsIpc`; in browser mode the page was opened as
// `http://127.0.0.1:PORT/?token=T` and the client talks to the host over its WebSocket.
import { createIpcClient, IPC_BRIDGE_KEY, type IpcClient, type IpcTransport } from '../../shared/ipc/client';
import { createWebSocketTransport, ipcSocketUrl, TOKEN_PARAM } from '../../shared/ipc/ws-transport';

export interface OpenedClient {
  readonly client: IpcClient;
  readonly mode: 'electron' | 'browser';
  /** Resolves once calls can flow (immediately in Electron). */
  readonly ready: Promise<void>;
  onClose(listener: () => void): void;
}

export function openClient(): OpenedClient {
  const bridge = (window as unknown as Record<string, IpcTransport | undefined>)[IPC_BRIDGE_KEY];
  if (bridge) {
    return {
      client: createIpcClient(bridge),
      mode: 'electron',
      ready: Promise.resolve(),
      onClose: () => undefined,
    };
  }
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM) ?? '';
  const transport = createWebSocketTransport(new WebSocket(ipcSocketUrl(window.location.origin, token)));
  return {
    client: createIpcClient(transport),
    mode: 'browser',
    ready: transport.ready,
    onClose: (l) => transport.onClose(l),
  };
}
