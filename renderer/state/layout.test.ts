import { describe, expect, it } from 'vitest';
import {
  activatePane,
  areaOf,
  defaultLayout,
  movePane,
  parseLayout,
  resize,
  toggleTheme,
  PANE_IDS,
  MIN_SIZE,
} from './layout';

describe('dock layout', () => {
  it('places every pane exactly once by default', () => {
    const d = defaultLayout();
    const all = Object.values(d.areas).flatMap((a) => a.panes);
    expect([...all].sort()).toEqual([...PANE_IDS].sort());
  });

  it('moves a pane between areas and fixes the active tabs', () => {
    let l = movePane(defaultLayout(), 'registers', 'right');
    expect(areaOf(l, 'registers')).toBe('right');
    expect(l.areas.right.active).toBe('registers');
    expect(l.areas.left.active).toBe('callstack');
    l = activatePane(l, 'pools');
    expect(l.areas.right.active).toBe('pools');
  });

  it('round-trips through JSON and rejects broken or partial layouts', () => {
    const l = toggleTheme(resize(movePane(defaultLayout(), 'logs', 'center'), 'leftWidth', 5));
    const back = parseLayout(JSON.stringify(l));
    expect(back).toEqual(l);
    expect(back.leftWidth).toBe(MIN_SIZE);
    expect(back.theme).toBe('light');
    expect(parseLayout('{not json')).toEqual(defaultLayout());
    const missing = { ...l, areas: { ...l.areas, bottom: { panes: [], active: null } } };
    expect(parseLayout(JSON.stringify(missing))).toEqual(defaultLayout());
    const dup = {
      ...l,
      areas: {
        ...l.areas,
        left: { panes: ['console', 'registers', 'callstack', 'breakpoints'], active: 'console' },
      },
    };
    expect(parseLayout(JSON.stringify(dup))).toEqual(defaultLayout());
  });
});
