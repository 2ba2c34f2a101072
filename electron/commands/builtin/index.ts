import type { CommandRegistry } from '../types';
import { commandHelp, formatCommandHelp, formatHelpIndex } from '../../../shared/command-help/help';
import { handler } from './common';
import { executionCommands } from './execution';
import { assembleCommand } from './assemble-command';
import { consoleLogCommands } from './console-log-commands';
import { cpuidCommand } from './cpuid';
import { dumpCommand } from './dump';
import { inspectCommands } from './inspect';
import { apicCommands, idtCommand } from './interrupts';
import { lbrdumpCommand } from './lbr';
import { pageinCommand } from './pagein';
import { pcicamCommand, pcitreeCommand } from './pci';
import { searchCommand } from './search';
import { sessionMetaCommands } from './session-meta';
import { smiCommand } from './smi';
import { trackCommand } from './track';
import { breakpointCommands, type BreakpointHooks } from './breakpoints';
import { debuggeeTestCommands, type TestHooks } from './debuggee-tests';
import { formatsCommand } from './formats';
import { forwardedCommands, type ForwardHooks } from './forwarded';
import { localCommands } from './local';
import { processThreadCommands } from './process-thread';
import { typeDisplayCommands } from './types-display';
import { linkedListCommands } from './linked-list';
import { expressionCommands, scriptFileCommand } from './scripts';
import { translationCommands } from './translation';
import { fail, succeed } from '../types';

export type BuiltinHooks = TestHooks & ForwardHooks & BreakpointHooks;

/** Registers every non-event command (`electron/app/session-models.ts` registers the event, `events` and symbol commands). */
export function registerBuiltinCommands(registry: CommandRegistry, hooks: BuiltinHooks = {}): void {
  const commands = [
    ...executionCommands,
    ...inspectCommands,
    ...breakpointCommands(hooks),
    ...processThreadCommands,
    ...typeDisplayCommands,
    ...linkedListCommands,
    ...translationCommands,
    ...debuggeeTestCommands(hooks),
    ...localCommands,
    ...expressionCommands,
    formatsCommand,
    scriptFileCommand,
    ...forwardedCommands(hooks),
    ...sessionMetaCommands,
    searchCommand,
    idtCommand,
    ...apicCommands,
    smiCommand,
    cpuidCommand,
    pageinCommand,
    pcitreeCommand,
    pcicamCommand,
    lbrdumpCommand,
    assembleCommand,
    trackCommand,
    dumpCommand,
    ...consoleLogCommands,
  ];
  for (const command of commands) registry.register(command);
  registry.register(
    handler(
      ['help', '.help', '.hh', '!help'],
      'any',
      'help : shows the help of a command.\n\nsyntax : \thelp [Command (string)]\n',
      async (command, ctx, usage) => {
        // Without a name: every command by family (HyperDbg prints only its usage here).
        if (command.args.length === 0) {
          ctx.output(formatHelpIndex());
          return succeed();
        }
        if (command.args.length !== 1) return usage();
        const name = command.args[0]!.text;
        const target = registry.lookup(name);
        const page = commandHelp(name);
        if (!target && !page) return fail(`err, couldn't find the help for the command at '${name}'`);
        // Syntax, options and examples where we have them, else the command's own help text.
        const text = page ? formatCommandHelp(page) : target!.help;
        ctx.output(text.endsWith('\n') ? text : `${text}\n`);
        return succeed();
      },
    ),
  );
}
