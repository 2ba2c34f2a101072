import { describe, expect, it } from 'vitest';
import {
  activatePane,
  areaOf,
  defaultLayout,
  movePane,
  parseLayout,
  resize,
  toggleCollapsed,
  toggleTheme,
  gridTemplate,
  PANE_IDS,
  FRACTION_BOUNDS,
  MAX_SIDES,
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

  it('round-trips through JSON, rejects broken layouts and completes partial ones', () => {
    const l = toggleTheme(resize(movePane(defaultLayout(), 'logs', 'center'), 'left', 0.001));
    const back = parseLayout(JSON.stringify(l));
    expect(back).toEqual(l);
    expect(back.fractions.left).toBe(FRACTION_BOUNDS.left[0]);
    expect(back.theme).toBe('light');
    expect(parseLayout('{not json')).toEqual(defaultLayout());
    const missing = { ...l, areas: { ...l.areas, bottom: { panes: [], active: null } } };
    // Panes a stored layout does not list rejoin their default area.
    // (logs was moved to the center, so only console is missing).
    const completed = parseLayout(JSON.stringify(missing));
    expect(completed.areas.bottom).toEqual({ panes: ['console'], active: 'console' });
    expect(completed.areas.center.panes).toContain('logs');
    const dup = {
      ...l,
      areas: {
        ...l.areas,
        left: { panes: ['console', 'registers', 'callstack', 'breakpoints'], active: 'console' },
      },
    };
    expect(parseLayout(JSON.stringify(dup))).toEqual(defaultLayout());
  });

  it('keeps splitters as fractions within bounds, leaving the center its share', () => {
    let l = resize(defaultLayout(), 'right', 0.42);
    expect(l.fractions.right).toBe(0.42);
    l = resize(l, 'left', 0.4);
    // The dragged side stops where the center's share begins.
    expect(l.fractions.left + l.fractions.right).toBeCloseTo(MAX_SIDES, 5);
    expect(l.fractions.right).toBe(0.42);
    expect(resize(l, 'bottom', 5).fractions.bottom).toBe(FRACTION_BOUNDS.bottom[1]);
    expect(resize(l, 'bottom', Number.NaN).fractions.bottom).toBe(FRACTION_BOUNDS.bottom[0]);
  });

  it('writes the grid in shares with a floor for the center, so a wide layout fits a small window', () => {
    const wide = resize(defaultLayout(), 'right', 0.45);
    const { columns, rows } = gridTemplate(wide);
    expect(columns).toBe('minmax(220px, 200fr) 4px minmax(700px, 350fr) 4px minmax(220px, 450fr)');
    expect(rows).toBe('auto minmax(120px, 700fr) 4px minmax(90px, 300fr) auto');
    const folded = gridTemplate(toggleCollapsed(wide, 'right')).columns;
    expect(folded).toBe('minmax(220px, 200fr) 4px minmax(700px, 800fr) 4px 26px');
    expect(resize(toggleCollapsed(wide, 'right'), 'right', 0.3).collapsed.right).toBe(false);
  });

  it('converts a version-1 layout (pixels at 1600×1000) and adds panes it did not know', () => {
    const v1 = {
      version: 1,
      areas: {
        left: { panes: ['registers', 'callstack'], active: 'callstack' },
        center: { panes: ['disassembly', 'memory', 'script'], active: 'disassembly' },
        right: { panes: ['connect', 'events', 'pools'], active: 'connect' },
        bottom: { panes: ['console', 'logs'], active: 'console' },
      },
      leftWidth: 320,
      rightWidth: 800,
      bottomHeight: 250,
      theme: 'light',
    };
    const l = parseLayout(JSON.stringify(v1));
    expect(l.version).toBe(2);
    expect(l.fractions).toEqual({ left: 0.2, right: 0.45, bottom: 0.25 });
    expect(l.areas.left).toEqual({ panes: ['registers', 'callstack', 'breakpoints'], active: 'callstack' });
    expect(l.theme).toBe('light');
  });
});
