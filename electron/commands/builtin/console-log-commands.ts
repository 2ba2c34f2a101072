/** `.logopen FILE` and `.logclose` with HyperDbg's texts (the log itself is electron/commands/console-log.ts). */
import { fail, succeed, type CommandHandler } from '../types';
import { handler } from './common';

const LOGOPEN_HELP =
  '.logopen : saves commands and results in a file.\n\n' +
  'syntax : \t.logopen [FilePath (string)]\n' +
  '\n' +
  '\t\te.g : .logopen c:\\users\\sina\\desktop\\log.txt\n' +
  '\t\te.g : .logopen "c:\\users\\sina\\desktop\\log with space.txt"\n';

const LOGCLOSE_HELP = '.logclose : closes the previously opened log.\n\nsyntax : \t.logclose\n';

/** HyperDbg's local time stamp: 2026-12-06 02:45:00 */
export function logTimestamp(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ` +
    `${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`
  );
}

export const consoleLogCommands: readonly CommandHandler[] = [
  handler(['.logopen'], 'any', LOGOPEN_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    if (ctx.consoleLog.isOpen)
      return fail('log was opened previously, you have the close it first (using .logclose)\n');
    const path = command.args[0]!.text;
    if (!ctx.consoleLog.open(path)) return fail(`unable to open file : ${path}\n`);
    ctx.output(`save commands and results into file : ${path} (${logTimestamp()})\n`);
    return succeed();
  }),
  handler(['.logclose'], 'any', LOGCLOSE_HELP, async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    if (!ctx.consoleLog.isOpen) return fail("there is no opened log, did you use '.logopen'? \n");
    ctx.output(`log file closed (${logTimestamp()})\n`);
    ctx.consoleLog.close();
    return succeed();
  }),
];
