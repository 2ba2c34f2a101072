import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter';

interface TestEvents {
  count: number;
  text: { readonly value: string };
}

describe('Emitter', () => {
  it('delivers each payload to the listeners of its event only, in subscription order', () => {
    const events = new Emitter<TestEvents>();
    const seen: string[] = [];
    events.on('count', (n) => seen.push(`a${n}`));
    events.on('count', (n) => seen.push(`b${n}`));
    events.on('text', ({ value }) => seen.push(`t${value}`));
    events.emit('count', 1);
    events.emit('text', { value: 'x' });
    expect(seen).toEqual(['a1', 'b1', 'tx']);
  });

  it('stops delivering after unsubscribe, and reports whether anyone listens', () => {
    const events = new Emitter<TestEvents>();
    const seen: number[] = [];
    expect(events.hasListeners('count')).toBe(false);
    const off = events.on('count', (n) => seen.push(n));
    expect(events.hasListeners('count')).toBe(true);
    events.emit('count', 1);
    off();
    events.emit('count', 2);
    expect(seen).toEqual([1]);
    expect(events.hasListeners('count')).toBe(false);
  });

  it('applies subscriptions made during delivery from the next event on', () => {
    const events = new Emitter<TestEvents>();
    const seen: string[] = [];
    const offFirst = events.on('count', (n) => {
      seen.push(`first${n}`);
      offFirst();
      events.on('count', (m) => seen.push(`late${m}`));
    });
    events.on('count', (n) => seen.push(`second${n}`));
    events.emit('count', 1);
    events.emit('count', 2);
    expect(seen).toEqual(['first1', 'second1', 'second2', 'late2']);
  });
});
