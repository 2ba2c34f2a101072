import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { DEBUGGER_APIC_REQUEST } from '../shared/protocol/structs';
import { IO_APIC_ENTRY_PACKETS, LAPIC_PAGE } from '../shared/protocol/device-structs';
import { Harness } from './testing/harness';

const oracle = JSON.parse(
  readFileSync(new URL('../test/fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, { size: number; fields: { name: string; offset: number; size: number }[] }>;

describe('APIC requests', () => {
  it("LAPIC_PAGE and IO_APIC_ENTRY_PACKETS have the compiler's layout", () => {
    for (const codec of [LAPIC_PAGE, IO_APIC_ENTRY_PACKETS]) {
      const expected = oracle[codec.name];
      expect(codec.size).toBe(expected.size);
      const top = codec.layout.fields.filter((f) => !f.name.includes('.'));
      expect(top.map((f) => [f.name, f.offset, f.size])).toEqual(
        expected.fields.map((f) => [f.name, f.offset, f.size]),
      );
    }
  });

  it('answers local APIC with the page, I/O APIC with the dump, anything else with 0xc0000053', () => {
    const h = new Harness();
    h.connectAndPause();
    const ask = (type: number) =>
      h.sendT1(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_ACTIONS_ON_APIC,
        DEBUGGER_APIC_REQUEST.encode({ ApicType: type }),
      )[0];
    const local = ask(0);
    expect(local.action).toBe(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_APIC_REQUESTS);
    expect(local.payload).toHaveLength(12 + 1024);
    expect(DEBUGGER_APIC_REQUEST.decode(local.payload).KernelStatus).toBe(
      C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
    );
    expect(LAPIC_PAGE.decode(local.payload, 12).Version).toBe(0x50014);
    expect(ask(1).payload).toHaveLength(12 + 3232);
    const bad = ask(7);
    expect(bad.payload).toHaveLength(12);
    expect(DEBUGGER_APIC_REQUEST.decode(bad.payload).KernelStatus).toBe(C.DEBUGGER_ERROR_APIC_ACTIONS_ERROR);
  });
});
