import { describe, expect, it } from 'vitest';
import { emptyHistory, historyDown, historyUp, pushHistory, HISTORY_LIMIT } from './history';

function withEntries(...cmds: string[]) {
  return cmds.reduce(pushHistory, emptyHistory());
}

describe('console history', () => {
  it('walks back and forth and restores the draft', () => {
    let h = withEntries('r', 'g', 'db rsp');
    let step = historyUp(h, '');
    expect(step.text).toBe('db rsp');
    step = historyUp(step.state, step.text);
    expect(step.text).toBe('g');
    step = historyDown(step.state, step.text);
    expect(step.text).toBe('db rsp');
    step = historyDown(step.state, step.text);
    expect(step.text).toBe('');
    h = step.state;
    expect(h.cursor).toBe(-1);
  });

  it('filters by the prefix typed before the walk', () => {
    const h = withEntries('bp nt!NtCreateFile', 'g', 'bl', 'bp fffff80000001000', 'r rax');
    let step = historyUp(h, 'bp');
    expect(step.text).toBe('bp fffff80000001000');
    step = historyUp(step.state, step.text);
    expect(step.text).toBe('bp nt!NtCreateFile');
    // No older match: stays put.
    const stuck = historyUp(step.state, step.text);
    expect(stuck.text).toBe('bp nt!NtCreateFile');
    step = historyDown(stuck.state, stuck.text);
    expect(step.text).toBe('bp fffff80000001000');
    step = historyDown(step.state, step.text);
    expect(step.text).toBe('bp');
  });

  it('drops consecutive duplicates and blank lines, and stays bounded', () => {
    const h = withEntries('g', 'g', '  ', 'p', 'g');
    expect(h.entries).toEqual(['g', 'p', 'g']);
    let big = emptyHistory();
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) big = pushHistory(big, `cmd ${i}`);
    expect(big.entries.length).toBe(HISTORY_LIMIT);
    expect(big.entries[0]).toBe('cmd 50');
  });
});
