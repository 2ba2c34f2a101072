import { describe, expect, it } from 'vitest';
import type { LogMessage, HaltContext } from '../session/link';
import { LogClassifier } from './log-record';

const PRE_TAG = 0x1000000;
const POST_TAG = 0x1000001;
const ALL_TAG = 0x1000002;
const stages = new Map([
  [PRE_TAG, 'pre' as const],
  [POST_TAG, 'post' as const],
  [ALL_TAG, 'all' as const],
]);

let sequence = 0;
function output(tag: number, text = 'x\n'): LogMessage {
  return { operationCode: tag, text, arrivedAt: 0, sequence: sequence++ };
}
function trigger(tag: number, eventStage: 1 | 2): HaltContext {
  return { reason: 11, eventTag: BigInt(tag), eventStage, core: 0, arrivedAt: 0 } as unknown as HaltContext;
}

function classifier(): LogClassifier {
  const c = new LogClassifier(() => 0);
  c.setEventStageLookup((tag) => stages.get(tag));
  return c;
}

describe('stage of event output', () => {
  it('is the registered stage for single-stage events', () => {
    const c = classifier();
    expect([1, 2, 3].map(() => c.fromMessage(output(PRE_TAG), 0).stage)).toEqual(['pre', 'pre', 'pre']);
    expect([1, 2].map(() => c.fromMessage(output(POST_TAG), 0).stage)).toEqual(['post', 'post']);
  });

  it('alternates pre/post per event for stage all, independently per tag', () => {
    const c = classifier();
    const seen = [ALL_TAG, PRE_TAG, ALL_TAG, ALL_TAG, ALL_TAG].map((t) => c.fromMessage(output(t), 0).stage);
    expect(seen).toEqual(['pre', 'pre', 'post', 'pre', 'post']);
  });

  it('takes the halt stage while an event holds the debuggee, and continues with the other stage', () => {
    const c = classifier();
    expect(c.fromPause(trigger(ALL_TAG, 1), 0)?.stage).toBe('pre');
    expect(c.fromMessage(output(ALL_TAG), 0).stage).toBe('pre');
    c.observeResume();
    expect(c.fromMessage(output(ALL_TAG), 0).stage).toBe('post');
    expect(c.fromMessage(output(ALL_TAG), 0).stage).toBe('pre');
  });

  it('leaves unknown tags and non-event messages without a stage', () => {
    const c = classifier();
    expect(c.fromMessage(output(0x1000009), 0).stage).toBeUndefined();
    expect(c.fromMessage(output(1, 'info\n'), 0).stage).toBeUndefined();
    expect(new LogClassifier(() => 0).fromMessage(output(ALL_TAG), 0).stage).toBeUndefined();
  });
});
