import { describe, expect, it } from 'vitest';
import type { IpcClient } from '../../shared/ipc/client';
import type { PushOf, RequestChannel } from '../../shared/ipc/channels';
import { IpcCallError } from '../../shared/ipc/envelope';
import { createSessionStore } from './session-store';

/** An in-memory main process: records calls, answers from a table, pushes batches on demand. */
function fakeClient(answers: Partial<Record<RequestChannel, (req: unknown) => unknown>>) {
  const calls: string[] = [];
  let push: ((b: PushOf<'session:batch'>) => void) | undefined;
  const client: IpcClient = {
    async invoke(channel, request) {
      calls.push(channel);
      const answer = answers[channel];
      if (!answer)
        throw new IpcCallError({
          code: 'failed',
          message: `${channel} failed: the debuggee is not connected`,
          channel,
        });
      return answer(request) as never;
    },
    on(channel, listener) {
      if (channel === 'session:batch') push = listener as (b: PushOf<'session:batch'>) => void;
      return () => undefined;
    },
  };
  return { client, calls, push: (b: PushOf<'session:batch'>) => push?.(b) };
}

const snapshot = {
  state: { phase: 'paused' as const, endpoint: 'sim', detail: null },
  handshake: { stage: 'started' as const, hints: [] },
  paused: null,
  events: [],
  pools: { counts: [], warnings: [], refreshedAt: null },
  breakpoints: [],
  cores: [],
  link: {
    bytesInPerSec: 0,
    bytesOutPerSec: 0,
    messagesPerSec: 0,
    droppedFrames: 0,
    elidedLogs: 0,
  },
  lastLogId: 41,
};

describe('session store', () => {
  it('applies pushed batches once per frame and re-snapshots after a gap', async () => {
    const frames: (() => void)[] = [];
    const fake = fakeClient({ 'session:snapshot': () => snapshot });
    const store = createSessionStore(fake.client, (cb) => frames.push(cb));
    fake.push({ seq: 1, console: [{ stream: 'output', text: 'hello' }], logs: [] });
    fake.push({ seq: 2, console: [{ stream: 'output', text: 'world' }], logs: [] });
    expect(store.getState().console).toEqual([]);
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(store.getState().console.map((l) => l.text)).toEqual(['hello', 'world']);
    expect(fake.calls).toEqual([]);
    fake.push({ seq: 5, console: [], logs: [] });
    frames.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.calls).toEqual(['session:snapshot']);
    expect(store.getState().session.phase).toBe('paused');
    expect(store.getState().lastLogId).toBe(41);
    expect(store.getState().needsResync).toBe(false);
  });

  it('a flood while hidden keeps only the newest batches, says so and re-reads the host', async () => {
    const timers: (() => void)[] = [];
    const fake = fakeClient({ 'session:snapshot': () => snapshot });
    // No animation frames at all: the window is minimised.
    const store = createSessionStore(fake.client, () => undefined, {
      maxPending: 2,
      setTimer: (cb) => timers.push(cb),
    });
    for (let seq = 1; seq <= 6; seq++)
      fake.push({ seq, console: [{ stream: 'output', text: `line ${seq}` }], logs: [] });
    expect(timers.length).toBe(1);
    timers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    const text = store.getState().console.map((l) => l.text);
    expect(text.slice(0, 2)).toEqual(['line 5', 'line 6']);
    expect(text[2]).toMatch(/^4 update batches were dropped/);
    expect(fake.calls).toEqual(['session:snapshot']);
    expect(store.getState().needsResync).toBe(false);
  });

  it('writes IPC errors to the console, but not a failed command a second time (the host streamed it)', async () => {
    const fake = fakeClient({
      'console:execute': () => ({ ok: false, message: "err, couldn't resolve error at 'nt!Nope'" }),
    });
    const store = createSessionStore(fake.client, (cb) => cb());
    expect(await store.getState().execute('bp nt!Nope')).toBe(false);
    expect(await store.getState().pause()).toBe(false);
    expect(store.getState().console.map((l) => `${l.stream}:${l.text}`)).toEqual([
      'error:pause: debug:pause failed: the debuggee is not connected',
    ]);
  });
});
