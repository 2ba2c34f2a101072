/**
 * `!lbrdump` / `!lbrdmp` / `!lbrprint [core CoreId]` (a37 PERFORM_HYPERTRACE_LBR_DUMP with
 * HYPERTRACE_LBR_DUMP_PACKETS; a74 echoes it with the core's saved LBR stack). Without `core` it
 * asks core 0 and then each next core while the debuggee says one exists, as HyperDbg does.
 */
import * as C from '../../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
import { HYPERTRACE_LBR_DUMP_PACKETS, lbrStackRecords } from '../../../shared/protocol/device-structs';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';

const LBRDUMP_HELP =
  '!lbrdump : dumps Last Branch Record (LBR).\n' +
  "for using this command, you should configure it using the '!lbr' command\n" +
  'syntax : \t!lbrdump [core CoreId (hex)]\n' +
  '\n' +
  '\t\te.g : !lbrdump\n' +
  '\t\te.g : !lbrdump core 1\n';

/** CommandLbrdumpGetArchBranchTypet's names (architectural LBR branch types). */
function branchTypeName(type: number): string {
  const names: Record<number, string> = {
    [C.LBR_BR_TYPE_COND]: 'COND         ',
    [C.LBR_BR_TYPE_JMP_INDIRECT]: 'JMP Indirect ',
    [C.LBR_BR_TYPE_JMP_DIRECT]: 'JMP Direct   ',
    [C.LBR_BR_TYPE_CALL_INDIRECT]: 'CALL Indirect',
    [C.LBR_BR_TYPE_CALL_DIRECT]: 'CALL Direct  ',
    [C.LBR_BR_TYPE_RET]: 'RET          ',
  };
  if (names[type] !== undefined) return names[type];
  if (type >= C.LBR_BR_TYPE_RESERVED_MIN && type <= C.LBR_BR_TYPE_RESERVED_MAX) return 'Reserved     ';
  if (type >= C.LBR_BR_TYPE_OTHER_MIN && type <= C.LBR_BR_TYPE_OTHER_MAX) return 'Other Branch ';
  return 'Unknown      ';
}

const hex16 = (value: bigint): string => value.toString(16).padStart(16, '0');

/** One core's chronological trace (HyperDbg's CommandLbrdumpPrint). */
export function formatLbrDump(dump: ReturnType<typeof HYPERTRACE_LBR_DUMP_PACKETS.decode>): string {
  const { records, tos } = lbrStackRecords(dump.LbrStack);
  const capacity = dump.CurrentLbrCapacity;
  let out = `LBR Chronological Trace on core: 0x${(dump.CoreId >>> 0).toString(16)}\n\n`;
  let empty = true;
  for (let i = 1; i <= capacity; i++) {
    const index = dump.ArchBasedLBR ? i - 1 : (tos + i) % capacity;
    const record = records[index];
    if (!record || record.from === 0n) continue;
    empty = false;
    const mispredicted = record.info >> 63n ? 'true ' : 'false';
    const cycles = String(Number(record.info & 0xffffn)).padStart(4, '0');
    const slot = String(index).padStart(2);
    out += dump.ArchBasedLBR
      ? `\t [${slot}] Branch Mispredicted: ${mispredicted}, Branch type: ${branchTypeName(Number((record.info >> 56n) & 0xfn))}, ` +
        `Cycle Count (Decimal): ${cycles} (is valid? ${(record.info >> 60n) & 1n ? 'true ' : 'false'}) - ` +
        `From: ${hex16(record.from)}  To: ${hex16(record.to)}\n`
      : `\t [${slot}] Branch Mispredicted: ${mispredicted}, Cycle Count (Decimal): ${cycles} - ` +
        `From: ${hex16(record.from)}  To: ${hex16(record.to)}\n`;
  }
  const rule = '\t ===========================================================\n\n';
  return empty
    ? `${out}\t no LBR entries found for this core\n\t you can use the 'lbr_save();' function in the script engine\n` +
        `\t on the target core to save the LBR entries before dumping\n\n${rule}`
    : `${out}\n${rule}`;
}

export const lbrdumpCommand: CommandHandler = handler(
  ['!lbrdump', '!lbrdmp', '!lbrprint'],
  'paused',
  LBRDUMP_HELP,
  async (command, ctx, usage) => {
    let core: number | undefined;
    if (command.args.length === 2) {
      if (command.args[0]!.text.toLowerCase() !== 'core') return usage();
      core = parseHyperDbgNumber32(command.args[1]!.text);
      // HyperDbg names the command here, not the bad value.
      if (core === undefined)
        return fail(`unknown parameter '${command.raw.trim().split(/\s+/)[0]}'\n\n${LBRDUMP_HELP}`);
    } else if (command.args.length !== 0) return usage();
    let coreId = core ?? 0;
    for (;;) {
      const { response } = await ctx.link.request(
        {
          packetType: VMX_ROOT,
          action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP,
          payload: HYPERTRACE_LBR_DUMP_PACKETS.encode({ CoreId: coreId }),
        },
        {
          responseAction:
            RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_LBR_DUMP_REQUESTS,
          idempotent: true,
        },
      );
      const dump = HYPERTRACE_LBR_DUMP_PACKETS.decode(response.payload);
      if (!isSuccess(dump.KernelStatus)) return fail(statusError(dump.KernelStatus));
      ctx.output(formatLbrDump(dump));
      if (core !== undefined || !dump.NextCoreIsValid) return succeed();
      coreId++;
    }
  },
);
