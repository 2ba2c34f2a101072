import { readFile } from 'node:fs/promises';
import {
  DEBUGGEE_BP_LIST_OR_MODIFY_PACKET,
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
} from '../../../shared/protocol/structs';
import { separateTo64BitValue } from '../../session/bytes';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from '../numbers';
import {
  fail,
  succeed,
  type CommandContext,
  type CommandHandler,
  type CommandOutcome,
  type ParsedCommand,
} from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress, runScriptOnDebuggee } from './script-runner';

const ALL = 0xffffffff;

// ---- breakpoints ----

const BP_HELP =
  'bp : puts a breakpoint (0xcc).\n\nsyntax : \tbp [Address (hex)] [pid ProcessId (hex)] [tid ThreadId (hex)] [core CoreId (hex)]\n';

export interface BreakpointHooks {
  /** `bp` answered (a24 Result): the pool ledger counts the breakpoint descriptor it took. */
  onBreakpointSet?(status: number): void;
  /** `bc` succeeded: the breakpoint's descriptor is freed. */
  onBreakpointCleared?(): void;
}

const bpCommand = (hooks: BreakpointHooks): CommandHandler =>
  handler(['bp'], 'paused', BP_HELP, async (command, ctx, usage) => {
    if (command.args.length === 0 || command.args.length > 7) return usage();
    const filters = { pid: ALL, tid: ALL, core: ALL };
    const names: Record<string, keyof typeof filters> = { pid: 'pid', tid: 'tid', core: 'core' };
    const messages = {
      pid: 'please specify a correct hex value for process id\n',
      tid: 'please specify a correct hex value for thread id\n',
      core: 'please specify a correct hex value for core id\n',
    };
    let addressText: string | undefined;
    for (let i = 0; i < command.args.length; i++) {
      const key = names[command.args[i]!.text.toLowerCase()];
      if (key) {
        const value = command.args[i + 1] ? parseHyperDbgNumber32(command.args[++i]!.text) : undefined;
        if (value === undefined) return fail(messages[key]);
        filters[key] = value;
        continue;
      }
      if (addressText !== undefined) return usage();
      addressText = command.args[i]!.text;
    }
    if (addressText === undefined)
      return fail('please specify a correct hex value as the breakpoint address\n');
    const address = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.bp,
        payload: DEBUGGEE_BP_PACKET.encode({
          Address: address.value,
          Pid: filters.pid,
          Tid: filters.tid,
          Core: filters.core,
        }),
      },
      { responseAction: Action.resultBp },
    );
    const result = DEBUGGEE_BP_PACKET.decode(response.payload).Result;
    hooks.onBreakpointSet?.(result);
    return isSuccess(result) ? succeed() : fail(statusError(result));
  });

/** DEBUGGEE_BREAKPOINT_MODIFICATION_REQUEST: 0 list, 1 enable, 2 disable, 3 clear. */
function modifyBreakpoint(
  names: string[],
  request: number,
  help: string,
  onSuccess?: () => void,
): CommandHandler {
  return handler(names, 'paused', help, async (command, ctx, usage) => {
    let id = 0n;
    if (request === 0) {
      if (command.args.length !== 0) return usage();
    } else {
      if (command.args.length !== 1) return usage();
      const value = parseHyperDbgNumber(command.args[0]!.text);
      if (value === undefined) return fail('please specify a correct hex value for breakpoint id\n');
      id = value;
    }
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.listOrModifyBreakpoints,
        payload: DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.encode({ BreakpointId: id, Request: request }),
      },
      { responseAction: Action.resultListOrModifyBreakpoints, idempotent: request === 0 },
    );
    const result = DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(response.payload).Result;
    if (!isSuccess(result)) return fail(statusError(result));
    if (request === 0) ctx.output('\n');
    onSuccess?.();
    return succeed();
  });
}

// ---- process / thread ----

const PROCESS_HELP =
  '.process, .process2 : shows and changes the processes. This command needs public symbols for ntoskrnl.exe if you want to see the processes list.\n\n' +
  'syntax : \t.process\nsyntax : \t.process [list]\nsyntax : \t.process [pid ProcessId (hex)]\nsyntax : \t.process [process Eprocess (hex)]\n';

function processCommand(names: string[], byClockInterrupt: boolean): CommandHandler {
  return handler(names, 'paused', PROCESS_HELP, async (command, ctx, usage) => {
    const args = command.args.map((t) => t.text.toLowerCase());
    let packet: Parameters<typeof DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode>[0];
    if (args.length === 0) packet = { ActionType: 0 };
    else if (args.length === 1 && args[0] === 'list') {
      return fail(
        "err, '.process list' needs nt!_EPROCESS offsets from the kernel's PDB; load symbols for 'nt' (see the symbol path settings) and retry",
      );
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
      { responseAction: Action.resultChangingProcess, idempotent: packet.ActionType === 0 },
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
    else if (args[0] === 'list') {
      return fail(
        "err, '.thread list' needs nt!_ETHREAD/_EPROCESS offsets from the kernel's PDB; load symbols for 'nt' and retry",
      );
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
      { responseAction: Action.resultChangingThread, idempotent: packet.ActionType === 1 },
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

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
}

// ---- paging ----

const hex16 = (value: bigint): string => value.toString(16).padStart(16, '0');

const pteCommand = handler(
  ['!pte'],
  'paused',
  '!pte : finds virtual addresses of different paging-levels.\n\nsyntax : \t!pte [VirtualAddress (hex)]\n',
  async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const address = await evaluateAddress(ctx, command.args[0]!.text, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.pte,
        payload: DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode({ VirtualAddress: address.value }),
      },
      { responseAction: Action.resultPte, idempotent: true },
    );
    const pte = DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(response.payload);
    if (!isSuccess(pte.KernelStatus)) return fail(statusError(pte.KernelStatus));
    let out =
      `VA ${pte.VirtualAddress.toString(16)}\n` +
      `PML4E (PXE) at ${hex16(pte.Pml4eVirtualAddress)}\tcontains ${hex16(pte.Pml4eValue)}\n` +
      `PDPTE (PPE) at ${hex16(pte.PdpteVirtualAddress)}\tcontains ${hex16(pte.PdpteValue)}\n` +
      `PDE at ${hex16(pte.PdeVirtualAddress)}\tcontains ${hex16(pte.PdeValue)}\n`;
    out +=
      pte.PdeVirtualAddress === pte.PteVirtualAddress
        ? "PDE is a large page, so it doesn't have a PTE\n"
        : `PTE at ${hex16(pte.PteVirtualAddress)}\tcontains ${hex16(pte.PteValue)}\n`;
    ctx.output(out);
    return succeed();
  },
);

function translateCommand(name: string, virtualToPhysical: boolean): CommandHandler {
  const help = virtualToPhysical
    ? '!va2pa : converts virtual address to physical address.\n\nsyntax : \t!va2pa [VirtualAddress (hex)]\n'
    : '!pa2va : converts physical address to virtual address.\n\nsyntax : \t!pa2va [PhysicalAddress (hex)]\n';
  return handler([name], 'paused', help, async (command, ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const address = await evaluateAddress(ctx, command.args[0]!.text, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const payload = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode(
      virtualToPhysical
        ? { VirtualAddress: address.value, IsVirtual2Physical: true }
        : { PhysicalAddress: address.value, IsVirtual2Physical: false },
    );
    const { response } = await ctx.link.request(
      { packetType: VMX_ROOT, action: Action.va2paPa2va, payload },
      { responseAction: Action.resultVa2paPa2va, idempotent: true },
    );
    const answer = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    ctx.output(`${(virtualToPhysical ? answer.PhysicalAddress : answer.VirtualAddress).toString(16)}\n`);
    return succeed();
  });
}

// ---- buffers, test queries ----

const flushCommand = handler(
  ['flush'],
  'paused',
  'flush : removes all the buffer and messages from kernel-mode buffers.\n',
  async (command, ctx, usage) => {
    if (command.args.length !== 0) return usage();
    const { response } = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.flushBuffers,
        payload: DEBUGGER_FLUSH_LOGGING_BUFFERS.encode({}),
      },
      { responseAction: Action.resultFlush },
    );
    const answer = DEBUGGER_FLUSH_LOGGING_BUFFERS.decode(response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    const total =
      answer.CountOfMessagesThatSetAsReadFromVmxNonRoot + answer.CountOfMessagesThatSetAsReadFromVmxRoot;
    ctx.output(`flushing buffers was successful, total ${total | 0} messages were cleared.\n`);
    return succeed();
  },
);

/** TEST_QUERY types (protocol reference, Appendix C). */
const TestQuery = {
  haltingCoreStatus: 1,
  poolState: 2,
  trapState: 3,
  breakpointsOff: 4,
  breakpointsOn: 5,
  syncTask: 8,
  asyncTask: 9,
  targetCoreTask: 10,
  debugBreaksOff: 11,
  debugBreaksOn: 12,
} as const;

const TEST_MESSAGES: Record<number, string> = {
  [TestQuery.breakpointsOff]:
    'breakpoint interception (#BP) is deactivated\nfrom now, the breakpoints will be re-injected into the guest debuggee\n',
  [TestQuery.breakpointsOn]: 'breakpoint interception (#BP) is activated\n',
  [TestQuery.debugBreaksOff]:
    'debug break interception (#DB) is deactivated\nfrom now, the debug breaks will be re-injected into the guest debuggee\n',
  [TestQuery.debugBreaksOn]: 'debug break interception (#DB) is activated\n',
};

export interface TestHooks {
  /** `test pool`: the debuggee's answer text (a41 logs before a51), for the pool ledger. */
  onTestPoolOutput?(texts: readonly string[]): void;
}

function testCommand(hooks: TestHooks): CommandHandler {
  const help =
    'test : tests essential features of HyperDbg in current machine.\n\nsyntax : \ttest [Task (string)]\n' +
    '\t\te.g : test query\n\t\te.g : test trap-status\n\t\te.g : test pool\n\t\te.g : test breakpoint on|off\n\t\te.g : test trap on|off\n';
  return handler(['test'], 'paused', help, async (command, ctx, usage) => {
    const args = command.args.map((t) => t.text.toLowerCase());
    let type: number | undefined;
    let context = 0n;
    if (args.length === 1) {
      type = {
        query: TestQuery.haltingCoreStatus,
        'trap-status': TestQuery.trapState,
        pool: TestQuery.poolState,
        'sync-task': TestQuery.syncTask,
        'async-task': TestQuery.asyncTask,
      }[args[0]!];
    } else if (args.length === 2 && args[0] === 'target-core-task') {
      const core = parseHyperDbgNumber32(command.args[1]!.text);
      if (core === undefined) return fail('please specify a correct hex value for the core\n');
      type = TestQuery.targetCoreTask;
      context = BigInt(core);
    } else if (
      args.length === 2 &&
      (args[0] === 'breakpoint' || args[0] === 'trap') &&
      (args[1] === 'on' || args[1] === 'off')
    ) {
      type =
        args[0] === 'breakpoint'
          ? args[1] === 'on'
            ? TestQuery.breakpointsOn
            : TestQuery.breakpointsOff
          : args[1] === 'on'
            ? TestQuery.debugBreaksOn
            : TestQuery.debugBreaksOff;
    }
    if (type === undefined) return usage();
    const result = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: Action.testQuery,
        payload: DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: type, Context: context }),
      },
      { responseAction: Action.resultTestQuery, idempotent: type <= TestQuery.trapState },
    );
    const answer = DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.decode(result.response.payload);
    if (!isSuccess(answer.KernelStatus)) return fail(statusError(answer.KernelStatus));
    if (type === TestQuery.poolState) hooks.onTestPoolOutput?.(result.logs.map((log) => log.text));
    const message = TEST_MESSAGES[type];
    if (message) ctx.output(message);
    return succeed();
  });
}

// ---- local commands ----

const sleepCommand = handler(
  ['sleep'],
  'any',
  "sleep : sleeps the debugger; this command is used in scripts, it doesn't breaks the debugger but the debugger still shows the buffers received from kernel.\n",
  async (command, _ctx, usage) => {
    if (command.args.length !== 1) return usage();
    const ms = parseHyperDbgNumber32(command.args[0]!.text);
    if (ms === undefined) return fail('please specify a correct hex value for time (milliseconds)\n');
    await new Promise((resolve) => setTimeout(resolve, ms));
    return succeed();
  },
);

const SETTINGS_HELP =
  'settings : queries, sets, or changes a value for a special settings option.\n\n' +
  'syntax : \tsettings [OptionName (string)]\nsyntax : \tsettings [OptionName (string)] [Value (hex)]\n' +
  'syntax : \tsettings [OptionName (string)] [Value (string)]\nsyntax : \tsettings [OptionName (string)] [on|off]\n';

const settingsCommand = handler(['settings'], 'any', SETTINGS_HELP, async (command, ctx, usage) => {
  const [option, value] = command.args.map((t) => t.text.toLowerCase());
  const badValue = (): CommandOutcome =>
    fail(`incorrect use of the 'settings', please use 'help settings' for more information`);
  if (option === undefined || command.args.length > 2) return usage();
  const toggle = (label: string, get: () => boolean, set: (on: boolean) => void): CommandOutcome => {
    if (value === undefined) {
      ctx.output(`${label} is ${get() ? 'enabled' : 'disabled'}\n`);
      return succeed();
    }
    if (value !== 'on' && value !== 'off') return badValue();
    set(value === 'on');
    ctx.output(`set ${label} to ${value === 'on' ? 'enabled' : 'disabled'}\n`);
    return succeed();
  };
  const settings = ctx.settings;
  switch (option) {
    case 'autounpause':
      return toggle(
        'auto-unpause',
        () => settings.autoUnpause,
        (on) => (settings.autoUnpause = on),
      );
    case 'autoflush':
      return toggle(
        'auto-flush',
        () => settings.autoFlush,
        (on) => (settings.autoFlush = on),
      );
    case 'addressconversion':
      return toggle(
        'address conversion',
        () => settings.addressConversion,
        (on) => (settings.addressConversion = on),
      );
    case 'syntax':
      if (value === undefined) {
        ctx.output(`disassembler syntax is : ${settings.syntax === 'att' ? 'at&t' : settings.syntax}\n`);
        return succeed();
      }
      if (value !== 'intel' && value !== 'att' && value !== 'at&t' && value !== 'masm') return badValue();
      settings.syntax = value === 'at&t' ? 'att' : value;
      ctx.output(`set syntax to ${settings.syntax === 'att' ? 'at&t' : value}\n`);
      return succeed();
    default:
      return badValue();
  }
});

const debugCommand = handler(
  ['.debug', 'debug'],
  'any',
  '.debug : debugs a target machine or makes this machine a debuggee.\n\nsyntax : \t.debug [close]\n',
  async (command, ctx, usage) => {
    if (command.args.length !== 1 || command.args[0]!.text.toLowerCase() !== 'close') {
      return command.args.length === 0
        ? usage()
        : fail(
            "err, only '.debug close' is available here; connect with 'hds connect <endpoint>' or the connection dialog",
          );
    }
    await ctx.link.close();
    ctx.output('\n');
    return succeed();
  },
);

// ---- scripts ----

function scriptExpressionCommand(
  names: string[],
  wrap: (expression: string) => string,
  help: string,
): CommandHandler {
  return handler(names, 'paused', help, async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    const expression = command.raw.trim().slice(command.raw.trim().split(/\s/)[0]!.length).trim();
    const run = await runScriptOnDebuggee(ctx, wrap(expression), false);
    return run.ok ? succeed() : fail(run.error);
  });
}

const formatsCommand = handler(
  ['.formats', 'formats'],
  'paused',
  '.formats : shows a value or register in different formats.\n\nsyntax : \t.formats [Expression (string)]\n',
  async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    const expression = command.raw.trim().slice(command.raw.trim().split(/\s/)[0]!.length).trim();
    const run = await runScriptOnDebuggee(ctx, `formats(${expression});`, true);
    if (!run.ok || run.formatsValue === undefined) {
      // HyperDbg shows the compiler's or the debuggee's complaint, then that the expression failed.
      if (!run.ok) ctx.output(run.error.endsWith('\n') ? run.error : `${run.error}\n`);
      return fail(`err, couldn't resolve error at '${expression}'`);
    }
    ctx.output(formatValue(run.formatsValue));
    return succeed();
  },
);

/** `.formats` body (HyperDbg's layout; the time line uses the local clock as HyperDbg does). */
export function formatValue(value: bigint, now = new Date()): string {
  const bytes = new Uint8Array(new BigUint64Array([value]).buffer);
  let chars = '';
  for (const byte of bytes) chars += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  // Every byte (most significant first) followed by a space, the last one included.
  const bits = BigInt.asUintN(64, value).toString(2).padStart(64, '0').replace(/.{8}/g, '$& ');
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hour12 = now.getHours() % 12 === 0 ? 12 : now.getHours() % 12;
  const time =
    `${pad(now.getMonth() + 1)}/${pad(now.getDate())}/${pad(now.getFullYear() % 100)} - ` +
    `${pad(hour12)}:${pad(now.getMinutes())}${now.getHours() < 12 ? 'AM' : 'PM'}`;
  return (
    'evaluate expression:\n' +
    `Hex :        ${separateTo64BitValue(value)}\n` +
    // HyperDbg passes the 64-bit value to %d and %o, which read its low 32 bits.
    `Decimal :    ${BigInt.asIntN(32, value).toString()}\n` +
    `Octal :      ${BigInt.asUintN(32, value).toString(8)}\n` +
    `Binary :     ${bits}\n` +
    `Char :       ${chars}\n` +
    `Time :       ${time}\n`
  );
}

/** `.script FILE args`: runs each line as a command; `$arg1..` are replaced like HyperDbg. */
const scriptFileCommand = handler(
  ['.script', 'script'],
  'any',
  '.script : runs a HyperDbg script.\n\nsyntax : \t.script [FilePath (string)] [Args (string)]\n',
  async (command, ctx) => {
    if (command.args.length === 0) return fail('please specify a file\n');
    const [file, ...args] = command.args.map((t) => t.text);
    let text: string;
    try {
      text = await readFile(file!.replaceAll('"', ''), 'latin1');
    } catch {
      return fail('err, invalid file specified for the script');
    }
    return runScriptLines(ctx, text, [file!, ...args]);
  },
);

/**
 * Runs script-file text like HyperDbg's `.script`: lines are joined while a `{` block or a
 * string is open, `$arg0` (the file) and `$arg1`… are substituted in that order, each command
 * is echoed after the prompt and followed by an empty line, and a failing command does not stop
 * the script (the outcome reports how many failed).
 */
export async function runScriptLines(
  ctx: CommandContext,
  text: string,
  argv: readonly string[],
): Promise<CommandOutcome> {
  const open = new MultilineState();
  let pending = '';
  let failed = 0;
  let ran = 0;
  const run = async (commandText: string): Promise<void> => {
    let line = commandText;
    argv.forEach((value, index) => {
      line = line.replaceAll(`$arg${index}`, value);
    });
    if (line.trim() === '') return;
    ctx.output(`${ctx.link.currentCore.toString(16)}: kHyperDbg> ${line}\n`);
    ran++;
    if (!(await ctx.execute(line)).ok) failed++;
    ctx.output('\n');
  };
  let fresh = true;
  for (const line of text.split(/\r?\n/)) {
    if (open.feed(line, fresh)) {
      pending += `${line}\n`;
      fresh = false;
      continue;
    }
    fresh = true;
    await run(pending + line);
    pending = '';
  }
  if (pending !== '') await run(pending);
  return failed === 0 ? succeed() : fail(`err, ${failed} of ${ran} commands of the script failed`);
}

/** HyperDbg's multi-line rule: a line continues while a string or a `{` block is open. */
class MultilineState {
  private inString = false;
  private escaped = false;
  private braces = 0;

  /** True when the command continues on the next line. */
  feed(line: string, reset: boolean): boolean {
    if (reset) {
      this.inString = false;
      this.escaped = false;
      this.braces = 0;
    }
    for (const ch of line) {
      if (ch === '"') {
        if (this.escaped) this.escaped = false;
        else this.inString = !this.inString;
      } else if (ch === '{' || ch === '}') {
        this.escaped = false;
        if (!this.inString) this.braces = ch === '{' ? this.braces + 1 : Math.max(0, this.braces - 1);
      } else if (ch === '\\') {
        this.escaped = !this.escaped;
      } else {
        this.escaped = false;
      }
    }
    return this.inString || this.braces > 0;
  }
}

// ---- forwarded to the debuggee's user mode (protocol reference 6.1) ----

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
];

export interface ForwardHooks {
  /** After a forwarded command finished (e.g. `prealloc` → pool ledger bookkeeping). */
  onForwarded?(command: ParsedCommand, output: readonly string[]): void;
}

function forwardedCommands(hooks: ForwardHooks): CommandHandler[] {
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

export function systemCommands(hooks: TestHooks & ForwardHooks & BreakpointHooks): CommandHandler[] {
  return [
    bpCommand(hooks),
    modifyBreakpoint(['bl'], 0, 'bl : lists all the enabled and disabled breakpoints.\n\nsyntax : \tbl\n'),
    modifyBreakpoint(
      ['be'],
      1,
      'be : enables a breakpoint using breakpoint id.\n\nsyntax : \tbe [BreakpointId (hex)]\n',
    ),
    modifyBreakpoint(
      ['bd'],
      2,
      'bd : disables a breakpoint using breakpoint id.\n\nsyntax : \tbd [BreakpointId (hex)]\n',
    ),
    modifyBreakpoint(
      ['bc'],
      3,
      'bc : clears a breakpoint using breakpoint id.\n\nsyntax : \tbc [BreakpointId (hex)]\n',
      () => hooks.onBreakpointCleared?.(),
    ),
    processCommand(['.process'], true),
    processCommand(['.process2'], false),
    threadCommand(['.thread'], true),
    threadCommand(['.thread2'], false),
    pteCommand,
    translateCommand('!va2pa', true),
    translateCommand('!pa2va', false),
    flushCommand,
    testCommand(hooks),
    sleepCommand,
    settingsCommand,
    debugCommand,
    scriptExpressionCommand(
      ['?', 'eval', 'evaluate'],
      (e) => e,
      '? : evaluates and execute expressions in debuggee.\n\nsyntax : \t? [Expression (string)]\n',
    ),
    scriptExpressionCommand(
      ['print'],
      (e) => `print(${e});`,
      'print : evaluates expressions.\n\nsyntax : \tprint [Expression (string)]\n',
    ),
    formatsCommand,
    scriptFileCommand,
    ...forwardedCommands(hooks),
  ];
}
