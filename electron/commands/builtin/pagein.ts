/**
 * `.pagein` / `pagein [Mode] Address [l Length]` (a30 INJECT_PAGE_FAULT with
 * DEBUGGER_PAGE_IN_REQUEST; a67 echoes it): asks the debuggee to fault the range in on the next
 * `g`. HyperDbg v0.23 parses the mode letters (p w u f k s h g) but never copies them into the
 * request, so the error code it sends is always 0; the frame here is the same.
 */
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../../shared/protocol/generated/enums';
import { DEBUGGER_PAGE_IN_REQUEST } from '../../../shared/protocol/structs';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress } from './script-runner';

const PAGEIN_HELP =
  '.pagein : brings the page in, making it available in the RAM.\n\n' +
  'syntax : \t.pagein [Mode (string)] [l Length (hex)]\n' +
  'syntax : \t.pagein [Mode (string)] [VirtualAddress (hex)] [l Length (hex)]\n' +
  '\n' +
  '\t\te.g : .pagein fffff801deadbeef\n' +
  '\t\te.g : .pagein 00007ff8349f2224 l 1a000\n' +
  '\t\te.g : .pagein u 00007ff8349f2224\n' +
  '\t\te.g : .pagein w 00007ff8349f2224\n' +
  '\t\te.g : .pagein f 00007ff8349f2224\n' +
  '\t\te.g : .pagein pw 00007ff8349f2224\n' +
  '\t\te.g : .pagein wu 00007ff8349f2224\n' +
  '\t\te.g : .pagein wu 00007ff8349f2224 l 6000\n' +
  '\t\te.g : .pagein pf @rax\n' +
  '\t\te.g : .pagein uf @rip+@rcx\n' +
  '\t\te.g : .pagein pwu @rax+5\n' +
  '\t\te.g : .pagein pwu @rax l 2000\n' +
  '\n' +
  'valid mode formats: \n' +
  '\tp : present\n\tw : write\n\tu : user\n\tf : fetch\n\tk : protection key\n\ts : shadow stack\n\th : hlat\n\tg : sgx\n' +
  '\n' +
  'common page-fault codes: \n' +
  '\t0x0:  (default)\n' +
  '\t0x2:  w (write access fault)\n' +
  '\t0x3:  pw (present, write access fault)\n' +
  '\t0x4:  u (user access fault)\n' +
  '\t0x6:  wu (write, user access fault)\n' +
  '\t0x7:  pwu (present, write, user access fault)\n' +
  '\t0x10: f (fetch instruction fault)\n' +
  '\t0x11: pf (present, fetch instruction fault)\n' +
  '\t0x14: uf (user, fetch instruction fault)\n';

/** A mode word: only the letters p w u f k s h g, none twice (CommandPageinCheckAndInterpretModeString). */
function isModeString(word: string): boolean {
  return /^[pwufkshg]*$/.test(word) && new Set(word).size === word.length;
}

export const pageinCommand: CommandHandler = handler(
  ['.pagein', 'pagein'],
  'paused',
  PAGEIN_HELP,
  async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    let addressText: string | undefined;
    let lengthText: string | undefined;
    let expectLength = false;
    for (const token of command.args) {
      const word = token.text.toLowerCase();
      if (expectLength) {
        lengthText = token.text;
        expectLength = false;
        continue;
      }
      if (word === 'l') {
        expectLength = true;
        continue;
      }
      if (isModeString(word)) continue;
      if (addressText !== undefined)
        return fail(`err, incorrect use of the '.pagein' command\n\n${PAGEIN_HELP}`);
      addressText = token.text;
    }
    if (addressText === undefined) return fail('err, please enter a valid address\n\n');
    if (expectLength) return usage();
    const from = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!from.ok) return fail(`err, couldn't resolve error at '${addressText}'\n`);
    let length = 0n;
    if (lengthText !== undefined) {
      const value = await evaluateAddress(ctx, lengthText, parseHyperDbgNumber);
      if (!value.ok) return fail('err, you should enter a valid length\n\n');
      length = value.value;
    }
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_INJECT_PAGE_FAULT,
        payload: DEBUGGER_PAGE_IN_REQUEST.encode({
          VirtualAddressFrom: from.value,
          VirtualAddressTo: BigInt.asUintN(64, from.value + length),
        }),
      },
      { responseAction: RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BRINGING_PAGES_IN },
    );
    const answer = DEBUGGER_PAGE_IN_REQUEST.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    ctx.output(
      'the page-fault is delivered to the target thread\n' +
        "press 'g' to continue debuggee (the current thread will execute ONLY one instruction and will be halted again)...\n",
    );
    return succeed();
  },
);
