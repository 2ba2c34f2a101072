import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../shared/ipc/model';
import { pairPrePost } from './pairs';

function entry(id: number, extra: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    time: id,
    kind: 'event-output',
    eventTag: 0x1000000,
    stage: 'pre',
    core: 0,
    text: `m${id}`,
    ...extra,
  };
}

describe('pre/post pairing', () => {
  it('matches a post to the latest open pre of the same event and core', () => {
    const rows = pairPrePost([
      entry(1, { stage: 'pre', core: 0 }),
      entry(2, { stage: 'pre', core: 1 }),
      entry(3, { stage: 'post', core: 1 }),
      entry(4, { stage: 'post', core: 0 }),
      entry(5, { stage: 'post', core: 2 }),
      entry(6, { stage: 'pre', eventTag: 0x1000001 }),
    ]);
    expect(rows.map((r) => [r.pre?.id ?? null, r.post?.id ?? null])).toEqual([
      [1, 4],
      [2, 3],
      [null, 5],
      [6, null],
    ]);
  });
});
