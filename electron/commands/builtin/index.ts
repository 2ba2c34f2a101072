import type { CommandRegistry } from '../types';
import { handler } from './common';
import { executionCommands } from './execution';
import { cpuidCommand } from './cpuid';
import { inspectCommands } from './inspect';
import { apicCommands, idtCommand } from './interrupts';
import { pageinCommand } from './pagein';
import { searchCommand } from './search';
import { sessionMetaCommands } from './session-meta';
import { smiCommand } from './smi';
import { systemCommands, type BreakpointHooks, type ForwardHooks, type TestHooks } from './system';
import { fail, succeed } from '../types';

export type BuiltinHooks = TestHooks & ForwardHooks & BreakpointHooks;

/** Registers every non-event command (part B registers the event commands and `events`). */
export function registerBuiltinCommands(registry: CommandRegistry, hooks: BuiltinHooks = {}): void {
  for (const command of [
    ...executionCommands,
    ...inspectCommands,
    ...systemCommands(hooks),
    ...sessionMetaCommands,
    searchCommand,
    idtCommand,
    ...apicCommands,
    smiCommand,
    cpuidCommand,
    pageinCommand,
  ])
    registry.register(command);
  registry.register(
    handler(
      ['help', '.help', '.hh', '!help'],
      'any',
      'help : shows the help of a command.\n\nsyntax : \thelp [Command (string)]\n',
      async (command, ctx, usage) => {
        if (command.args.length !== 1) return usage();
        const target = registry.lookup(command.args[0]!.text);
        if (!target) return fail(`err, couldn't find the help for the command at '${command.args[0]!.text}'`);
        ctx.output(target.help.endsWith('\n') ? target.help : `${target.help}\n`);
        return succeed();
      },
    ),
  );
}
