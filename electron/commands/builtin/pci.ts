/**
 * The PCI bus of the halted machine: `!pcitree`/`!pcietree` (a32 QUERY_PCITREE, answered with the
 * list of functions) and `!pcicam Bus Device Function [x]` (a34 QUERY_PCIDEVINFO, answered with
 * the function's configuration space), printed as HyperDbg prints them. Two v0.23 printing slips
 * are kept because they are what users see: the I/O base/limit upper halves are swapped in the
 * bridge view, and "Prefetchable" of a memory BAR tests bit 0 (always "False"). The class code is
 * printed as its 24-bit value (HyperDbg passes the array's address to `%06x`).
 */
import {
  BUS_MAX_NUM,
  CAM_CONFIG_SPACE_LENGTH,
  DEVICE_MAX_NUM,
  FUNCTION_MAX_NUM,
} from '../../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
import {
  DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET,
  DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET,
  DEV_MAX_NUM,
} from '../../../shared/protocol/device-structs';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { pciNames } from './pci-ids';

const PCITREE_HELP =
  '!pcitree : enumerates all PCIe endpoints on the debuggee.\n\nsyntax : \t!pcitree\n\n\t\te.g : !pcitree\n';

const h = (value: number, width: number): string => (value >>> 0).toString(16).padStart(width, '0');

export const pcitreeCommand: CommandHandler = handler(
  ['!pcitree', '!pcietree'],
  'paused',
  PCITREE_HELP,
  async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCITREE,
        payload: DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.encode({}),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PCITREE,
        idempotent: true,
      },
    );
    const tree = DEBUGGEE_PCITREE_REQUEST_RESPONSE_PACKET.decode(response.payload);
    if (!isSuccess(tree.KernelStatus)) return fail(statusError(tree.KernelStatus));
    let out = `${'DBDF'.padEnd(12)} | ${'VID:DID'.padEnd(9)} | ${'Vendor Name'.padEnd(17)} | Device Name \n${'-'.repeat(70)}\n`;
    for (const device of tree.DeviceInfoList.slice(0, Math.min(tree.DeviceInfoListNum, DEV_MAX_NUM))) {
      const names = pciNames(device.VendorId, device.DeviceId);
      out +=
        `0000:${h(device.Bus, 2)}:${h(device.DeviceAndFunction & 0x1f, 2)}:${(device.DeviceAndFunction >>> 5).toString(16)} | ` +
        `${h(device.VendorId, 4)}:${h(device.DeviceId, 4)} | ${names.vendor.padEnd(17)} | ${names.device}\n`;
    }
    ctx.output(out);
    return succeed();
  },
);

const PCICAM_HELP =
  '!pcicam : dumps the PCI configuration space (CAM) for a given device.\n\n' +
  'syntax : \t!pcicam [Bus (hex)] [Device (hex)] [Function (hex)]\n' +
  'syntax : \t!pcicam [Bus (hex)] [Device (hex)] [Function (hex)] [Dump (string)]\n' +
  '\n' +
  '\t\te.g : !pcicam 0 2 0\n' +
  '\t\te.g : !pcicam 3 0 0 x\n';

const HEADER_TYPES = ['Endpoint', 'PCI-to-PCI Bridge', 'PCI-to-CardBus Bridge'];
const MMIO_BAR_TYPES = ['32-bit Wide', 'Reserved', '64-bit Wide', 'Reserved'];

type DeviceInfo = ReturnType<typeof DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET.decode>['DeviceInfo'];

/** The decoded view of one function's configuration space (HyperDbg's non-raw `!pcicam`). */
export function formatPciConfigSpace(device: DeviceInfo): string {
  const cs = new DataView(device.ConfigSpace.buffer, device.ConfigSpace.byteOffset, 64);
  const u8 = (o: number): number => cs.getUint8(o);
  const u16 = (o: number): number => cs.getUint16(o, true);
  const u32 = (o: number): number => cs.getUint32(o, true);
  const vendorId = u16(0);
  const deviceId = u16(2);
  const command = u16(4);
  const headerType = u8(14);
  const names = pciNames(vendorId, deviceId);
  const endpoint = (headerType & 0x01) === 0;
  let out =
    `\nCommon Header:\nVID:DID: ${h(vendorId, 4)}:${h(deviceId, 4)}\nVendor Name: ${names.vendor.padEnd(17)}\n` +
    `Device Name: ${names.device}\nCommand: ${h(command, 4)}\n`;
  if (endpoint) out += `  Memory Space: ${(command & 2) >> 1}\n  I/O Space: ${command & 1}\n`;
  out +=
    `Status: ${h(u16(6), 4)}\nRevision ID: ${h(u8(8), 2)}\nClass Code: ${h(u8(9) | (u8(10) << 8) | (u8(11) << 16), 6)}\n` +
    `CacheLineSize: ${h(u8(12), 2)}\nPrimaryLatencyTimer: ${h(u8(13), 2)}\n` +
    `HeaderType: ${(headerType & 0x3f) < 2 ? HEADER_TYPES[headerType & 1] : 'Unknown'} (${h(headerType, 2)})\n` +
    `  Multi-function Device: ${headerType & 1 ? 'True' : 'False'}\nBist: ${h(u8(15), 2)}\n\nDevice Header:\n`;
  if (endpoint) {
    let barNumberOffset = 0;
    for (let i = 0; i < 5; i++) {
      const bar = u32(16 + 4 * i);
      if ((bar & 1) === 0) {
        const disabled = (command & 2) >> 1 === 0 || !device.MmioBarInfo[i]!.IsEnabled ? '[disabled]' : '';
        const type = (bar & 6) >> 1;
        if (type === 2) {
          const msb = u32(16 + 4 * (i + 1));
          const actual = (BigInt(msb) << 32n) + BigInt(bar & 0xfffffff0);
          out +=
            `BAR${i - barNumberOffset} ${disabled}\n BAR Type: MMIO\n MMIO BAR Type: ${MMIO_BAR_TYPES[type]} (${h(type, 2)})\n` +
            ` BAR MSB: ${h(msb, 8)}\n BAR LSB: ${h(bar, 8)}\n BAR (actual): ${actual.toString(16).padStart(16, '0')}\n` +
            ` Prefetchable: ${bar & 1 ? 'True' : 'False'}\n`;
          i++;
          barNumberOffset++;
        } else {
          out +=
            `BAR${i - barNumberOffset} ${disabled}\n BAR Type: MMIO\n BAR: ${h(bar, 8)}\n BAR (actual): ${h(bar & 0xfffffff0, 8)}\n` +
            ` Prefetchable: ${bar & 1 ? 'True' : 'False'}\n`;
        }
      } else {
        out +=
          `BAR${i - barNumberOffset} ${(command & 1) === 0 ? '[disabled]' : ''}\n BAR Type: Port IO\n BAR: ${h(bar, 8)}\n` +
          ` BAR (actual): ${h(bar & 0xfffffffc, 8)}\n Reserved: ${(bar & 2) >> 1}\n`;
      }
    }
    out +=
      `Cardbus CIS Pointer: ${h(u32(40), 8)}\nSubsystem Vendor ID: ${h(u16(44), 4)}\nSubsystem ID: ${h(u16(46), 4)}\n` +
      `ROM BAR: ${h(u32(48), 8)}\nCapabilities Pointer: ${h(u8(52), 2)}\nReserved (0xD): ${h(u8(53) | (u8(54) << 8) | (u8(55) << 16), 6)}\n` +
      `Reserved (0xE): ${h(u32(56), 8)}\nInterrupt Line: ${h(u8(60), 2)}\nInterrupt Pin: ${h(u8(61), 2)}\n` +
      `Min Grant: ${h(u8(62), 2)}\nMax latency: ${h(u8(63), 2)}\n`;
  } else if ((headerType & 0x3f) === 1) {
    out +=
      `BAR0: ${h(u32(16), 8)}\nBAR1: ${h(u32(20), 8)}\n` +
      `Primary Bus Number: ${h(u8(24), 2)}\nSecondary Bus Number: ${h(u8(25), 2)}\nSubordinate Bus Number: ${h(u8(26), 2)}\n` +
      `Secondary Latency Timer: ${h(u8(27), 2)}\nI/O Base: ${h(u8(28), 2)}\nI/O Limit: ${h(u8(29), 2)}\n` +
      `Secondary Status: ${h(u16(30), 4)}\nMemory Base: ${h(u16(32), 4)}\nMemory Limit: ${h(u16(34), 4)}\n` +
      `Prefetchable Memory Base: ${h(u16(36), 4)}\nPrefetchable Memory Limit: ${h(u16(38), 4)}\n` +
      `Prefetchable Base Upper 32 Bits: ${h(u32(40), 8)}\nPrefetchable Limit Upper 32 Bits: ${h(u32(44), 8)}\n` +
      `I/O Base Upper 16 Bits: ${h(u16(50), 4)}\nI/O Limit Upper 16 Bits: ${h(u16(48), 4)}\n` +
      `Capability Pointer: ${h(u8(52), 2)}\nReserved: ${h(u8(53) | (u8(54) << 8) | (u8(55) << 16), 6)}\nROM BAR: ${h(u32(56), 8)}\n` +
      `Interrupt Line: ${h(u8(60), 2)}\nInterrupt Pin: ${h(u8(61), 2)}\nBridge Control: ${h(u16(62), 4)}\n`;
  } else if ((headerType & 0x3f) === 2) {
    out += `Parsing header type ${HEADER_TYPES[headerType & 1]} (${h(headerType & 1, 2)}) currently unsupported\n`;
  } else {
    out += `\nDevice Header:\nUnknown header type ${h(headerType & 0x3f, 2)}\n`;
  }
  return out;
}

/** HyperDbg's raw `!pcicam ... x` table; its character column reads every fourth byte (a u32 pointer step). */
export function formatPciConfigSpaceRaw(deviceBytes: Uint8Array): string {
  let out = '    00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n';
  for (let row = 0; row < CAM_CONFIG_SPACE_LENGTH; row += 16) {
    out += `${h(row, 2)}: `;
    for (let j = 0; j < 16; j++) out += `${h(deviceBytes[row + j] ?? 0, 2)} `;
    for (let j = 0; j < 16; j++) {
      const c = deviceBytes[row + 4 * j] ?? 0;
      out += c >= 32 && c <= 126 ? String.fromCharCode(c) : '.';
    }
    out += '\n';
  }
  return out;
}

export const pcicamCommand: CommandHandler = handler(
  ['!pcicam'],
  'paused',
  PCICAM_HELP,
  async (command, ctx) => {
    const args = command.args.map((t) => t.text);
    const invalid = (what: string, text: string): ReturnType<typeof fail> =>
      fail(`Invalid ${what} '${text}'\n\n${PCICAM_HELP}`);
    if (args.length < 3 || args.length > 4)
      return fail(`Incorrect use of '${command.raw.trim().split(/\s+/)[0]}'\n\n${PCICAM_HELP}`);
    // HyperDbg leaves a field zero when its token is not a number.
    const bus = parseHyperDbgNumber32(args[0]!) ?? 0;
    if (bus > BUS_MAX_NUM) return invalid('bus number', args[0]!);
    const device = parseHyperDbgNumber32(args[1]!) ?? 0;
    if (device > DEVICE_MAX_NUM) return invalid('device number', args[1]!);
    const fn = parseHyperDbgNumber32(args[2]!) ?? 0;
    if (fn > FUNCTION_MAX_NUM) return invalid('function number', args[2]!);
    if (args[3] !== undefined && !args[3].startsWith('x')) return invalid('parameter', args[3]);
    const printRaw = args[3] !== undefined;
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCIDEVINFO,
        payload: DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET.encode({
          PrintRaw: printRaw ? 1 : 0,
          DeviceInfo: { Bus: bus, DeviceAndFunction: (device & 0x1f) | ((fn & 7) << 5) },
        }),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PCIDEVINFO,
        idempotent: true,
      },
    );
    const answer = DEBUGGEE_PCIDEVINFO_REQUEST_RESPONSE_PACKET.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    const info = answer.DeviceInfo;
    let out = `PCI configuration space (CAM) for device 0000:${h(info.Bus, 2)}:${h(info.DeviceAndFunction & 0x1f, 2)}:${(info.DeviceAndFunction >>> 5).toString(16)}\n`;
    // The raw view starts at the configuration space (offset 2 of PCI_DEV) and runs on into the rest of it.
    out += answer.PrintRaw
      ? formatPciConfigSpaceRaw(response.payload.subarray(8 + 2))
      : formatPciConfigSpace(info);
    ctx.output(out);
    return succeed();
  },
);
