/**
 * `cpuid` / `ucpuid Function [SubFunction]` (a10 USER_CPUID_REQUEST with
 * DEBUGGER_CPUID_REQUEST_RESPONSE; a49 echoes it filled): runs CPUID on the halted core. The
 * vendor leaf, the extended-function and brand-string leaves are decoded as HyperDbg decodes them;
 * the other leaves are shown as HyperDbg shows a leaf it has no decoder for (the four registers).
 */
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
import { DEBUGGER_CPUID_REQUEST_RESPONSE } from '../../../shared/protocol/structs';
import { parseHyperDbgNumber32 } from '../numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';

const CPUID_HELP =
  'ucpuid : reads CPUID information on the target debuggee.\n\n' +
  'syntax : \tucpuid [Function (hex)] [SubFunction (hex)]\n\n' +
  '\n' +
  '\t\te.g : ucpuid 1\n' +
  '\t\te.g : ucpuid 4 2\n' +
  '\t\te.g : ucpuid D 0\n' +
  '\t\te.g : ucpuid 0x80000008 0\n\n' +
  '\n' +
  'note 1: use `ucpuid 0` to see the maximum supported CPUID leaf\n' +
  'note 2: use `ucpuid 0x80000000` to see the maximum supported extended leaf\n';

type CpuidAnswer = ReturnType<typeof DEBUGGER_CPUID_REQUEST_RESPONSE.decode>;

const hex8 = (value: number): string => (value >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** HyperDbg's banner for leaves without subleaves; `title` is its second line, centred as HyperDbg has it. */
const noSubleaves = (title: string): string =>
  '  *******************************************************\n' +
  `  *${title}*\n` +
  '  *       ANY SUBLEAF YOU ENTER WILL DEFAULT TO 0       *\n' +
  '  *      AND THE PROCESSOR RETURNS UNDEFINED VALUES     *\n' +
  '  *******************************************************\n\n';

function reservedRegisters(a: CpuidAnswer, skipEax: boolean): string {
  let out = '';
  if (!skipEax) out += `-- EAX --\n\n  Reserved = 0x${hex8(a.EAX)}\n\n`;
  out += `-- EBX --\n\n  Reserved = 0x${hex8(a.EBX)}\n\n`;
  out += `-- ECX --\n\n  Reserved = 0x${hex8(a.ECX)}\n\n`;
  out += `-- EDX --\n\n  Reserved = 0x${hex8(a.EDX)}\n\n`;
  return out;
}

function ascii(...registers: number[]): string {
  let out = '';
  for (const value of registers)
    for (let i = 0; i < 4; i++) out += String.fromCharCode((value >>> (8 * i)) & 0xff);
  return out;
}

/** The text HyperDbg's CommandShowUserCpuidMessage prints for the leaves decoded here. */
export function formatCpuidAnswer(functionId: number, a: CpuidAnswer): string {
  switch (functionId >>> 0) {
    case 0x0:
      return (
        noSubleaves('               LEAF 0 HAS NO SUBLEAVES               ') +
        `  Vendor : ${ascii(a.EBX, a.EDX, a.ECX).replace(/\0.*$/s, '')}\n` +
        `  Maximum supported basic leaf : ${a.EAX >>> 0}\n`
      );
    case 0x80000000:
      return (
        '==== CPUID.(EAX=80000000H) Extended Function Information ====\n\n' +
        noSubleaves('           LEAF 0x80000000 HAS NO SUBLEAVES          ') +
        `-- EAX --\n\n  MaxExtendedFunctions = 0x${hex8(a.EAX)} (${a.EAX >>> 0})\n\n` +
        reservedRegisters(a, true)
      );
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
      return (
        '==== CPUID.(EAX=80000002H-80000004H) Processor Information ====\n\n' +
        noSubleaves('         LEAF 0x80000002-4 HAS NO SUBLEAVES          ') +
        `  Brand String = "${a.BrandString}"\n\n`
      );
    case 0x80000005:
      return 'EAX = 0x80000005: not implemented.\n';
    default:
      return (
        `==== CPUID.(EAX=${hex8(functionId)}H) ====\n\n` +
        `  CPUID leaf 0x${hex8(functionId)} is not implemented in HyperDbg.\n` +
        '  You can decode the raw values yourself:\n' +
        `    EAX: 0x${hex8(a.EAX)}\n    EBX: 0x${hex8(a.EBX)}\n    ECX: 0x${hex8(a.ECX)}\n    EDX: 0x${hex8(a.EDX)}\n\n`
      );
  }
}

export const cpuidCommand: CommandHandler = handler(
  ['ucpuid', 'cpuid'],
  'paused',
  CPUID_HELP,
  async (command, ctx, usage) => {
    if (command.args.length + 1 > 3) return usage();
    const [functionText, subFunctionText] = command.args.map((t) => t.text);
    if (functionText === undefined) return fail(`please specify a cpuid function id\n\n${CPUID_HELP}`);
    const functionId = parseHyperDbgNumber32(functionText);
    if (functionId === undefined)
      return fail(`please specify a correct hex value for function id\n\n${CPUID_HELP}`);
    const subFunctionId = subFunctionText === undefined ? 0 : parseHyperDbgNumber32(subFunctionText);
    if (subFunctionId === undefined)
      return fail(`please specify a correct hex value for sub-function id\n\n${CPUID_HELP}`);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST,
        payload: DEBUGGER_CPUID_REQUEST_RESPONSE.encode({
          FunctionId: functionId,
          SubFunctionId: subFunctionId,
        }),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID,
        idempotent: true,
      },
    );
    const answer = DEBUGGER_CPUID_REQUEST_RESPONSE.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    ctx.output(formatCpuidAnswer(answer.FunctionId, answer));
    return succeed();
  },
);
