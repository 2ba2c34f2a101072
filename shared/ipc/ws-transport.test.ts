import { describe, expect, it } from 'vitest';
import { createIpcClient } from './client';
import { createWebSocketTransport, ipcSocketUrl, type WebSocketLike } from './ws-transport';

/** A socket double: records what is sent and lets the test play the host. */
function fakeSocket(initialState = 0) {
  const listeners = new Map<string, Array<(event: { data: unknown }) => void>>();
  const sent: unknown[] = [];
  const socket: WebSocketLike & { readyState: number } = {
    readyState: initialState,
    send: (data: string) => void sent.push(JSON.parse(data)),
    close: () => undefined,
    addEventListener: (type: string, listener: (event: { data: unknown }) => void) => {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
  } as WebSocketLike & { readyState: number };
  const fire = (type: string, data?: unknown) => {
    for (const listener of listeners.get(type) ?? []) listener({ data });
  };
  return { socket, sent, fire };
}

describe('createWebSocketTransport', () => {
  it('builds the socket URL from the page origin and token', () => {
    expect(ipcSocketUrl('http://127.0.0.1:5123/', 'a+b')).toBe('ws://127.0.0.1:5123/ipc?token=a%2Bb');
  });

  it('queues calls until the socket opens and pairs results by id', async () => {
    const { socket, sent, fire } = fakeSocket();
    const client = createIpcClient(createWebSocketTransport(socket));
    const call = client.invoke('console:execute', { text: 'r' });
    expect(sent).toEqual([]);
    socket.readyState = 1;
    fire('open');
    expect(sent).toEqual([{ type: 'invoke', id: 1, channel: 'console:execute', payload: { text: 'r' } }]);
    fire(
      'message',
      JSON.stringify({ type: 'result', id: 1, outcome: { ok: true, value: { ok: true, message: null } } }),
    );
    await expect(call).resolves.toEqual({ ok: true, message: null });
  });

  it('ignores junk from the socket and delivers valid pushes', () => {
    const { socket, fire } = fakeSocket(1);
    const transport = createWebSocketTransport(socket);
    const pushes: unknown[] = [];
    transport.subscribe('ui:action', (payload) => pushes.push(payload));
    fire('message', 'not json');
    fire('message', JSON.stringify({ type: 'evil' }));
    fire('message', new Uint8Array([1, 2]));
    fire('message', JSON.stringify({ type: 'push', channel: 'ui:action', payload: { action: 'go' } }));
    expect(pushes).toEqual([{ action: 'go' }]);
  });

  it('fails pending and later calls with code disconnected when the socket closes', async () => {
    const { socket, fire } = fakeSocket(1);
    const transport = createWebSocketTransport(socket);
    const client = createIpcClient(transport);
    let closed = false;
    transport.onClose(() => (closed = true));
    const pending = client.invoke('ports:list', {});
    socket.readyState = 3;
    fire('close');
    await expect(pending).rejects.toMatchObject({ code: 'disconnected' });
    await expect(client.invoke('ports:list', {})).rejects.toMatchObject({ code: 'disconnected' });
    expect(closed).toBe(true);
  });
});
