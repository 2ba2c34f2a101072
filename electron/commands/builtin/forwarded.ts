// Commands HyperDbg runs in the debuggee's user mode: sent there as text (protocol reference 6.1).
import { succeed, type CommandHandler, type ParsedCommand } from '../types';
import { handler } from './common';

const FORWARDED_KEEPS_RUNNING = [
  '.attach',
  'attach',
  '.detach',
  'detach',
  'cont',
  'continue',
  '.pause',
  '.start',
  'start',
  '.restart',
  'restart',
];
const FORWARDED_REHALTS = [
  '.switch',
  'switch',
  '.kill',
  'kill',
  'status',
  '.load',
  'load',
  'unload',
  'cpu',
  'rdmsr',
  'wrmsr',
  '!hide',
  '!unhide',
  '!measure',
  'lm',
  'prealloc',
  'preallocate',
  'preallocation',
  'preactivate',
  'preactivation',
  'preactive',
  '.pe',
  '!rev',
  'rev',
  '!lbr',
  '!pt',
  // hwdbg's commands: v0.23's table gives them no "local in Debugger Mode" attribute either
  '!hw',
  '!hw_clk',
  '!hw_clock',
  '!hwdbg_clock',
];

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
