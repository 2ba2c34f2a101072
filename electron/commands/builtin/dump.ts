/**
 * `.dump` / `dump` / `!dump From To path File`: reads the range page by page (a22 READ_MEMORY,
 * physical for `!dump`) and writes the bytes to File, as HyperDbg's CommandDump does.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler } from './common';
import { CANNOT_SPECIFY_PID } from './debugger-mode-messages';
import { readMemory } from './inspect';
import { evaluateAddress } from './script-runner';

const DUMP_HELP =
  '.dump & !dump : saves memory context into a file.\n\n' +
  'syntax : \t.dump [FromAddress (hex)] [ToAddress (hex)] [pid ProcessId (hex)] [path Path (string)]\n' +
  "\nIf you want to dump physical memory then add '!' at the start of the command\n" +
  '\n' +
  '\t\te.g : .dump 401000 40b000 path c:\\rev\\dump1.dmp\n' +
  '\t\te.g : .dump 401000 40b000 pid 1c0 path c:\\rev\\desktop\\dump2.dmp\n' +
  '\t\te.g : .dump fffff801deadb000 fffff801deade054 path c:\\rev\\dump3.dmp\n' +
  '\t\te.g : .dump fffff801deadb000 fffff801deade054 path c:\\rev\\dump4.dmp\n' +
  '\t\te.g : .dump 00007ff8349f2000 00007ff8349f8000 path c:\\rev\\dump5.dmp\n' +
  '\t\te.g : .dump @rax+@rcx @rax+@rcx+1000 path c:\\rev\\dump6.dmp\n' +
  '\t\te.g : !dump 1000 2100 path c:\\rev\\dump7.dmp\n';

const PAGE_SIZE = 0x1000;

export const dumpCommand: CommandHandler = handler(
  ['.dump', 'dump', '!dump'],
  'paused',
  DUMP_HELP,
  async (command, ctx) => {
    if (command.args.length + 1 <= 4)
      return fail(`err, incorrect use of the '.dump' command\n\n${DUMP_HELP}`);
    let pid = 0;
    let path: string | undefined;
    const addresses: string[] = [];
    let next: 'pid' | 'path' | undefined;
    for (const token of command.args) {
      if (next === 'pid') {
        const value = parseHyperDbgNumber32(token.text);
        if (value === undefined)
          return fail(`please specify a correct hex value for process id\n\n${DUMP_HELP}`);
        pid = value;
        next = undefined;
      } else if (next === 'path') {
        path = token.text;
        next = undefined;
      } else if (token.text.toLowerCase() === 'pid') next = 'pid';
      else if (token.text.toLowerCase() === 'path') next = 'path';
      else if (addresses.length < 2) addresses.push(token.text);
      else return fail(`err, couldn't resolve error at '${token.text}'\n\n${DUMP_HELP}`);
    }
    if (next === 'pid') return fail(`please specify a correct hex value for process id\n\n${DUMP_HELP}`);
    if (next === 'path' || path === undefined)
      return fail(`please specify a correct path for saving the dump\n\n${DUMP_HELP}`);
    if (addresses.length < 2) return fail('err, please specify the start and end address in hex format\n');
    const from = await evaluateAddress(ctx, addresses[0]!, parseHyperDbgNumber);
    if (!from.ok) return fail(`err, couldn't resolve error at '${addresses[0]}'\n\n${DUMP_HELP}`);
    const to = await evaluateAddress(ctx, addresses[1]!, parseHyperDbgNumber);
    if (!to.ok) return fail(`err, couldn't resolve error at '${addresses[1]}'\n\n${DUMP_HELP}`);
    if (from.value >= to.value)
      return fail("err, please note that the 'to' address should be greater than the 'from' address\n");
    if (pid !== 0) return fail(CANNOT_SPECIFY_PID);
    let file: number;
    try {
      file = openSync(path, 'w');
    } catch {
      return fail('err, unable to create or open the file\n');
    }
    try {
      // HyperDbg keeps the length in 32 bits and reads whole pages, then the rest
      let remaining = Number(BigInt.asUintN(32, to.value - from.value));
      for (let address = from.value; remaining > 0; address += BigInt(PAGE_SIZE)) {
        const length = Math.min(remaining, PAGE_SIZE);
        remaining -= length;
        const read = await readMemory(ctx, address, length, command.name === '!dump');
        if (!read.ok) {
          ctx.output(`${read.error.replace(/\n?$/, '\n')}`);
          continue;
        }
        writeSync(file, read.read.data);
      }
    } finally {
      closeSync(file);
    }
    ctx.output(`the dump file is saved at: ${path}\n`);
    return succeed();
  },
);
