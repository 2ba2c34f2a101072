// The renderer's one code path to main. A transport only moves opaque payloads; this client
// validates what it sends (so a renderer bug fails loudly before leaving the page) and everything
// it receives (so a main-side bug never corrupts the renderer's stores).
import type { PushChannel, PushOf, RequestChannel, RequestOf, ResponseOf } from './channels';
import { InvokeOutcome, IpcCallError } from './envelope';
import { checkPush, checkRequestFor, checkResponse, describeIssues } from './validate';

/**
 * What carries the calls. In Electron it is the object the preload script exposes through
 * contextBridge (`window[IPC_BRIDGE_KEY]`); in browser mode it is `createWebSocketTransport`.
 * `invoke` resolves with an `InvokeOutcome`; it never rejects for a handler failure.
 */
export interface IpcTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export { IPC_BRIDGE_KEY } from './bridge';

export interface IpcClient {
  /** Calls main. Rejects with `IpcCallError` (code `invalid-request`, `failed`, `disconnected`, ...). */
  invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Listens to a pushed channel; returns the unsubscribe function. Invalid pushes never reach `listener`. */
  on<C extends PushChannel>(channel: C, listener: (payload: PushOf<C>) => void): () => void;
}

export interface IpcClientOptions {
  /** Told about pushes that failed validation (they are dropped). Defaults to console.error when present. */
  onInvalidPush?: (channel: PushChannel, message: string) => void;
}

function reportInvalidPush(channel: PushChannel, message: string): void {
  // shared/ has no DOM or Node typings; both runtimes provide console.
  const host = globalThis as { console?: { error(...args: unknown[]): void } };
  host.console?.error(`[ipc] dropped an invalid ${channel} push: ${message}`);
}

export function createIpcClient(transport: IpcTransport, options: IpcClientOptions = {}): IpcClient {
  const onInvalidPush = options.onInvalidPush ?? reportInvalidPush;
  return {
    async invoke(channel, request) {
      const checked = checkRequestFor(channel, request);
      if (!checked.ok) throw new IpcCallError(checked.error);
      const raw = await transport.invoke(channel, checked.value);
      const outcome = InvokeOutcome.safeParse(raw);
      if (!outcome.success) {
        throw new IpcCallError({
          code: 'invalid-response',
          message: `${channel}: malformed outcome: ${describeIssues(outcome.error)}`,
          channel,
        });
      }
      if (!outcome.data.ok) throw new IpcCallError(outcome.data.error);
      const response = checkResponse(channel, outcome.data.value);
      if (!response.ok) throw new IpcCallError(response.error);
      return response.value;
    },
    on(channel, listener) {
      return transport.subscribe(channel, (payload) => {
        const checked = checkPush(channel, payload);
        if (checked.ok) listener(checked.value);
        else onInvalidPush(channel, checked.error.message);
      });
    },
  };
}
