import { describe, expect, it } from 'vitest';
import {
  LIVE_LOG_LIMIT,
  SessionBatch,
  type EventRow,
  type EventsUpdate,
  type LogEntry,
} from '../../shared/ipc';
import { PendingEvents, SessionBatcher, type BatcherOptions } from './batcher';

/** A manual clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimer: (callback: () => void, ms: number) => {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
}

function log(id: number): LogEntry {
  return {
    id,
    time: 1_700_000_000_000 + id,
    kind: 'event-output',
    eventTag: 0x1000001,
    stage: 'pre',
    core: 0,
    text: `line ${id}`,
  };
}

function setup(options: Partial<BatcherOptions> = {}) {
  const timers = fakeTimers();
  const batches: SessionBatch[] = [];
  const batcher = new SessionBatcher((b) => batches.push(b), { ...timers, ...options });
  return { timers, batches, batcher };
}

describe('SessionBatcher time window', () => {
  it('coalesces everything that arrives within one window into one batch', () => {
    const { timers, batches, batcher } = setup({ windowMs: 16 });
    for (let i = 0; i < 500; i++) batcher.appendLog(log(i));
    batcher.appendConsole({ stream: 'output', text: 'a' });
    batcher.setState({ phase: 'running', endpoint: 'sim', detail: null });
    expect(batches).toHaveLength(0);
    timers.advance(15);
    expect(batches).toHaveLength(0);
    timers.advance(1);
    expect(batches).toHaveLength(1);
    expect(batches[0].logs.map((l) => l.id)).toEqual([...Array(500).keys()]);
    expect(batches[0].state?.phase).toBe('running');
    expect(SessionBatch.safeParse(batches[0]).success).toBe(true);
  });

  it('sends nothing when nothing changed, and numbers batches in order', () => {
    const { timers, batches, batcher } = setup();
    timers.advance(100);
    expect(batches).toHaveLength(0);
    batcher.appendLog(log(1));
    timers.advance(16);
    batcher.appendLog(log(2));
    timers.advance(16);
    expect(batches.map((b) => b.seq)).toEqual([0, 1]);
    expect(timers.pending).toBe(0);
  });

  it('keeps only the latest value of state-like fields', () => {
    const { timers, batches, batcher } = setup();
    batcher.setState({ phase: 'connecting', endpoint: 'sim', detail: null });
    batcher.setState({ phase: 'paused', endpoint: 'sim', detail: null });
    batcher.setPaused(null);
    timers.advance(16);
    expect(batches[0].state?.phase).toBe('paused');
    expect(batches[0].paused).toBeNull();
    batcher.appendLog(log(3));
    timers.advance(16);
    expect(batches[1].state).toBeUndefined();
    expect('paused' in batches[1]).toBe(false);
  });
});

describe('SessionBatcher size caps', () => {
  it("pushes a window's newest log lines up to the live tail's size and counts the older ones as elided", () => {
    const { timers, batches, batcher } = setup({ maxPendingLogs: 100 });
    for (let i = 0; i < 250; i++) batcher.appendLog(log(i));
    expect(batches).toHaveLength(0);
    timers.advance(16);
    expect(batches).toHaveLength(1);
    expect(batches[0].logs.map((l) => l.id)).toEqual(Array.from({ length: 100 }, (_, i) => 150 + i));
    expect(batches[0].link?.elidedLogs).toBe(150);
    for (let i = 250; i < 260; i++) batcher.appendLog(log(i));
    timers.advance(16);
    expect(batches[1].logs.map((l) => l.id)).toEqual(Array.from({ length: 10 }, (_, i) => 250 + i));
    expect(batcher.elided.logs).toBe(150);
  });

  it('pushes at most the live tail a window keeps by default', () => {
    const { timers, batches, batcher } = setup();
    for (let i = 0; i < LIVE_LOG_LIMIT + 7; i++) batcher.appendLog(log(i));
    timers.advance(16);
    expect(batches[0].logs).toHaveLength(LIVE_LOG_LIMIT);
    expect(batches[0].logs[0].id).toBe(7);
  });

  it('sends a batch when the console text cap is reached', () => {
    const { batches, batcher } = setup({ maxConsoleBytesPerBatch: 1000 });
    batcher.appendConsole({ stream: 'output', text: 'x'.repeat(600) });
    expect(batches).toHaveLength(0);
    batcher.appendConsole({ stream: 'error', text: 'y'.repeat(600) });
    expect(batches).toHaveLength(1);
    expect(batches[0].console.map((c) => c.text.length)).toEqual([600, 600]);
  });

  it('joins consecutive chunks of the same stream', () => {
    const { timers, batches, batcher } = setup();
    batcher.appendConsole({ stream: 'echo', text: '0: kHyperDbg> r\n' });
    batcher.appendConsole({ stream: 'output', text: 'RAX=1\n' });
    batcher.appendConsole({ stream: 'output', text: 'RBX=2\n' });
    timers.advance(16);
    expect(batches[0].console).toEqual([
      { stream: 'echo', text: '0: kHyperDbg> r\n' },
      { stream: 'output', text: 'RAX=1\nRBX=2\n' },
    ]);
  });

  it('while congested, keeps the newest logs, counts the elided ones and reports them in link stats', () => {
    let congested = true;
    const { timers, batches, batcher } = setup({
      maxPendingLogs: 1000,
      canSend: () => !congested,
    });
    for (let i = 0; i < 5000; i++) batcher.appendLog(log(i));
    timers.advance(100);
    expect(batches).toHaveLength(0);
    congested = false;
    timers.advance(16);
    expect(batches).toHaveLength(1);
    expect(batches[0].logs).toHaveLength(1000);
    expect(batches[0].logs[0].id).toBe(4000);
    expect(batches[0].logs.at(-1)?.id).toBe(4999);
    expect(batches[0].link?.elidedLogs).toBe(4000);
    expect(batcher.elided.logs).toBe(4000);
  });

  it('bounds pending console text and says how much was elided', () => {
    let congested = true;
    const { timers, batches, batcher } = setup({
      maxConsoleBytesPerBatch: 100,
      maxPendingConsoleBytes: 100,
      canSend: () => !congested,
    });
    for (let i = 0; i < 10; i++) batcher.appendConsole({ stream: 'output', text: String(i).repeat(60) });
    congested = false;
    timers.advance(16);
    const texts = batches.flatMap((b) => b.console.map((c) => c.text));
    expect(texts[0]).toMatch(/^\[500 characters of console output elided/);
    expect(texts.slice(1).join('')).toBe('8'.repeat(40) + '9'.repeat(60));
    expect(batcher.elided.consoleBytes).toBe(500);
  });

  it('cuts a single oversize chunk to its newest characters', () => {
    let congested = true;
    const { timers, batches, batcher } = setup({ maxPendingConsoleBytes: 100, canSend: () => !congested });
    batcher.appendConsole({ stream: 'output', text: 'a'.repeat(150) + 'b'.repeat(100) });
    congested = false;
    timers.advance(16);
    expect(batches[0].console.map((c) => c.text)).toEqual([
      expect.stringMatching(/^\[150 characters/),
      'b'.repeat(100),
    ]);
  });
});

const mergeEventUpdates = (...updates: EventsUpdate[]): EventsUpdate | undefined => {
  const pending = new PendingEvents();
  for (const update of updates) pending.add(update);
  return pending.take();
};

describe('pending event updates', () => {
  const row = (tag: number, state: EventRow['state'] = 'enabled'): EventRow => ({
    tag,
    id: tag - 0x1000000,
    type: '!epthook',
    target: 'nt!NtCreateFile',
    stage: null,
    pid: null,
    core: null,
    immediate: true,
    shortCircuit: false,
    condition: null,
    actions: [],
    state,
    hits: { pre: 0, post: 0 },
    commandText: '!epthook nt!NtCreateFile',
  });

  it('applies a diff onto a pending snapshot', () => {
    const merged = mergeEventUpdates(
      { kind: 'snapshot', events: [row(0x1000001), row(0x1000002)] },
      { kind: 'diff', upserts: [row(0x1000002, 'disabled'), row(0x1000003)], removedTags: [0x1000001] },
    );
    expect(merged).toEqual({ kind: 'snapshot', events: [row(0x1000002, 'disabled'), row(0x1000003)] });
  });

  it('merges two diffs so that a later removal wins over an earlier upsert and vice versa', () => {
    const merged = mergeEventUpdates(
      { kind: 'diff', upserts: [row(0x1000001)], removedTags: [0x1000002] },
      { kind: 'diff', upserts: [row(0x1000002)], removedTags: [0x1000001] },
    );
    expect(merged).toEqual({ kind: 'diff', upserts: [row(0x1000002)], removedTags: [0x1000001] });
  });

  it('keeps the newest row of an event updated many times, and a snapshot replaces everything before it', () => {
    const hit = (n: number): EventRow => ({ ...row(0x1000001), hits: { pre: n, post: 0 } });
    const diffs = Array.from({ length: 1000 }, (_, n) => ({
      kind: 'diff' as const,
      upserts: [hit(n + 1)],
      removedTags: [],
    }));
    expect(mergeEventUpdates(...diffs)).toEqual({ kind: 'diff', upserts: [hit(1000)], removedTags: [] });
    expect(mergeEventUpdates(...diffs, { kind: 'snapshot', events: [row(0x1000004)] }, diffs[0]!)).toEqual({
      kind: 'snapshot',
      events: [row(0x1000004), hit(1)],
    });
    const pending = new PendingEvents();
    expect(pending.take()).toBeUndefined();
    pending.add(diffs[0]!);
    pending.take();
    expect(pending.isPending).toBe(false);
  });
});
