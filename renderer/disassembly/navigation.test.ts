import { describe, expect, it } from 'vitest';
import { back, current, forward, START, visit } from './navigation';

describe('disassembly navigation history', () => {
  it('goes back and forward through visited addresses, RIP first', () => {
    let h = visit(visit(START, '1000'), '2000');
    expect(current(h)).toBe('2000');
    h = back(h);
    expect(current(h)).toBe('1000');
    h = back(h);
    expect(current(h)).toBeNull();
    expect(back(h)).toBe(h);
    h = forward(forward(h));
    expect(current(h)).toBe('2000');
    expect(forward(h)).toBe(h);
  });

  it('drops the forward entries when going somewhere new, and ignores a repeat', () => {
    const h = back(visit(visit(START, '1000'), '2000'));
    const next = visit(h, '3000');
    expect(next.entries).toEqual([null, '1000', '3000']);
    expect(visit(next, '3000')).toBe(next);
  });
});
