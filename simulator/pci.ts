import * as C from '../shared/protocol/generated/constants';
import { DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET } from '../shared/protocol/device-structs';

/**
 * `!pcitree` (a32 QUERY_PCITREE) over the simulated machine's PCI bus (a Q35-style VM), answered
 * as ExtensionCommandPcitree does: devices in bus/device/function order, and — a v0.23 quirk
 * reproduced on purpose — ClassCode filled from configuration-space offset 0 again (the vendor and
 * device id dword) instead of the class-code register.
 */

interface PciFunction {
  bus: number;
  device: number;
  fn: number;
  vendorId: number;
  deviceId: number;
}

/** The simulated machine's PCI functions, in the order a bus/device/function scan finds them. */
const PCI_FUNCTIONS: PciFunction[] = [
  { bus: 0, device: 0, fn: 0, vendorId: 0x8086, deviceId: 0x29c0 }, // host bridge
  { bus: 0, device: 1, fn: 0, vendorId: 0x1234, deviceId: 0x1111 }, // VGA
  { bus: 0, device: 2, fn: 0, vendorId: 0x8086, deviceId: 0x10d3 }, // e1000e
  { bus: 0, device: 0x1f, fn: 0, vendorId: 0x8086, deviceId: 0x2918 }, // LPC/ISA bridge
  { bus: 0, device: 0x1f, fn: 2, vendorId: 0x8086, deviceId: 0x2922 }, // AHCI
  { bus: 0, device: 0x1f, fn: 3, vendorId: 0x8086, deviceId: 0x2930 }, // SMBus
];

export function pciTreeResponse(payload: Uint8Array): Uint8Array {
  const packet = DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.decode(payload);
  PCI_FUNCTIONS.forEach((f, i) => {
    const dword = ((f.deviceId << 16) | f.vendorId) >>> 0;
    packet.DeviceInfoList[i] = {
      Bus: f.bus,
      DeviceAndFunction: (f.device & 0x1f) | ((f.fn & 0x7) << 5),
      VendorId: f.vendorId,
      DeviceId: f.deviceId,
      ClassCode: Uint8Array.of((dword >>> 24) & 0xff, (dword >>> 16) & 0xff, (dword >>> 8) & 0xff),
    };
  });
  packet.DeviceInfoListNum = PCI_FUNCTIONS.length;
  packet.KernelStatus =
    PCI_FUNCTIONS.length > 0 ? C.DEBUGGER_OPERATION_WAS_SUCCESSFUL : C.DEBUGGER_ERROR_INVALID_ADDRESS;
  return DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.encode(packet);
}
