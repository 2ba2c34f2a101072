import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET,
  DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET,
} from '../shared/protocol/device-structs';

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
  /** Class, subclass, programming interface (configuration-space bytes 0x0b, 0x0a, 0x09). */
  classCode: number;
  /** Configuration-space byte 0x0e (bit 7: multi-function). */
  headerType: number;
  /** Endpoint BARs 0-5 as the registers read (a 64-bit BAR takes two). */
  bars: number[];
  interruptPin: number;
  interruptLine: number;
}

/** The simulated machine's PCI functions, in the order a bus/device/function scan finds them. */
// prettier-ignore
const PCI_FUNCTIONS: PciFunction[] = [
  { bus: 0, device: 0, fn: 0, vendorId: 0x8086, deviceId: 0x29c0, classCode: 0x060000, headerType: 0x00, bars: [0, 0, 0, 0, 0, 0], interruptPin: 0, interruptLine: 0 }, // host bridge
  { bus: 0, device: 1, fn: 0, vendorId: 0x1234, deviceId: 0x1111, classCode: 0x030000, headerType: 0x00, bars: [0xfd000008, 0, 0xfebf0000, 0, 0, 0], interruptPin: 0, interruptLine: 0 }, // VGA
  { bus: 0, device: 2, fn: 0, vendorId: 0x8086, deviceId: 0x10d3, classCode: 0x020000, headerType: 0x00, bars: [0xfeb80000, 0xfeba0000, 0xc081, 0xfebc0000, 0, 0], interruptPin: 1, interruptLine: 0x0b }, // e1000e
  { bus: 0, device: 0x1f, fn: 0, vendorId: 0x8086, deviceId: 0x2918, classCode: 0x060100, headerType: 0x80, bars: [0, 0, 0, 0, 0, 0], interruptPin: 0, interruptLine: 0 }, // LPC/ISA bridge
  { bus: 0, device: 0x1f, fn: 2, vendorId: 0x8086, deviceId: 0x2922, classCode: 0x010601, headerType: 0x00, bars: [0, 0, 0, 0, 0xc0a1, 0xfebd1000], interruptPin: 1, interruptLine: 0x0a }, // AHCI
  { bus: 0, device: 0x1f, fn: 3, vendorId: 0x8086, deviceId: 0x2930, classCode: 0x0c0500, headerType: 0x00, bars: [0, 0, 0, 0, 0x0701, 0], interruptPin: 1, interruptLine: 0x0a }, // SMBus
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

/** Configuration-space dwords 0..0x3f of `f` (the rest of the 256 bytes reads as zero). */
function configSpace(f: PciFunction): Uint8Array {
  const bytes = new Uint8Array(256);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, f.vendorId, true);
  view.setUint16(2, f.deviceId, true);
  view.setUint16(4, f.bars.some((b) => b !== 0) ? 0x0107 : 0x0004, true); // I/O, memory, bus master (+SERR)
  view.setUint16(6, 0x0010, true); // capabilities list
  view.setUint8(8, 0x02); // revision
  view.setUint8(9, f.classCode & 0xff);
  view.setUint16(10, f.classCode >>> 8, true);
  view.setUint8(14, f.headerType);
  f.bars.forEach((bar, i) => view.setUint32(16 + 4 * i, bar >>> 0, true));
  view.setUint16(44, 0x1af4, true); // subsystem vendor
  view.setUint16(46, 0x1100, true);
  view.setUint8(52, 0x40); // capabilities pointer
  view.setUint8(60, f.interruptLine);
  view.setUint8(61, f.interruptPin);
  return bytes;
}

/**
 * `!pcicam` (a34 QUERY_PCIDEVINFO) as ExtensionCommandPcidevinfo answers it: the 256 bytes of the
 * function's configuration space from offset 0 of ConfigSpace on, the MMIO BAR facts of an
 * endpoint (unless a raw dump was asked for), or INVALID_ADDRESS with ids 0xffff when no function
 * answers at that bus/device/function.
 */
export function pciDeviceInfoResponse(payload: Uint8Array): Uint8Array {
  const packet = DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET.decode(payload);
  const bus = packet.DeviceInfo.Bus;
  const device = packet.DeviceInfo.DeviceAndFunction & 0x1f;
  const fn = packet.DeviceInfo.DeviceAndFunction >>> 5;
  const f = PCI_FUNCTIONS.find((x) => x.bus === bus && x.device === device && x.fn === fn);
  const out = DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET.encode(packet);
  const view = new DataView(out.buffer);
  const configSpaceAt = 8 + 2;
  if (!f) {
    view.setUint32(configSpaceAt, 0xffffffff, true);
    view.setUint32(0, C.DEBUGGER_ERROR_INVALID_ADDRESS, true);
    return out;
  }
  out.set(configSpace(f).subarray(0, 255), configSpaceAt);
  if ((f.headerType & 1) === 0 && !packet.PrintRaw) {
    const barInfoAt = 8 + 257;
    for (let i = 0; i < 5; i++) {
      const bar = f.bars[i]!;
      if (bar & 1) continue;
      const is64 = (bar & 6) >> 1 === 2;
      const address = is64
        ? (BigInt(f.bars[i + 1]!) << 32n) | BigInt(bar & 0xfffffff0)
        : BigInt(bar & 0xfffffff0);
      view.setUint32(barInfoAt + 24 * i, is64 ? 1 : 0, true);
      view.setUint32(barInfoAt + 24 * i + 4, address !== 0n ? 1 : 0, true);
      if (is64 && address !== 0n) i++;
    }
  }
  view.setUint32(0, C.DEBUGGER_OPERATION_WAS_SUCCESSFUL, true);
  return out;
}
