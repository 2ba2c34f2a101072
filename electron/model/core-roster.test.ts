import { describe, expect, it } from 'vitest';
import { MAX_CORE_ROWS } from '../../shared/ipc/limits';
import { CoreRoster, type CoreSighting } from './core-roster';

function watched(): { roster: CoreRoster; changes: Array<readonly CoreSighting[]> } {
  const roster = new CoreRoster();
  const changes: Array<readonly CoreSighting[]> = [];
  roster.onChange((cores) => changes.push(cores));
  return { roster, changes };
}

describe('CoreRoster', () => {
  it('lists halted and logging cores in core order with the last halt of each', () => {
    const { roster } = watched();
    roster.observeLog(3);
    roster.observeHalt(1, { rip: 0x1000n, reasonName: 'PAUSE' });
    roster.observeHalt(1, { rip: 0x2000n, reasonName: 'DEBUGGEE_STEPPED' });
    roster.observeHalt(3, { rip: 0x3000n, reasonName: 'CORE_SWITCHED' });
    expect(roster.list()).toEqual([
      { core: 1, lastHalt: { rip: 0x2000n, reasonName: 'DEBUGGEE_STEPPED' }, logged: false },
      { core: 3, lastHalt: { rip: 0x3000n, reasonName: 'CORE_SWITCHED' }, logged: true },
    ]);
  });

  it('announces only what is new: a second row of a known core or the same halt changes nothing', () => {
    const { roster, changes } = watched();
    roster.observeLog(2);
    roster.observeLog(2);
    roster.observeHalt(0, { rip: 5n, reasonName: 'PAUSE' });
    roster.observeHalt(0, { rip: 5n, reasonName: 'PAUSE' });
    roster.observeLog(0);
    expect(changes.map((list) => list.map((c) => c.core))).toEqual([[2], [0, 2], [0, 2]]);
    expect(changes[2]![0]).toEqual({ core: 0, lastHalt: { rip: 5n, reasonName: 'PAUSE' }, logged: true });
  });

  it('forgets every core on reset, and stops growing at its bound', () => {
    const { roster, changes } = watched();
    for (let core = 0; core < MAX_CORE_ROWS + 10; core++) roster.observeLog(core);
    expect(roster.list()).toHaveLength(MAX_CORE_ROWS);
    roster.reset();
    expect(roster.list()).toEqual([]);
    expect(changes.at(-1)).toEqual([]);
  });
});
