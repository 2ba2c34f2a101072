/**
 * `!smi count|trigger` (a36 PERFORM_SMI_OPERATION with SMI_OPERATION_PACKETS; a73 echoes it with
 * the count). In Debugger Mode HyperDbg copies the answer without checking its status and prints
 * the success text; so do we.
 */
import {
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  SMI_OPERATION_REQUEST_TYPE as SMI,
} from '../../../shared/protocol/generated/enums';
import { SMI_OPERATION_PACKETS } from '../../../shared/protocol/structs';
import { succeed, type CommandHandler } from '../types';
import { handler, VMX_ROOT } from './common';

const SMI_HELP =
  '!smi : shows details and triggers functionalities related to System Management Interrupt (SMI).\n' +
  'Note : SMIs are triggered using APM I/O Decode Registers and SMI count are from MSR_SMI_COUNT MSR (0x34).\n\n' +
  'syntax : \t!smi [Function (string)]\n' +
  '\n' +
  '\t\te.g : !smi count\n' +
  '\t\te.g : !smi trigger\n';

const OPERATIONS: Record<string, number> = {
  count: SMI.SMI_OPERATION_REQUEST_TYPE_READ_COUNT,
  trigger: SMI.SMI_OPERATION_REQUEST_TYPE_TRIGGER_POWER_SMI,
};

export const smiCommand: CommandHandler = handler(
  ['!smi'],
  'paused',
  SMI_HELP,
  async (command, ctx, usage) => {
    const operation = command.args.length === 1 ? OPERATIONS[command.args[0]!.text.toLowerCase()] : undefined;
    if (operation === undefined) return usage();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_SMI_OPERATION,
        payload: SMI_OPERATION_PACKETS.encode({ SmiOperationType: operation }),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_SMI_OPERATION_REQUESTS,
        idempotent: operation === SMI.SMI_OPERATION_REQUEST_TYPE_READ_COUNT,
      },
    );
    const answer = SMI_OPERATION_PACKETS.decode(response.payload);
    if (operation === SMI.SMI_OPERATION_REQUEST_TYPE_TRIGGER_POWER_SMI) {
      ctx.output(
        "power SMI triggered successfully (you can use '!smi count' to view the number of executed SMIs)\n",
      );
    } else if (answer.SmiCount === 0n) {
      ctx.output(
        'SMI count: 0 (for security reasons, nested-virtualization environment (VMs) are unable to communicate with UEFI firmware)\n',
      );
    } else {
      // `%x` of the 64-bit count: its low 32 bits
      ctx.output(`SMI count: 0x${(answer.SmiCount & 0xffffffffn).toString(16)}\n`);
    }
    return succeed();
  },
);
