// `dl` / `!dl`: walk a linked list from a virtual (physical) address, one pointer read per node,
// as HyperDbg v0.23's HyperDbgShowMemoryLinkedList does (stops at a null pointer, an unreadable
// node, the head again, or after `l Count` nodes).
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler } from './common';
import { readMemory } from './inspect';
import { evaluateAddress } from './script-runner';

/** DL_DEFAULT_MAX_NODES */
const DEFAULT_MAX_NODES = 0x100n;

const DL_HELP =
  'dl !dl : walks a linked list starting at an address and shows each node.\n\n' +
  'syntax : \tdl [Address (hex)] [o Offset (hex)] [l Count (hex)] [pid ProcessId (hex)]\n' +
  'syntax : \t!dl [Address (hex)] [o Offset (hex)] [l Count (hex)]\n\n' +
  '\t\te.g : dl nt!PsActiveProcessHead\n' +
  '\t\te.g : dl @rax o 8\n' +
  '\t\te.g : dl fffff8077356f010 o 8 l 20 pid 4\n';

function linkedListCommand(name: string, physical: boolean): CommandHandler {
  return handler([name], 'paused', DL_HELP, async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    let offset = 0n;
    let maxNodes = 0n;
    let addressText: string | undefined;
    for (let i = 0; i < command.args.length; i++) {
      const token = command.args[i]!.text;
      const lower = token.toLowerCase();
      if (lower === 'l' || lower === 'o' || lower === 'pid') {
        const next = command.args[++i]?.text;
        if (next === undefined) return fail(`incorrect use of the '${command.name}' command\n\n${DL_HELP}`);
        const value = parseHyperDbgNumber(next);
        if (value === undefined)
          return fail(
            lower === 'l'
              ? 'err, you should enter a valid count\n\n'
              : lower === 'o'
                ? 'err, you should enter a valid offset\n\n'
                : 'err, you should enter a valid process id\n\n',
          );
        // in the Debugger Mode the pid is ignored (the debuggee reads in its current process)
        if (lower === 'l') maxNodes = value;
        if (lower === 'o') offset = value;
        continue;
      }
      if (addressText !== undefined)
        return fail(`err, incorrect use of the '${command.name}' command\n\n${DL_HELP}`);
      addressText = token;
    }
    if (addressText === undefined) return fail('err, please enter a valid address\n\n');
    const head = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!head.ok) return fail(`err, couldn't resolve error at '${addressText}'\n`);
    if (head.value === 0n) return fail('err, please enter a valid address\n\n');
    if (maxNodes === 0n) maxNodes = DEFAULT_MAX_NODES;
    ctx.output(
      `walking linked list (${physical ? 'physical' : 'virtual'} address) from ${head.value.toString(16)} (offset = ${offset.toString(16)})\n\n`,
    );
    let current = head.value;
    let index = 0n;
    while (current !== 0n && index < maxNodes) {
      ctx.output(`${index.toString(16).padStart(2, '0')}: ${current.toString(16).padStart(16, '0')}\n`);
      const at = BigInt.asUintN(64, current + offset);
      const read = await readMemory(ctx, at, 8, physical);
      if (!read.ok || read.read.data.length !== 8) {
        ctx.output(`err, unable to read memory at ${at.toString(16)}\n`);
        break;
      }
      const next = new DataView(read.read.data.buffer, read.read.data.byteOffset, 8).getBigUint64(0, true);
      // a circular LIST_ENTRY comes back to its head
      if (next === head.value && index > 0n) {
        ctx.output('\n(list is circular, returned to head)\n');
        break;
      }
      current = next;
      index++;
    }
    if (index >= maxNodes)
      ctx.output(`\n(stopped after ${maxNodes.toString(16)} nodes; use 'l Count' to see more)\n`);
    return succeed();
  });
}

export const linkedListCommands: CommandHandler[] = [
  linkedListCommand('dl', false),
  linkedListCommand('!dl', true),
];
