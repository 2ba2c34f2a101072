// How results and errors cross the boundary. Electron rewrites errors thrown by an `ipcMain.handle`
// handler into an opaque "Error invoking remote method" string, and a WebSocket carries no
// exceptions at all, so main never throws across the boundary: it returns an `InvokeOutcome`.
import { z } from 'zod';
import { MAX_MESSAGE, MAX_NAME } from './limits';

export const IpcErrorCode = z.enum([
  /** The request did not match the contract (unknown channel, wrong types, extra fields, oversize). */
  'invalid-request',
  /** The response or push did not match the contract: a bug on the sending side. */
  'invalid-response',
  /** The call came from a frame or connection that is not ours. */
  'forbidden',
  /** The handler failed; `message` says why and what to do. */
  'failed',
  /** The transport closed before the answer arrived. */
  'disconnected',
]);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

export const IpcErrorPayload = z.strictObject({
  code: IpcErrorCode,
  message: z.string().max(MAX_MESSAGE),
  channel: z.string().max(MAX_NAME).nullable(),
});
export type IpcErrorPayload = z.infer<typeof IpcErrorPayload>;

export const InvokeOutcome = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: IpcErrorPayload }),
]);
export type InvokeOutcome = z.infer<typeof InvokeOutcome>;

/** An IPC failure as the renderer sees it: `invoke` rejects with this. */
export class IpcCallError extends Error {
  readonly code: IpcErrorCode;
  readonly channel: string | null;
  constructor(payload: IpcErrorPayload) {
    super(payload.message);
    this.name = 'IpcCallError';
    this.code = payload.code;
    this.channel = payload.channel;
  }
}

// ---------------------------------------------------------------------------------------------
// Browser-mode wire format (one JSON object per WebSocket text message)

/** Browser → host. `id` pairs the result with its call. */
export const WireInvoke = z.strictObject({
  type: z.literal('invoke'),
  id: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(MAX_NAME),
  payload: z.unknown(),
});
export type WireInvoke = z.infer<typeof WireInvoke>;

/** Host → browser. */
export const WireFromHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('result'), id: z.int().nonnegative(), outcome: InvokeOutcome }),
  z.strictObject({ type: z.literal('push'), channel: z.string().max(MAX_NAME), payload: z.unknown() }),
]);
export type WireFromHost = z.infer<typeof WireFromHost>;
