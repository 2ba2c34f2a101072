// Validation used by whichever side receives a message: main checks requests (and its own
// responses before sending), the renderer checks responses and pushes.
import type { z } from 'zod';
import {
  pushChannels,
  requestChannels,
  type PushChannel,
  type PushOf,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from './channels';
import type { IpcErrorPayload } from './envelope';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: IpcErrorPayload };

const MAX_REPORTED_ISSUES = 5;

/** One readable line per schema issue, e.g. `text: Too big: expected string to have <=65536 characters`. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(payload)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length - lines.length;
  if (more > 0) lines.push(`... and ${more} more`);
  return lines.join('; ');
}

export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(requestChannels, channel);
}

function channelLabel(channel: unknown): string | null {
  return typeof channel === 'string' ? channel.slice(0, 64) : null;
}

/** Checks an incoming call against the contract (unknown channel, wrong types, extra keys, oversize). */
export function checkRequest(
  channel: unknown,
  payload: unknown,
): Checked<{ channel: RequestChannel; request: AnyRequest }> {
  if (!isRequestChannel(channel)) {
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `unknown IPC channel '${String(channel).slice(0, 64)}'`,
        channel: channelLabel(channel),
      },
    };
  }
  const parsed = requestChannels[channel].request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-request', message: `${channel}: ${describeIssues(parsed.error)}`, channel },
    };
  }
  return { ok: true, value: { channel, request: parsed.data as AnyRequest } };
}

/** The parsed request of any channel; narrow it with the channel before use. */
type AnyRequest = RequestOf<RequestChannel>;

/** Checks a typed request for a known channel (the narrowing variant used by handlers). */
export function checkRequestFor<C extends RequestChannel>(
  channel: C,
  payload: unknown,
): Checked<RequestOf<C>> {
  const parsed = requestChannels[channel].request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid-request', message: `${channel}: ${describeIssues(parsed.error)}`, channel },
    };
  }
  return { ok: true, value: parsed.data as RequestOf<C> };
}

export function checkResponse<C extends RequestChannel>(channel: C, value: unknown): Checked<ResponseOf<C>> {
  const parsed = requestChannels[channel].response.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-response',
        message: `${channel} response: ${describeIssues(parsed.error)}`,
        channel,
      },
    };
  }
  return { ok: true, value: parsed.data as ResponseOf<C> };
}

export function checkPush<C extends PushChannel>(channel: C, payload: unknown): Checked<PushOf<C>> {
  const parsed = pushChannels[channel].safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-response',
        message: `${channel} push: ${describeIssues(parsed.error)}`,
        channel,
      },
    };
  }
  return { ok: true, value: parsed.data as PushOf<C> };
}
