import { DEBUGGEE_CHANGE_CORE_PACKET, DEBUGGEE_STEP_PACKET } from '../../../shared/protocol/structs';
import { hex } from '../../session/bytes';
import { callLength, isReturn } from '../../session/disassembler';
import { Action } from '../../session/packets';
import { fail, succeed, type CommandContext, type CommandHandler } from '../types';
import { handler, parseCount, statusError, VMX_ROOT, STATUS_SUCCESS } from './common';

/** DEBUGGER_REMOTE_STEPPING_REQUEST values (protocol reference A.2). */
const StepType = {
  stepIn: 0,
  instrumentationStepIn: 1,
  stepOver: 3,
  stepOverForGu: 4,
  stepOverForGuLastInstruction: 5,
} as const;

function stepFrame(stepType: number, call?: number) {
  return {
    packetType: VMX_ROOT,
    action: Action.step,
    payload: DEBUGGEE_STEP_PACKET.encode({
      StepType: stepType,
      IsCurrentInstructionACall: call !== undefined,
      CallLength: call ?? 0,
    }),
  };
}

/** One step; `p`/`gu` decide "is this a call" from the bytes of the last PAUSED (protocol reference 3.7). */
async function step(ctx: CommandContext, stepType: number): Promise<boolean> {
  const context = ctx.link.pausedContext;
  if (!context) return false;
  const call =
    stepType === StepType.stepOver || stepType === StepType.stepOverForGu
      ? callLength(context.instructionBytes, context.is32Bit)
      : undefined;
  const result = await ctx.link.resume(stepFrame(stepType, call), { awaitPause: true });
  return result.paused !== undefined;
}

/** `t`/`p`/`i`, and `tr`/`pr`/`ir`, which show all registers after every step. */
function stepCommand(names: string[], stepType: number, help: string): CommandHandler {
  return handler(names, 'paused', help, async (command, ctx, usage) => {
    if (command.args.length > 1) return usage();
    const count = parseCount(command, 1);
    if (!count.ok) return count.error;
    const showRegisters = command.name.endsWith('r');
    return ctx.walk(async (stopRequested) => {
      for (let i = 0; i < count.value; i++) {
        if (!(await step(ctx, stepType))) break;
        if (showRegisters) {
          const shown = await ctx.execute('r');
          if (!shown.ok) return shown;
          if (i !== count.value - 1) ctx.output('\n');
        }
        if (stopRequested()) break;
      }
      return succeed();
    });
  });
}

export const executionCommands: CommandHandler[] = [
  handler(
    ['g', 'go'],
    'paused',
    'g : continues debuggee or continues processing kernel messages.',
    async (command, ctx, usage) => {
      if (command.args.length !== 0) return usage();
      await ctx.link.resume(
        { packetType: VMX_ROOT, action: Action.continue, payload: new Uint8Array(0) },
        { awaitPause: false },
      );
      ctx.output('debuggee is running...\n');
      return succeed();
    },
  ),

  handler(['pause'], 'connected', 'pause : pauses the kernel events.', async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    if (ctx.link.state === 'paused') return succeed();
    ctx.output('pausing...\n');
    await ctx.link.pause();
    return succeed();
  }),

  stepCommand(
    ['t', 'tr'],
    StepType.stepIn,
    't : executes a single instruction (step-in) and optionally displays the resulting values of all registers and flags.',
  ),
  stepCommand(
    ['p', 'pr'],
    StepType.stepOver,
    'p : executes a single instruction (step) and optionally displays the resulting values of all registers and flags.',
  ),
  stepCommand(
    ['i', 'ir'],
    StepType.instrumentationStepIn,
    "i : executes a single instruction (step-in) and guarantees that no other instruction is executed other than the displayed instruction including user to the kernel (syscalls) and kernel to the user (sysrets) and exceptions and page-faults and optionally displays all registers and flags' resulting values.",
  ),

  handler(
    ['gu'],
    'paused',
    'gu : executes a single instruction (step-out) and optionally displays the resulting values of all registers and flags.',
    async (command, ctx, usage) => {
      if (command.args.length > 1) return usage();
      const count = parseCount(command, 0xffffffff);
      if (!count.ok) return count.error;
      return ctx.walk(async (stopRequested) => {
        for (let i = 0; i < count.value; i++) {
          const context = ctx.link.pausedContext;
          if (!context) break;
          const last = isReturn(context.instructionBytes, context.is32Bit);
          if (!(await step(ctx, last ? StepType.stepOverForGuLastInstruction : StepType.stepOverForGu)))
            break;
          if (last || stopRequested()) break;
        }
        return succeed();
      });
    },
  ),

  handler(
    ['~', 'core'],
    'paused',
    '~ : shows and changes the operating processor.',
    async (command, ctx, usage) => {
      if (command.args.length > 1) return usage();
      if (command.args.length === 0) {
        ctx.output(`current processor : 0x${hex(ctx.link.currentCore)}\n`);
        return succeed();
      }
      const text = command.args[0]!.text;
      const target = /^[0-9a-fA-F]+$|^0x[0-9a-fA-F]+$/i.test(text)
        ? Number.parseInt(text.replace(/^0x/i, ''), 16)
        : NaN;
      if (!Number.isInteger(target) || target > 0xffffffff) {
        return fail('please specify a correct hex value for the core that you want to operate on it');
      }
      if (target === ctx.link.currentCore) {
        ctx.output(`the current operating core is ${hex(target)} (not changed)\n`);
        return succeed();
      }
      const result = await ctx.link.request(
        {
          packetType: VMX_ROOT,
          action: Action.changeCore,
          payload: DEBUGGEE_CHANGE_CORE_PACKET.encode({ NewCore: target }),
        },
        {
          responseAction: Action.resultChangingCore,
          // HyperDbg prints the change when a43 arrives, before the new core's PAUSED (reason 7).
          thenAwaitPause: (response) => {
            const answer = DEBUGGEE_CHANGE_CORE_PACKET.decode(response.payload);
            if (answer.Result !== STATUS_SUCCESS) return false;
            ctx.output(`current operating core changed to 0x${hex(answer.NewCore)}\n`);
            return true;
          },
        },
      );
      const answer = DEBUGGEE_CHANGE_CORE_PACKET.decode(result.response.payload);
      return answer.Result === STATUS_SUCCESS ? succeed() : fail(statusError(answer.Result));
    },
  ),
];
