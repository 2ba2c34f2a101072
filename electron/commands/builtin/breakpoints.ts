// `bp` and `bl`/`be`/`bd`/`bc` (DEBUGGEE_BP_PACKET, DEBUGGEE_BP_LIST_OR_MODIFY_PACKET).
import { DEBUGGEE_BP_LIST_OR_MODIFY_PACKET, DEBUGGEE_BP_PACKET } from '../../../shared/protocol/structs';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress } from './script-runner';

/** Filter value meaning every process, thread or core. */
const ALL = 0xffffffff;

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

export function breakpointCommands(hooks: BreakpointHooks): CommandHandler[] {
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
  ];
}
