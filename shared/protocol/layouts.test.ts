import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUEST_REGS_NAMES, STRUCTS } from './structs';

interface OracleField {
  name: string;
  offset: number;
  size: number;
  record?: string;
  bitfield?: boolean;
}
interface OracleRecord {
  size: number;
  fields: OracleField[];
}

// The compiler-derived layouts of HyperDbg v0.23 (MSVC x64), copied by build/gen-protocol.ts.
const oracle = JSON.parse(
  readFileSync(new URL('../../test/fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, OracleRecord>;

/** The oracle's fields of `name`, nested records expanded with dotted names and absolute offsets. */
function expectedFields(
  name: string,
  base = 0,
  prefix = '',
): { name: string; offset: number; size: number }[] {
  const record = oracle[name];
  const top = record.fields.map((f) => ({ name: prefix + f.name, offset: base + f.offset, size: f.size }));
  const nested = record.fields
    .filter((f) => f.record !== undefined)
    .flatMap((f) => expectedFields(f.record!, base + f.offset, `${prefix}${f.name}.`));
  return [...top, ...nested];
}

describe('struct layouts equal the compiler layouts in layouts.json', () => {
  for (const [name, codec] of Object.entries(STRUCTS)) {
    it(name, () => {
      expect(oracle[name], `${name} is not in layouts.json`).toBeDefined();
      expect(codec.name).toBe(name);
      expect(codec.size).toBe(oracle[name].size);
      expect(codec.layout.size).toBe(oracle[name].size);
      const sortKey = (f: { name: string }): string => f.name;
      expect([...codec.layout.fields].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
        expectedFields(name).sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
      );
    });
  }

  it('covers every structure the issue lists', () => {
    const required = [
      'DEBUGGER_REMOTE_PACKET',
      'DEBUGGER_PREPARE_DEBUGGEE',
      'DEBUGGER_GENERAL_EVENT_DETAIL',
      'DEBUGGER_EVENT_OPTIONS',
      'DEBUGGER_GENERAL_ACTION',
      'DEBUGGER_EVENT_AND_ACTION_RESULT',
      'DEBUGGER_MODIFY_EVENTS',
      'DEBUGGEE_KD_PAUSED_PACKET',
      'DEBUGGEE_REGISTER_READ_DESCRIPTION',
      'DEBUGGEE_REGISTER_WRITE_DESCRIPTION',
      'GUEST_REGS',
      'GUEST_EXTRA_REGISTERS',
      'DEBUGGER_READ_MEMORY',
      'DEBUGGER_EDIT_MEMORY',
      'DEBUGGEE_STEP_PACKET',
      'DEBUGGEE_CHANGE_CORE_PACKET',
      'DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET',
      'DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET',
      'DEBUGGER_CALLSTACK_REQUEST',
      'DEBUGGER_SINGLE_CALLSTACK_FRAME',
      'DEBUGGEE_SCRIPT_PACKET',
      'DEBUGGEE_USER_INPUT_PACKET',
      'DEBUGGEE_BP_PACKET',
      'DEBUGGEE_BP_LIST_OR_MODIFY_PACKET',
      'DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER',
      'DEBUGGER_UPDATE_SYMBOL_TABLE',
      'MODULE_SYMBOL_DETAIL',
      'DEBUGGEE_SYMBOL_UPDATE_RESULT',
      'DEBUGGER_FLUSH_LOGGING_BUFFERS',
      'DEBUGGEE_FORMATS_PACKET',
      'DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS',
      'DEBUGGER_VA2PA_AND_PA2VA_COMMANDS',
      'DEBUGGER_SHORT_CIRCUITING_EVENT',
      'DEBUGGER_PREALLOC_COMMAND',
      'DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET',
      'DEBUGGER_SEARCH_MEMORY',
      'DEBUGGEE_RESULT_OF_SEARCH_PACKET',
    ];
    expect(required.filter((name) => !(name in STRUCTS))).toEqual([]);
  });
});

describe('GUEST_REGS_NAMES', () => {
  it('lists the general-purpose registers in the compiler order of GUEST_REGS', () => {
    expect(GUEST_REGS_NAMES).toEqual(oracle.GUEST_REGS.fields.map((f) => f.name));
    expect(GUEST_REGS_NAMES).toHaveLength(16);
  });
});
