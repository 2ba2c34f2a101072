/**
 * `sb sd sq` and their physical forms `!sb !sd !sq` (a17 SEARCH_QUERY): HyperDbg's token rules
 * (address first, then values; `l Length` is required, `pid` is refused in Debugger Mode), one
 * u64 slot per value after the DEBUGGER_SEARCH_MEMORY header. The debuggee prints each match as a
 * log line (`%llx`) before its a64 answer; the debugger adds "not found" when there was none.
 */
import {
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_SEARCH_MEMORY_BYTE_SIZE as SIZE,
  DEBUGGER_SEARCH_MEMORY_TYPE as MEMORY,
} from '../../../shared/protocol/generated/enums';
import { encodeSearchMemoryPayload } from '../../../shared/protocol/payloads';
import { DEBUGGEE_RESULT_OF_SEARCH_PACKET } from '../../../shared/protocol/structs';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler, type HandlerOutcome } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { CANNOT_SPECIFY_PID } from './debugger-mode-messages';
import { evaluateAddress } from './script-runner';

const SEARCH_HELP =
  'sb !sb sd !sd sq !sq : searches a contiguous memory for a special byte pattern\n' +
  'sb  Byte and ASCII characters\n' +
  'sd  Double-word values (4 bytes)\n' +
  'sq  Quad-word values (8 bytes). \n' +
  "\n If you want to search in physical (address) memory then add '!' at the start of the command\n" +
  'syntax : \tsb [StartAddress (hex)] [l Length (hex)] [BytePattern (hex)] [pid ProcessId (hex)]\n' +
  'syntax : \tsd [StartAddress (hex)] [l Length (hex)] [BytePattern (hex)] [pid ProcessId (hex)]\n' +
  'syntax : \tsq [StartAddress (hex)] [l Length (hex)] [BytePattern (hex)] [pid ProcessId (hex)]\n' +
  '\n' +
  '\t\te.g : sb nt!ExAllocatePoolWithTag 90 85 95 l ffff \n' +
  '\t\te.g : sb nt!ExAllocatePoolWithTag+5 90 85 95 l ffff \n' +
  '\t\te.g : sb @rcx+5 90 85 95 l ffff \n' +
  '\t\te.g : sb fffff8077356f010 90 85 95 l ffff \n' +
  '\t\te.g : sd fffff8077356f010 90423580 l ffff pid 1c0 \n' +
  '\t\te.g : !sq 100000 9090909090909090 l ffff\n' +
  '\t\te.g : !sq @rdx+r12 9090909090909090 l ffff\n' +
  '\t\te.g : !sq 100000 9090909090909090 9090909090909090 9090909090909090 l ffffff\n';

const UNIT = {
  sb: { size: SIZE.SEARCH_BYTE, digits: 2, name: 'byte' },
  sd: { size: SIZE.SEARCH_DWORD, digits: 8, name: 'dword' },
  sq: { size: SIZE.SEARCH_QWORD, digits: 16, name: 'qword' },
} as const;

/** HyperDbg strips one `0x`/`\x`/`x` prefix and every backtick before it counts the digits. */
function valueDigits(text: string): string {
  let digits = text;
  if (/^(0x|\\x)/i.test(digits)) digits = digits.slice(2);
  else if (/^x/i.test(digits)) digits = digits.slice(1);
  return digits.replaceAll('`', '');
}

export const searchCommand: CommandHandler = handler(
  ['sb', 'sd', 'sq', '!sb', '!sd', '!sq'],
  'paused',
  SEARCH_HELP,
  async (command, ctx, usage) => {
    // HyperDbg counts the command name: at least address, value, `l` and length.
    if (command.args.length + 1 <= 4) return usage();
    const physical = command.name.startsWith('!');
    const unit = UNIT[command.name.replace('!', '') as keyof typeof UNIT];
    const withHelp = (message: string): HandlerOutcome => fail(`${message}\n\n${SEARCH_HELP}`);
    let addressText: string | undefined;
    let length: bigint | undefined;
    let processId = 0;
    const values: bigint[] = [];
    let next: 'pid' | 'l' | undefined;
    for (const token of command.args) {
      const word = token.text.toLowerCase();
      if (next === 'pid') {
        next = undefined;
        const value = parseHyperDbgNumber32(token.text);
        if (value === undefined) return withHelp('please specify a correct hex process id');
        processId = value;
        continue;
      }
      if (next === 'l') {
        next = undefined;
        const value = parseHyperDbgNumber(token.text);
        if (value === undefined) return withHelp('please specify a correct hex length');
        length = value;
        continue;
      }
      if (word === 'pid') {
        next = 'pid';
        continue;
      }
      if (length === undefined && word === 'l') {
        next = 'l';
        continue;
      }
      if (addressText === undefined) {
        addressText = token.text;
        continue;
      }
      if (valueDigits(token.text).length > unit.digits) {
        return fail(
          `please specify a ${unit.name} (hex) value for '${command.name.replace('!', '')}' or '!${command.name.replace('!', '')}'\n\n`,
        );
      }
      const value = parseHyperDbgNumber(valueDigits(token.text));
      if (value === undefined)
        return withHelp('please specify a correct hex value to search in the memory content');
      values.push(value);
    }
    if (processId !== 0) return fail(CANNOT_SPECIFY_PID);
    if (addressText === undefined) return withHelp('please specify a correct hex address');
    if (values.length === 0) return withHelp('please specify a correct hex value as the content to search');
    if (length === undefined) return withHelp('please specify a correct hex value as the length');
    if (next === 'pid') return withHelp('please specify a correct hex value as the process id');
    if (next === 'l') return withHelp('please specify a correct hex length');
    // The address is resolved last here (HyperDbg resolves it in place): nothing is sent before every check passed.
    const address = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!address.ok) return withHelp(`err, couldn't resolve error at '${addressText}'`);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SEARCH_QUERY,
        payload: encodeSearchMemoryPayload(
          {
            Address: address.value,
            Length: length,
            ProcessId: 0,
            MemoryType: physical ? MEMORY.SEARCH_PHYSICAL_MEMORY : MEMORY.SEARCH_VIRTUAL_MEMORY,
            ByteSize: unit.size,
          },
          values,
        ),
      },
      {
        responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SEARCH_QUERY,
        idempotent: true,
      },
    );
    const answer = DEBUGGEE_RESULT_OF_SEARCH_PACKET.decode(response.payload);
    if (!isSuccess(answer.Result)) return fail(statusError(answer.Result));
    if (answer.CountOfResults === 0) ctx.output('not found\n');
    return succeed();
  },
);
