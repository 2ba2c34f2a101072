import { describe, expect, it } from 'vitest';
import {
  HISTORY_KEY,
  loadHistory,
  loadScrollback,
  saveHistory,
  saveScrollback,
  SCROLLBACK_KEY,
  SCROLLBACK_LINES,
} from './console-persistence';
import { memoryStorage } from '../state/testing/memory-storage';

describe('console persistence', () => {
  it('round-trips history and the newest scrollback lines', () => {
    const s = memoryStorage();
    saveHistory(s, ['r', 'g']);
    expect(loadHistory(s)).toEqual(['r', 'g']);
    const lines = Array.from({ length: SCROLLBACK_LINES + 5 }, (_, id) => ({
      id,
      stream: 'output' as const,
      text: `l${id}`,
    }));
    saveScrollback(s, lines);
    const back = loadScrollback(s);
    expect(back).toHaveLength(SCROLLBACK_LINES);
    expect(back[0]).toEqual({ stream: 'output', text: 'l5' });
  });

  it('ignores damaged entries', () => {
    expect(loadHistory(memoryStorage({ [HISTORY_KEY]: '{' }))).toEqual([]);
    expect(loadHistory(memoryStorage({ [HISTORY_KEY]: '["r", 4]' }))).toEqual(['r']);
    expect(
      loadScrollback(
        memoryStorage({ [SCROLLBACK_KEY]: '[{"stream":"bogus","text":"x"},{"stream":"echo","text":"g"}]' }),
      ),
    ).toEqual([{ stream: 'echo', text: 'g' }]);
  });
});
