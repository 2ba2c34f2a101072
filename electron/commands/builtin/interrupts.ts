/**
 * Interrupt hardware of the halted machine: `!idt` (a35, no payload; a72 with the 256 handler
 * addresses), `!apic`/`!lapic`/`!localapic` and `!ioapic` (a33 with DEBUGGER_APIC_REQUEST; a70
 * with the local APIC page or the I/O APIC redirection table after it), printed like HyperDbg.
 * In Debugger Mode HyperDbg copies these answers without looking at their status, and so do we.
 */
import {
  DEBUGGER_APIC_REQUEST_TYPE as APIC,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../../../shared/protocol/generated/enums';
import {
  MAX_NUMBER_OF_IDT_ENTRIES,
  MAX_NUMBER_OF_IO_APIC_ENTRIES,
} from '../../../shared/protocol/generated/constants';
import { IO_APIC_ENTRY_PACKETS, LAPIC_PAGE } from '../../../shared/protocol/device-structs';
import {
  DEBUGGER_APIC_REQUEST,
  INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS,
} from '../../../shared/protocol/structs';
import { separateTo64BitValue } from '../../session/bytes';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandContext, type CommandHandler } from '../types';
import { handler, VMX_ROOT } from './common';

// ---- !idt ----

const IDT_HELP =
  // HyperDbg's help text names the wrong command here; kept as it prints it.
  '!ioapic : shows entries of Interrupt Descriptor Table (IDT).\n\n' +
  'syntax : \t!idt [IdtEntry (hex)]\n' +
  '\n' +
  '\t\te.g : !idt\n' +
  '\t\te.g : !idt 1d\n';

export const idtCommand: CommandHandler = handler(
  ['!idt'],
  'paused',
  IDT_HELP,
  async (command, ctx, usage) => {
    if (command.args.length > 1) return usage();
    let entry: number | undefined;
    if (command.args.length === 1) {
      entry = parseHyperDbgNumber32(command.args[0]!.text);
      if (entry === undefined || entry >= MAX_NUMBER_OF_IDT_ENTRIES)
        return fail('err, invalid IDT entry number\n');
    }
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_IDT_ENTRIES,
        payload: new Uint8Array(0),
      },
      {
        responseAction:
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_IDT_ENTRIES_REQUESTS,
        idempotent: true,
      },
    );
    const table = INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS.decode(response.payload).IdtEntry;
    const symbol = (address: bigint): string =>
      (ctx.settings.addressConversion && ctx.symbols.describeAddress(address)) || '';
    if (entry === undefined) {
      let out = 'IDT Entries:\n\n';
      table.forEach((address, i) => {
        out += `IDT[0x${i.toString(16)}:${i}]\t: ${separateTo64BitValue(address)}\t${symbol(address)}\n`;
      });
      ctx.output(out);
    } else {
      const address = table[entry]!;
      // HyperDbg ends the single-entry line only when address conversion is on.
      ctx.output(
        `IDT[0x${entry.toString(16)}:${entry}] : ${separateTo64BitValue(address)}\t` +
          (ctx.settings.addressConversion ? `${symbol(address)}\n` : ''),
      );
    }
    return succeed();
  },
);

// ---- !apic / !ioapic ----

async function requestApic(
  ctx: CommandContext,
  type: number,
): Promise<{ x2apic: boolean; body: Uint8Array }> {
  const { response } = await ctx.link.request(
    {
      packetType: VMX_ROOT,
      action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_ACTIONS_ON_APIC,
      payload: DEBUGGER_APIC_REQUEST.encode({ ApicType: type }),
    },
    {
      responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_APIC_REQUESTS,
      idempotent: true,
    },
  );
  const header = DEBUGGER_APIC_REQUEST.decode(response.payload);
  return { x2apic: header.IsUsingX2APIC, body: response.payload.subarray(DEBUGGER_APIC_REQUEST.size) };
}

const hex8 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');
/** LAPIC_SVR_FLAG_SW_ENABLE: the APIC software-enable bit of the spurious-interrupt vector register. */
const SVR_SOFTWARE_ENABLE = 1 << 8;

/** The vectors whose bit is set in a 256-bit ISR/TMR/IRR (each 32-bit part sits in a 16-byte slot). */
function vectorList(words: readonly number[]): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const reg = words[i * 4]! >>> 0;
    for (let j = 0; j < 32; j++)
      if (reg & (1 << j)) out += `0x${(i * 32 + j).toString(16).padStart(2, '0')} `;
  }
  return out;
}

/** `!apic` text for one local APIC page (HyperDbg's CommandApic). */
export function formatLocalApic(page: ReturnType<typeof LAPIC_PAGE.decode>, x2apic: boolean): string {
  const p = page;
  return (
    `***  (${x2apic ? 'X2APIC' : 'XAPIC'} Mode) PHYSICAL LAPIC ID = ${p.Id >>> 24}, Ver = 0x${(p.Version >>> 0).toString(16)}, ` +
    `MaxLvtEntry = ${(p.Version & 0xff0000) >>> 16}, DirectedEOI = P${(p.Version >>> 24) & 1}/E${(p.SpuriousInterruptVector >>> 12) & 1}, ` +
    `(SW: '${p.SpuriousInterruptVector & SVR_SOFTWARE_ENABLE ? 'Enabled' : 'Disabled'}')\n` +
    `     -> TPR = 0x${hex8(p.TPR)},  PPR = 0x${hex8(p.ProcessorPriority)}\n` +
    `     -> LDR = 0x${hex8(p.LogicalDestination)},  SVR = 0x${hex8(p.SpuriousInterruptVector)},  Err = 0x${hex8(p.ErrorStatus)}\n` +
    `     -> LVT_INT0 = 0x${hex8(p.LvtLINT0)},  LVT_INT1 = 0x${hex8(p.LvtLINT1)}\n` +
    `     -> LVT_CMCI = 0x${hex8(p.LvtCmci)},  LVT_PMCR = 0x${hex8(p.LvtPerfMonCounters)}\n` +
    `     -> LVT_TMR  = 0x${hex8(p.LvtTimer)},  LVT_TSR  = 0x${hex8(p.LvtThermalSensor)}\n` +
    `     -> LVT_ERR  = 0x${hex8(p.LvtError)}\n` +
    `     -> InitialCount = 0x${hex8(p.InitialCount)}, CurrentCount = 0x${hex8(p.CurrentCount)}, DivideConfig = 0x${hex8(p.DivideConfiguration)}\n` +
    `ISR : ${vectorList(p.ISR)}\nTMR : ${vectorList(p.TMR)}\nIRR : ${vectorList(p.IRR)}\n`
  );
}

const DELIVERY_MODES = [
  'FixedDel',
  'LowestDl',
  'res010  ',
  'remoterd',
  'NMI     ',
  'RESET   ',
  'res110  ',
  'ExtINTA ',
];

/** One redirection entry as CommandIoapicShowRedir prints it (never a command register here). */
function redirection(index: number, ll: bigint, lh: bigint): string {
  const low = Number(ll & 0xffffffffn);
  const bit = (n: number): number => (low >>> n) & 1;
  const destination = bit(11)
    ? `Lg:${Number(lh & 0xffffffffn)
        .toString(16)
        .padStart(8, '0')}`
    : `PhysDest:${Number((lh >> 56n) & 0xffn)
        .toString(16)
        .toUpperCase()
        .padStart(2, '0')}`;
  return (
    `Inti${index.toString(16).toUpperCase().padStart(2, '0')}.: ${separateTo64BitValue(ll)}  ` +
    `Vec:${(low & 0xff).toString(16).toUpperCase().padStart(2, '0')}  ${DELIVERY_MODES[(low >>> 8) & 7]}  ${destination}` +
    `${bit(12) ? '-Pend' : '     '}  ${bit(15) ? 'level' : 'edge '}  ${bit(14) ? 'rirr' : '    '}  ${bit(16) ? 'masked' : '      '}\n`
  );
}

/** `!ioapic` text (HyperDbg's CommandIoapicShowIoApicEntries). */
export function formatIoApic(dump: ReturnType<typeof IO_APIC_ENTRY_PACKETS.decode>): string {
  const max = ((dump.IoLl >>> 16) & 0xff) * 2;
  let out =
    `IoApic @ ${Number(dump.ApicBasePa & 0xffffffffn)
      .toString(16)
      .padStart(8, '0')}  ID:${(dump.IoIdReg >>> 24).toString(16)} ` +
    `(${(dump.IoLl & 0xff).toString(16)})  Arb:${(dump.IoArbIdReg >>> 0).toString(16)}\t I/O APIC VA: ${separateTo64BitValue(dump.ApicBaseVa)}\n`;
  for (let index = 0; index <= max; index += 2) {
    if (index >= MAX_NUMBER_OF_IO_APIC_ENTRIES) {
      return `${out}err, there are additional entries in the I/O APIC that are not fully displayed in the results`;
    }
    out += redirection(index / 2, dump.LlLhData[index]!, dump.LlLhData[index + 1] ?? 0n);
  }
  return out;
}

const APIC_HELP =
  '!apic : shows the details of Local APIC in both xAPIC and x2APIC modes.\n\n' +
  'syntax : \t!apic\n' +
  '\n' +
  '\t\te.g : !apic\n';

const IOAPIC_HELP =
  '!ioapic : shows the details of I/O APIC entries.\n\nsyntax : \t!ioapic\n\n\t\te.g : !ioapic\n';

export const apicCommands: readonly CommandHandler[] = [
  handler(['!apic', '!lapic', '!localapic'], 'paused', APIC_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    const answer = await requestApic(ctx, APIC.DEBUGGER_APIC_REQUEST_TYPE_READ_LOCAL_APIC);
    ctx.output(formatLocalApic(LAPIC_PAGE.decode(answer.body), answer.x2apic));
    return succeed();
  }),
  handler(['!ioapic'], 'paused', IOAPIC_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    const answer = await requestApic(ctx, APIC.DEBUGGER_APIC_REQUEST_TYPE_READ_IO_APIC);
    ctx.output(formatIoApic(IO_APIC_ENTRY_PACKETS.decode(answer.body)));
    return succeed();
  }),
];
