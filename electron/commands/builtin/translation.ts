// Address translation: `!pte` (paging entries of a virtual address), `!va2pa` and `!pa2va`.
import {
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
} from '../../../shared/protocol/structs';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress } from './script-runner';

const hex16 = (value: bigint): string => value.toString(16).padStart(16, '0');

const pteCommand = handler(
  ['!pte'],
  'paused',
  '!pte : finds virtual addresses of different paging-levels.\n\nsyntax : \t!pte [VirtualAddress (hex)]\n',
  async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const address = await evaluateAddress(ctx, command.args[0]!.text, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.pte,
        payload: DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode({ VirtualAddress: address.value }),
      },
      { responseAction: Action.resultPte, idempotent: true },
    );
    const pte = DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(response.payload);
    if (!isSuccess(pte.KernelStatus)) return fail(statusError(pte.KernelStatus));
    let out =
      `VA ${pte.VirtualAddress.toString(16)}\n` +
      `PML4E (PXE) at ${hex16(pte.Pml4eVirtualAddress)}\tcontains ${hex16(pte.Pml4eValue)}\n` +
      `PDPTE (PPE) at ${hex16(pte.PdpteVirtualAddress)}\tcontains ${hex16(pte.PdpteValue)}\n` +
      `PDE at ${hex16(pte.PdeVirtualAddress)}\tcontains ${hex16(pte.PdeValue)}\n`;
    out +=
      pte.PdeVirtualAddress === pte.PteVirtualAddress
        ? "PDE is a large page, so it doesn't have a PTE\n"
        : `PTE at ${hex16(pte.PteVirtualAddress)}\tcontains ${hex16(pte.PteValue)}\n`;
    ctx.output(out);
    return succeed();
  },
);

function translateCommand(name: string, virtualToPhysical: boolean): CommandHandler {
  const help = virtualToPhysical
    ? '!va2pa : converts virtual address to physical address.\n\nsyntax : \t!va2pa [VirtualAddress (hex)]\n'
    : '!pa2va : converts physical address to virtual address.\n\nsyntax : \t!pa2va [PhysicalAddress (hex)]\n';
  return handler([name], 'paused', help, async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const address = await evaluateAddress(ctx, command.args[0]!.text, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const payload = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode(
      virtualToPhysical
        ? { VirtualAddress: address.value, IsVirtual2Physical: true }
        : { PhysicalAddress: address.value, IsVirtual2Physical: false },
    );
    const { response } = await ctx.link.request(
      { packetType: VMX_ROOT, action: Action.va2paPa2va, payload },
      { responseAction: Action.resultVa2paPa2va, idempotent: true },
    );
    const answer = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    ctx.output(`${(virtualToPhysical ? answer.PhysicalAddress : answer.VirtualAddress).toString(16)}\n`);
    return succeed();
  });
}

export const translationCommands: readonly CommandHandler[] = [
  pteCommand,
  translateCommand('!va2pa', true),
  translateCommand('!pa2va', false),
];
