import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps the debugger keys like WinDbg', () => {
    expect(shortcutFor(key('F5'))).toEqual({ kind: 'run', action: 'go' });
    expect(shortcutFor(key('F10'))).toEqual({ kind: 'run', action: 'step-over' });
    expect(shortcutFor(key('F11'))).toEqual({ kind: 'run', action: 'step-into' });
    expect(shortcutFor(key('F11', { shiftKey: true }))).toEqual({ kind: 'run', action: 'step-out' });
    expect(shortcutFor(key('Cancel', { ctrlKey: true }))).toEqual({ kind: 'pause' });
    expect(shortcutFor(key('C', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'pause' });
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toEqual({ kind: 'run-script' });
    expect(shortcutFor(key('F9'))).toEqual({ kind: 'toggle-breakpoint' });
    expect(shortcutFor(key('F9', { ctrlKey: true }))).toBeNull();
  });

  it("numbers panes with WinDbg's Alt+digits", () => {
    const pane = (digit: string) => {
      const action = shortcutFor(key(digit, { altKey: true, code: `Digit${digit}` }));
      return action?.kind === 'focus' ? action.pane : null;
    };
    expect(['1', '4', '5', '6', '7', '8'].map(pane)).toEqual([
      'console',
      'registers',
      'memory',
      'callstack',
      'disassembly',
      'script',
    ]);
    expect(pane('2')).toBeNull();
    expect(shortcutFor(key('€', { altKey: true, code: 'KeyE' }))).toEqual({ kind: 'focus', pane: 'events' });
  });

  it('focuses panes with Alt+digit and ignores everything else', () => {
    expect(shortcutFor(key('1', { altKey: true, code: 'Digit1' }))).toEqual({
      kind: 'focus',
      pane: 'console',
    });
    expect(shortcutFor(key('∫', { altKey: true, code: 'KeyB' }))).toEqual({
      kind: 'focus',
      pane: 'breakpoints',
    });
    expect(shortcutFor(key('F5', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('a'))).toBeNull();
    expect(shortcutFor(key('Enter'))).toBeNull();
  });
});
