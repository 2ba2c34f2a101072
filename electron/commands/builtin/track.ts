/**
 * `!track` / `track [tree|reg] [Count]`: steps with INSTRUMENTATION_STEP_IN_FOR_TRACKING (a5,
 * StepType 2) up to Count times (default DEBUGGER_REMOTE_TRACKING_DEFAULT_COUNT_OF_STEPPING) and
 * draws the call tree from the instruction of each halt, as HyperDbg does: a call opens a branch
 * with its target, a ret closes it with the address it returns to. `reg` shows all registers
 * after each call. Ctrl+C ends the walk after the step in flight.
 */
import { DEBUGGER_REMOTE_TRACKING_DEFAULT_COUNT_OF_STEPPING } from '../../../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_STEPPING_REQUEST as STEP } from '../../../shared/protocol/generated/enums';
import { DEBUGGEE_STEP_PACKET } from '../../../shared/protocol/structs';
import { separateTo64BitValue } from '../../session/bytes';
import { callLength, isReturn } from '../../session/disassembler';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, VMX_ROOT } from './common';

const TRACK_HELP =
  "!track : tracks instructions from user-mode to kernel-mode or kernel-mode to user-mode to create call tree. Please note that it's highly recommended to configure symbols before using this command as it maps addresses to corresponding function names.\n\n" +
  'syntax : \t!track [tree] [Count (hex)]\n' +
  'syntax : \t!track [reg] [Count (hex)]\n' +
  '\n' +
  '\t\te.g : !track tree 10000\n' +
  '\t\te.g : !track reg 10000\n';

const BRANCH = '\u2502  ';
const OPEN = '\u250c\u2500\u2500';
const CLOSE = '\u2514\u2500\u2500 ';

export const trackCommand: CommandHandler = handler(
  ['!track', 'track'],
  'paused',
  TRACK_HELP,
  async (command, ctx) => {
    let count = DEBUGGER_REMOTE_TRACKING_DEFAULT_COUNT_OF_STEPPING;
    let showRegisters = false;
    for (const token of command.args) {
      const value = parseHyperDbgNumber32(token.text);
      if (value !== undefined) count = value;
      else if (token.text.toLowerCase() === 'tree') showRegisters = false;
      else if (token.text.toLowerCase() === 'reg') showRegisters = true;
      else return fail(`err, couldn't resolve error at '${token.text}'\n\n`);
    }
    return ctx.walk(async (stopRequested) => {
      let depth = 0;
      let callSeen = false;
      for (let i = 0; i < count; i++) {
        const before = ctx.link.pausedContext;
        if (!before) break;
        const result = await ctx.link.resume(
          {
            packetType: VMX_ROOT,
            action: Action.step,
            payload: DEBUGGEE_STEP_PACKET.encode({
              StepType: STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN_FOR_TRACKING,
            }),
          },
          { awaitPause: true },
        );
        const after = result.paused;
        if (!after) break;
        if (callLength(before.instructionBytes, before.is32Bit) !== undefined) {
          callSeen = true;
          const name = ctx.settings.addressConversion ? ctx.symbols.describeAddress(after.rip) : undefined;
          ctx.output(
            `${BRANCH.repeat(depth)}${OPEN}${name ? ` ${name} (${separateTo64BitValue(after.rip)})` : ` ${separateTo64BitValue(after.rip)}`}\n`,
          );
          depth++;
          if (showRegisters) {
            await ctx.execute('r');
            ctx.output('\n');
          }
        } else if (isReturn(before.instructionBytes, before.is32Bit)) {
          if (callSeen && depth > 0) depth--;
          const name = ctx.settings.addressConversion ? ctx.symbols.describeAddress(after.rip) : undefined;
          ctx.output(
            `${BRANCH.repeat(depth)}${CLOSE}${name ? `${name} (${separateTo64BitValue(after.rip)})` : `${separateTo64BitValue(after.rip)} `}\n`,
          );
        }
        // a halt of any other kind (breakpoint, event) ends the walk, as HyperDbg stops instrumenting
        if (after.reasonName !== 'DEBUGGEE_TRACKING_STEPPED' && after.reasonName !== 'DEBUGGEE_STEPPED')
          break;
        if (stopRequested()) break;
      }
      return succeed();
    });
  },
);
