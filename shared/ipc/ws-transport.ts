// Browser-mode transport: the same contract over one WebSocket to the headless host. Written
// against a minimal socket interface so it runs on the browser's WebSocket and on `ws` in tests.
import type { IpcTransport } from './client';
import { WireFromHost, type InvokeOutcome, type WireInvoke } from './envelope';
import { Emitter } from '../events/emitter';

/** Path of the host's WebSocket endpoint; the per-run token goes in the `token` query parameter. */
export const IPC_SOCKET_PATH = '/ipc';
export const TOKEN_PARAM = 'token';

/** The subset of the WHATWG WebSocket API the transport needs (the `ws` package implements it too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
}

const OPEN = 1;
const CLOSING_OR_CLOSED = 2;

export interface WebSocketTransport extends IpcTransport {
  /** Resolves once the socket is open; rejects if it closes first. */
  readonly ready: Promise<void>;
  /** Called when the host closes the link (host stopped, token rejected). */
  onClose(listener: () => void): void;
  close(): void;
}

/** `ws://HOST/ipc?token=T` for the page at `pageOrigin` (e.g. `http://127.0.0.1:5123`). */
export function ipcSocketUrl(pageOrigin: string, token: string): string {
  const origin = pageOrigin.replace(/\/+$/, '').replace(/^http/, 'ws');
  return `${origin}${IPC_SOCKET_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export function createWebSocketTransport(socket: WebSocketLike): WebSocketTransport {
  let nextId = 1;
  const pending = new Map<number, (outcome: InvokeOutcome) => void>();
  const pushes = new Emitter<Record<string, unknown>>();
  const closing = new Emitter<{ close: undefined }>();
  const queued: string[] = [];

  const ready = new Promise<void>((resolve, reject) => {
    if (socket.readyState === OPEN) resolve();
    socket.addEventListener('open', () => {
      for (const text of queued.splice(0)) socket.send(text);
      resolve();
    });
    socket.addEventListener('close', () => reject(new Error('the browser-mode host closed the connection')));
  });
  // `ready` rejecting is reported through pending calls and onClose; keep it from being "unhandled".
  ready.catch(() => undefined);

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      return;
    }
    const message = WireFromHost.safeParse(json);
    if (!message.success) return;
    if (message.data.type === 'result') {
      const settle = pending.get(message.data.id);
      pending.delete(message.data.id);
      settle?.(message.data.outcome);
    } else {
      pushes.emit(message.data.channel, message.data.payload);
    }
  });

  socket.addEventListener('close', () => {
    for (const [id, settle] of pending) {
      pending.delete(id);
      settle({
        ok: false,
        error: {
          code: 'disconnected',
          message: 'the browser-mode host closed the connection; reload the page or restart `hds start`',
          channel: null,
        },
      });
    }
    closing.emit('close', undefined);
  });

  return {
    ready,
    invoke(channel, payload) {
      const id = nextId++;
      const call: WireInvoke = { type: 'invoke', id, channel, payload };
      return new Promise<InvokeOutcome>((resolve) => {
        if (socket.readyState >= CLOSING_OR_CLOSED) {
          resolve({
            ok: false,
            error: {
              code: 'disconnected',
              message: 'the browser-mode host connection is closed; reload the page',
              channel,
            },
          });
          return;
        }
        pending.set(id, resolve);
        const text = JSON.stringify(call);
        if (socket.readyState === OPEN) socket.send(text);
        else queued.push(text);
      });
    },
    subscribe(channel, listener) {
      return pushes.on(channel, listener);
    },
    onClose(listener) {
      closing.on('close', listener);
    },
    close() {
      socket.close(1000, 'closed by the renderer');
    },
  };
}
