import { describe, expect, it } from 'vitest';
import { breakpointAt, breakpointToggleCommand } from './breakpoint-toggle';

const row = (id: number, address: string, enabled = true) => ({
  id,
  address,
  enabled,
  core: null,
  pid: null,
  tid: null,
});

describe('breakpoint toggle', () => {
  const rows = [row(1, 'fffff80000001000'), row(0x1a, 'fffff80000001010', false)];

  it('sets a breakpoint where there is none', () => {
    expect(breakpointToggleCommand(rows, 'fffff80000001004')).toBe('bp fffff80000001004');
    expect(breakpointToggleCommand([], '00001000')).toBe('bp 1000');
  });

  it('clears the one that is there, enabled or not, by its hex id', () => {
    expect(breakpointToggleCommand(rows, 'fffff80000001000')).toBe('bc 1');
    expect(breakpointToggleCommand(rows, 'fffff80000001010')).toBe('bc 1a');
  });

  it('matches addresses with leading zeros', () => {
    expect(breakpointAt([row(2, '1000')], '0000000000001000')?.id).toBe(2);
  });
});
