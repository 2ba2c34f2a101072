import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET, PCI_DEV_MINIMAL } from '../shared/protocol/device-structs';
import { Harness } from './testing/harness';

interface OracleField {
  name: string;
  offset: number;
  size: number;
  bit_offset?: number;
  bit_width?: number;
}
const oracle = JSON.parse(
  readFileSync(new URL('../test/fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, { size: number; fields: OracleField[] }>;

describe('!pcitree', () => {
  it('the codecs match the compiler: 9-byte packed device records with Device/Function bitfields in byte 1', () => {
    expect(PCI_DEV_MINIMAL.size).toBe(oracle.PCI_DEV_MINIMAL.size);
    expect(DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.size).toBe(
      oracle.DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.size,
    );
    const byName = Object.fromEntries(oracle.PCI_DEV_MINIMAL.fields.map((f) => [f.name, f]));
    expect([
      byName.Device.bit_offset,
      byName.Device.bit_width,
      byName.Function.bit_offset,
      byName.Function.bit_width,
    ]).toEqual([8, 5, 13, 3]);
    expect(byName.ConfigSpace.offset).toBe(
      PCI_DEV_MINIMAL.layout.fields.find((f) => f.name === 'VendorId')?.offset,
    );
  });

  it("lists the machine's PCI functions in scan order, ClassCode taken from offset 0 as v0.23 does", () => {
    const h = new Harness();
    h.connectAndPause();
    const [answer] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCITREE,
      new Uint8Array(2300),
    );
    expect(answer.payload).toHaveLength(2300);
    const tree = DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.decode(answer.payload);
    expect(tree.KernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(tree.DeviceInfoListNum).toBe(6);
    const ahci = tree.DeviceInfoList[4];
    expect(ahci).toMatchObject({
      Bus: 0,
      DeviceAndFunction: 0x1f | (2 << 5),
      VendorId: 0x8086,
      DeviceId: 0x2922,
    });
    expect(Array.from(ahci.ClassCode)).toEqual([0x29, 0x22, 0x80]);
  });
});
