// `.process`/`.process2` and `.thread`/`.thread2`: show the current process or thread, or switch.
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
} from '../../../shared/protocol/structs';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_TYPE as PT,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE as TT,
} from '../../../shared/protocol/generated/enums';
import { separateTo64BitValue } from '../../session/bytes';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { fail, succeed, type CommandContext, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress } from './script-runner';

const PROCESS_HELP =
  '.process, .process2 : shows and changes the processes. This command needs public symbols for ntoskrnl.exe if you want to see the processes list.\n\n' +
  'syntax : \t.process\nsyntax : \t.process [list]\nsyntax : \t.process [pid ProcessId (hex)]\nsyntax : \t.process [process Eprocess (hex)]\n';

function processCommand(names: string[], byClockInterrupt: boolean): CommandHandler {
  return handler(names, 'paused', PROCESS_HELP, async (command, ctx, usage) => {
    const args = command.args.map((t) => t.text.toLowerCase());
    let packet: Parameters<typeof DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode>[0];
    if (args.length === 0) packet = { ActionType: 0 };
    else if (args.length === 1 && args[0] === 'list') {
      const details = kernelListDetails(ctx);
      if (!details) return fail(`${missingOffsetsMessage('processes')}\n`);
      packet = processListPacket(details);
    } else if (args.length === 2 && (args[0] === 'pid' || args[0] === 'process')) {
      const value = parseHyperDbgNumber(command.args[1]!.text);
      if (value === undefined) return fail('please specify a correct hex value for the process\n');
      packet =
        args[0] === 'pid'
          ? { ActionType: 2, ProcessId: Number(value & 0xffffffffn), IsSwitchByClkIntr: byClockInterrupt }
          : { ActionType: 2, Process: value, IsSwitchByClkIntr: byClockInterrupt };
    } else return usage();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.changeProcess,
        payload: DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode(packet),
      },
      {
        responseAction: Action.resultChangingProcess,
        idempotent: packet.ActionType !== PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PERFORM_SWITCH,
      },
    );
    const answer = DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(response.payload);
    if (!isSuccess(answer.Result)) return fail(statusError(answer.Result));
    if (answer.ActionType === 0) {
      ctx.output(
        `process id: ${answer.ProcessId.toString(16)}\nprocess (_EPROCESS): ${separateTo64BitValue(answer.Process)}\n` +
          `process name (16-Byte): ${cString(answer.ProcessName)}\n`,
      );
    } else if (answer.ActionType === 2) {
      ctx.output(
        "press 'g' to continue the debuggee, if the pid or the process object address is valid then the debuggee will be automatically paused when it attached to the target process\n",
      );
    }
    return succeed();
  });
}

const THREAD_HELP =
  '.thread, .thread2 : shows and changes the threads.\n\n' +
  'syntax : \t.thread\nsyntax : \t.thread [list] [process Eprocess (hex)]\nsyntax : \t.thread [tid ThreadId (hex)]\nsyntax : \t.thread [thread Ethread (hex)]\n';

function threadCommand(names: string[], byClockInterrupt: boolean): CommandHandler {
  return handler(names, 'paused', THREAD_HELP, async (command, ctx, usage) => {
    const args = command.args.map((t) => t.text.toLowerCase());
    let packet: Parameters<typeof DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode>[0];
    if (args.length === 0) packet = { ActionType: 1 };
    else if (args[0] === 'list' && (args.length === 1 || (args.length === 3 && args[1] === 'process'))) {
      let process = 0n;
      if (args.length === 3) {
        const value = await evaluateAddress(ctx, command.args[2]!.text, parseHyperDbgNumber);
        if (!value.ok)
          return fail(
            'please specify a correct hex value for the process (nt!_EPROCESS) that you want to see its threads\n\n' +
              THREAD_HELP,
          );
        process = value.value;
      }
      const details = kernelListDetails(ctx);
      if (!details) return fail(`${missingOffsetsMessage('threads')}\n`);
      packet = threadListPacket(details, process);
    } else if (args.length === 2 && (args[0] === 'tid' || args[0] === 'thread')) {
      const value = parseHyperDbgNumber(command.args[1]!.text);
      if (value === undefined) return fail('please specify a correct hex value for the thread\n');
      packet =
        args[0] === 'tid'
          ? { ActionType: 0, ThreadId: Number(value & 0xffffffffn), CheckByClockInterrupt: byClockInterrupt }
          : { ActionType: 0, Thread: value, CheckByClockInterrupt: byClockInterrupt };
    } else return usage();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.changeThread,
        payload: DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode(packet),
      },
      {
        responseAction: Action.resultChangingThread,
        idempotent: packet.ActionType !== TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PERFORM_SWITCH,
      },
    );
    const answer = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(response.payload);
    if (!isSuccess(answer.Result)) return fail(statusError(answer.Result));
    if (answer.ActionType === 1) {
      ctx.output(
        `thread id: ${answer.ThreadId.toString(16)} (pid: ${answer.ProcessId.toString(16)})\n` +
          `thread (_ETHREAD): ${separateTo64BitValue(answer.Thread)}\nprocess (_EPROCESS): ${separateTo64BitValue(answer.Process)}\n` +
          `process name (16-Byte): ${cString(answer.ProcessName)}\n`,
      );
    } else if (answer.ActionType === 0) {
      ctx.output(
        "press 'g' to continue the debuggee, if the tid or the thread object address is valid then the debuggee will be automatically paused when it attached to the target thread\n",
      );
    }
    return succeed();
  });
}

/**
 * The text the debuggee logs for `.process list` or `.thread list` (current process), read
 * without printing: the Processes pane parses it. Fails as the commands do without the kernel's PDB.
 */
export async function readKernelList(
  ctx: CommandContext,
  kind: 'processes' | 'threads',
): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const details = kernelListDetails(ctx);
  if (!details) return { ok: false, error: missingOffsetsMessage(kind) };
  const frame =
    kind === 'processes'
      ? {
          action: Action.changeProcess,
          responseAction: Action.resultChangingProcess,
          payload: DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode(processListPacket(details)),
        }
      : {
          action: Action.changeThread,
          responseAction: Action.resultChangingThread,
          payload: DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode(threadListPacket(details, 0n)),
        };
  const { response, logs } = await ctx.link.request(
    { packetType: VMX_ROOT, action: frame.action, payload: frame.payload },
    { responseAction: frame.responseAction, idempotent: true },
  );
  const result =
    kind === 'processes'
      ? DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(response.payload).Result
      : DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(response.payload).Result;
  if (!isSuccess(result)) return { ok: false, error: statusError(result) };
  return { ok: true, text: logs.map((log) => log.text).join('') };
}

/**
 * What `.process list` and `.thread list` send (ProcessListSymDetails / ThreadListSymDetails):
 * nt!PsActiveProcessHead and the _EPROCESS/_ETHREAD field offsets from the kernel's PDB, as
 * HyperDbg's debugger takes them from its symbols. Undefined when the kernel's PDB (with types)
 * is not loaded.
 */
function kernelListDetails(ctx: CommandContext) {
  const types = ctx.symbols.types?.('nt');
  const head = ctx.symbols.resolveSymbol('nt!PsActiveProcessHead');
  if (!types || !head.ok) return undefined;
  try {
    const offset = (type: string, field: string) => types.offsetOf(type, field).offset;
    return {
      PsActiveProcessHead: head.value,
      ImageFileNameOffset: offset('_EPROCESS', 'ImageFileName'),
      UniquePidOffset: offset('_EPROCESS', 'UniqueProcessId'),
      ActiveProcessLinksOffset: offset('_EPROCESS', 'ActiveProcessLinks'),
      ThreadListHeadOffset: offset('_EPROCESS', 'ThreadListHead'),
      ThreadListEntryOffset: offset('_ETHREAD', 'ThreadListEntry'),
      CidOffset: offset('_ETHREAD', 'Cid'),
    };
  } catch {
    return undefined;
  }
}

type KernelListDetails = NonNullable<ReturnType<typeof kernelListDetails>>;

/** `.process list`'s request: walk nt!PsActiveProcessHead with the _EPROCESS offsets. */
function processListPacket(details: KernelListDetails) {
  return {
    ActionType: PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_GET_PROCESS_LIST,
    ProcessListSymDetails: {
      PsActiveProcessHead: details.PsActiveProcessHead,
      ImageFileNameOffset: details.ImageFileNameOffset,
      UniquePidOffset: details.UniquePidOffset,
      ActiveProcessLinksOffset: details.ActiveProcessLinksOffset,
    },
  };
}

/** `.thread list`'s request for `process` (0: the current one) with the _ETHREAD offsets. */
function threadListPacket(details: KernelListDetails, process: bigint) {
  return {
    ActionType: TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_LIST,
    ThreadListSymDetails: {
      ThreadListHeadOffset: details.ThreadListHeadOffset,
      ThreadListEntryOffset: details.ThreadListEntryOffset,
      CidOffset: details.CidOffset,
      PsActiveProcessHead: details.PsActiveProcessHead,
      ActiveProcessLinksOffset: details.ActiveProcessLinksOffset,
      Process: process,
    },
  };
}

/** HyperDbg's words when the kernel's PDB (with types) is not loaded. */
function missingOffsetsMessage(kind: 'processes' | 'threads'): string {
  return `err, the need offset to iterate over ${kind} not found, make sure to load ntoskrnl.exe's PDB file. use '.help .sym' for more information`;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
}

export const processThreadCommands: readonly CommandHandler[] = [
  // HyperDbg switches without the clock interrupt only for the dotted '.process2'/'.thread2'
  processCommand(['.process', 'process', 'process2'], true),
  processCommand(['.process2'], false),
  threadCommand(['.thread', 'thread', 'thread2'], true),
  threadCommand(['.thread2'], false),
];
