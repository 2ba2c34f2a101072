import { describe, expect, it } from 'vitest';
import type { SessionBatch } from '../../shared/ipc/channels';
import type { EventRow, LogEntry, PausedContext } from '../../shared/ipc/model';
import { LIVE_LOG_LIMIT } from '../../shared/ipc/limits';
import { applyBatches, CONSOLE_LINE_LIMIT, initialSessionView } from './session-reducer';
import { createFrameCoalescer } from './frame-scheduler';

function batch(seq: number, extra: Partial<SessionBatch> = {}): SessionBatch {
  return { seq, console: [], logs: [], ...extra };
}

function event(tag: number, state: EventRow['state'] = 'enabled'): EventRow {
  return {
    tag,
    id: tag - 0x1000000,
    type: '!monitor',
    target: 'fffff80000001000',
    stage: 'all',
    pid: null,
    core: null,
    immediate: true,
    shortCircuit: false,
    condition: null,
    actions: [],
    state,
    hits: { pre: 0, post: 0 },
    commandText: '!monitor',
  };
}

function log(id: number): LogEntry {
  return {
    id,
    time: id,
    kind: 'event-output',
    eventTag: 0x1000000,
    stage: 'pre',
    core: 0,
    text: `line ${id}`,
  };
}

const paused: PausedContext = {
  core: 1,
  processId: 4,
  threadId: 8,
  processName: 'System',
  process: 'ffffc58a0f2c1040',
  thread: 'ffffc58a0f341040',
  reason: 'pause',
  rip: 'fffff80000001000',
  registers: [{ name: 'rax', value: '1' }],
  disassembly: [],
  eventTag: null,
  stage: null,
};

describe('session reducer', () => {
  it('applies state, paused and a run of batches in order', () => {
    const v = applyBatches(initialSessionView(), [
      batch(1, { state: { phase: 'paused', endpoint: 'sim', detail: null }, paused }),
      batch(2, {
        console: [
          { stream: 'output', text: 'a\nb\n' },
          { stream: 'error', text: 'c' },
        ],
      }),
    ]);
    expect(v.session.phase).toBe('paused');
    expect(v.paused?.rip).toBe('fffff80000001000');
    expect(v.pauseGeneration).toBe(1);
    expect(v.console.map((l) => `${l.stream}:${l.text}`)).toEqual(['output:a', 'output:b', 'error:c']);
    const resumed = applyBatches(v, [
      batch(3, { paused: null, state: { phase: 'running', endpoint: 'sim', detail: null } }),
    ]);
    expect(resumed.paused).toBeNull();
    expect(resumed.lastPaused?.rip).toBe('fffff80000001000');
    expect(resumed.needsResync).toBe(false);
  });

  it('replaces the breakpoint table with the newest one pushed and keeps it when a batch has none', () => {
    const first = { id: 1, address: 'fffff80000001000', enabled: true, core: null, pid: null, tid: null };
    const v = applyBatches(initialSessionView(), [
      batch(1, { breakpoints: [first] }),
      batch(2, { breakpoints: [{ ...first, enabled: false }] }),
      batch(3),
    ]);
    expect(v.breakpoints).toEqual([{ ...first, enabled: false }]);
    expect(applyBatches(v, [batch(4, { breakpoints: [] })]).breakpoints).toEqual([]);
  });

  it('takes the core list main pushes and keeps it when a batch has none', () => {
    const halted = { core: 0, lastHaltRip: 'fffff80000001000', lastHaltReason: 'break-in', logged: false };
    const logging = { core: 3, lastHaltRip: null, lastHaltReason: null, logged: true };
    const v = applyBatches(initialSessionView(), [
      batch(1, { cores: [halted] }),
      batch(2, { cores: [halted, logging] }),
      batch(3),
    ]);
    expect(v.cores).toEqual([halted, logging]);
  });

  it('flags a gap in batch sequence numbers', () => {
    const v = applyBatches(initialSessionView(), [batch(5), batch(7)]);
    expect(v.needsResync).toBe(true);
  });

  it('merges event snapshots and diffs by tag', () => {
    let v = applyBatches(initialSessionView(), [
      batch(1, { events: { kind: 'snapshot', events: [event(0x1000001), event(0x1000000)] } }),
    ]);
    expect(v.events.map((e) => e.tag)).toEqual([0x1000000, 0x1000001]);
    v = applyBatches(v, [
      batch(2, {
        events: {
          kind: 'diff',
          upserts: [event(0x1000001, 'clear-pending'), event(0x1000002)],
          removedTags: [0x1000000],
        },
      }),
    ]);
    expect(v.events.map((e) => `${e.tag.toString(16)}:${e.state}`)).toEqual([
      '1000001:clear-pending',
      '1000002:enabled',
    ]);
  });

  it('bounds the console and the live log tail, counting what was dropped', () => {
    const many = Array.from({ length: CONSOLE_LINE_LIMIT + 10 }, (_, i) => `l${i}`).join('\n');
    const v = applyBatches(initialSessionView(), [
      batch(1, {
        console: [{ stream: 'output', text: many }],
        logs: Array.from({ length: LIVE_LOG_LIMIT + 5 }, (_, i) => log(i)),
      }),
    ]);
    expect(v.console.length).toBe(CONSOLE_LINE_LIMIT);
    expect(v.consoleDropped).toBe(10);
    expect(v.console[0].text).toBe('l10');
    expect(v.liveLogs.length).toBe(LIVE_LOG_LIMIT);
    expect(v.liveLogs[0].id).toBe(5);
    expect(v.lastLogId).toBe(LIVE_LOG_LIMIT + 4);
    expect(v.liveLogCount).toBe(LIVE_LOG_LIMIT + 5);
  });
});

describe('frame coalescer', () => {
  it('applies everything pushed during one frame in a single call', () => {
    const frames: (() => void)[] = [];
    const applied: number[][] = [];
    const c = createFrameCoalescer<number>(
      (items) => applied.push(items),
      (cb) => frames.push(cb),
    );
    c.push(1);
    c.push(2);
    c.push(3);
    expect(frames.length).toBe(1);
    expect(applied).toEqual([]);
    frames.shift()!();
    expect(applied).toEqual([[1, 2, 3]]);
    c.push(4);
    expect(frames.length).toBe(1);
    frames.shift()!();
    expect(applied).toEqual([[1, 2, 3], [4]]);
  });
  it('flushes on the fallback timer when no animation frame comes (hidden window)', () => {
    const timers: (() => void)[] = [];
    const applied: number[][] = [];
    const c = createFrameCoalescer<number>(
      (items) => applied.push(items),
      () => undefined,
      { setTimer: (cb) => timers.push(cb) },
    );
    c.push(1);
    c.push(2);
    expect(timers.length).toBe(1);
    timers.shift()!();
    expect(applied).toEqual([[1, 2]]);
    c.push(3);
    expect(timers.length).toBe(1);
  });
  it('caps the queue: the oldest items are dropped and counted, the newest kept', () => {
    const applied: Array<[number[], number]> = [];
    const frames: (() => void)[] = [];
    const c = createFrameCoalescer<number>(
      (items, elided) => applied.push([items, elided]),
      (cb) => frames.push(cb),
      { maxPending: 3, setTimer: () => undefined },
    );
    for (let i = 1; i <= 10; i++) c.push(i);
    expect(c.pendingCount).toBe(3);
    frames.shift()!();
    expect(applied).toEqual([[[8, 9, 10], 7]]);
    c.push(11);
    frames.shift()!();
    expect(applied[1]).toEqual([[11], 0]);
  });
  it('a frame arriving after the timer already flushed applies nothing twice', () => {
    const frames: (() => void)[] = [];
    const timers: (() => void)[] = [];
    const applied: number[][] = [];
    const c = createFrameCoalescer<number>(
      (items) => applied.push(items),
      (cb) => frames.push(cb),
      { setTimer: (cb) => timers.push(cb) },
    );
    c.push(1);
    timers.shift()!();
    frames.shift()!();
    expect(applied).toEqual([[1]]);
  });
});
