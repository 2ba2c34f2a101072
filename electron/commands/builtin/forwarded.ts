// Commands HyperDbg runs in the debuggee's user mode: sent there as text (protocol reference 6.1).
import { FORWARDED_KEEPS_RUNNING, FORWARDED_REHALTS } from '../../../shared/protocol/forwarded-commands';
import { succeed, type CommandHandler, type ParsedCommand } from '../types';
import { handler } from './common';

export interface ForwardHooks {
  /** After a forwarded command finished (e.g. `prealloc` → pool ledger bookkeeping). */
  onForwarded?(command: ParsedCommand, output: readonly string[]): void;
}

export function forwardedCommands(hooks: ForwardHooks): CommandHandler[] {
  const make = (name: string, keepsRunning: boolean): CommandHandler =>
    handler(
      [name],
      'paused',
      `${name} : executed by the debuggee's HyperDbg (forwarded as text).`,
      async (command, ctx) => {
        const result = await ctx.link.forwardUserInput(command.raw.trim(), { keepsRunning });
        if (keepsRunning) ctx.output('debuggee is running...\n');
        hooks.onForwarded?.(
          command,
          result.logs.map((log) => log.text),
        );
        return succeed();
      },
    );
  return [
    ...FORWARDED_KEEPS_RUNNING.map((n) => make(n, true)),
    ...FORWARDED_REHALTS.map((n) => make(n, false)),
  ];
}
