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

function storage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe('console persistence', () => {
  it('round-trips history and the newest scrollback lines', () => {
    const s = storage();
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
    expect(loadHistory(storage({ [HISTORY_KEY]: '{' }))).toEqual([]);
    expect(loadHistory(storage({ [HISTORY_KEY]: '["r", 4]' }))).toEqual(['r']);
    expect(
      loadScrollback(
        storage({ [SCROLLBACK_KEY]: '[{"stream":"bogus","text":"x"},{"stream":"echo","text":"g"}]' }),
      ),
    ).toEqual([{ stream: 'echo', text: 'g' }]);
  });
});
