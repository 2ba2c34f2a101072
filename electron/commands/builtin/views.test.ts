import { describe, expect, it } from 'vitest';
import { parseBreakpointList } from './views';

describe('parseBreakpointList', () => {
  it("reads the debuggee's bl table: ids and addresses in hex, state and optional filters", () => {
    const text =
      'Id   Address           Status\n--   ---------------   --------' +
      '\n01   fffff80312345678  enabled' +
      '\n0a   00007ff6aa001000  disabled core = 3  pid = 1c4 ' +
      '\n0b   0000000000401000  enabled tid = 2f ';
    expect(parseBreakpointList(text)).toEqual([
      { id: 1, address: 0xfffff80312345678n, enabled: true, core: undefined, pid: undefined, tid: undefined },
      { id: 10, address: 0x7ff6aa001000n, enabled: false, core: 3, pid: 0x1c4, tid: undefined },
      { id: 11, address: 0x401000n, enabled: true, core: undefined, pid: undefined, tid: 0x2f },
    ]);
  });

  it('finds no rows in the empty-list message or unrelated text', () => {
    expect(parseBreakpointList('Breakpoints list is empty')).toEqual([]);
    expect(parseBreakpointList('err, the debuggee is not paused\n')).toEqual([]);
  });
});
