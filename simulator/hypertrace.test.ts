import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import {
  HYPERTRACE_LBR_DUMP_PACKETS,
  HYPERTRACE_PT_OPERATION_PACKETS,
  lbrStackRecords,
} from '../shared/protocol/device-structs';
import { Harness } from './testing/harness';

const oracle = JSON.parse(
  readFileSync(new URL('../test/fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, { size: number; fields: { name: string; offset: number }[] }>;

describe('HyperTrace requests', () => {
  it('codecs put every field where the compiler does', () => {
    for (const codec of [HYPERTRACE_LBR_DUMP_PACKETS, HYPERTRACE_PT_OPERATION_PACKETS]) {
      const expected = oracle[codec.name];
      expect(codec.size).toBe(expected.size);
      const top = codec.layout.fields.filter((f) => !f.name.includes('.'));
      expect(top.map((f) => [f.name, f.offset])).toEqual(expected.fields.map((f) => [f.name, f.offset]));
    }
  });

  it('LBR dump: the core’s saved branches and whether a next core exists; PT: HyperTrace is not initialised', () => {
    const h = new Harness();
    h.connectAndPause();
    const [lbr] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP,
      HYPERTRACE_LBR_DUMP_PACKETS.encode({ CoreId: 1 }),
    );
    expect(lbr.payload).toHaveLength(792);
    const dump = HYPERTRACE_LBR_DUMP_PACKETS.decode(lbr.payload);
    expect(dump).toMatchObject({
      CoreId: 1,
      KernelStatus: C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
      CurrentLbrCapacity: 32,
    });
    const { records, tos } = lbrStackRecords(dump.LbrStack);
    expect(tos).toBe(7);
    expect(records.filter((r) => r.from !== 0n)).toHaveLength(8);
    for (const r of records.slice(0, 8)) expect(r.to > r.from).toBe(true);
    const cores = h.sim.options.cores;
    expect(dump.NextCoreIsValid).toBe(1 + 1 < cores);
    const [beyond] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP,
      HYPERTRACE_LBR_DUMP_PACKETS.encode({ CoreId: cores }),
    );
    expect(HYPERTRACE_LBR_DUMP_PACKETS.decode(beyond.payload).KernelStatus).toBe(
      C.DEBUGGER_ERROR_INVALID_CORE_ID,
    );
    const [pt] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_PT_OPERATION,
      HYPERTRACE_PT_OPERATION_PACKETS.encode({ PtOperationType: 0, CoreId: 2 }),
    );
    expect(pt.payload).toHaveLength(928);
    expect(HYPERTRACE_PT_OPERATION_PACKETS.decode(pt.payload)).toMatchObject({
      CoreId: 2,
      KernelStatus: C.DEBUGGER_ERROR_HYPERTRACE_NOT_INITIALIZED,
    });
  });
});
