// `flush` (kernel-mode log buffers) and `test` (the debuggee's TEST_QUERY self-checks and switches).
import {
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
} from '../../../shared/protocol/structs';
import { Action } from '../../session/packets';
import { parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';

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
  return handler(['test', '.test'], 'paused', help, async (command, ctx, usage) => {
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

export function debuggeeTestCommands(hooks: TestHooks): CommandHandler[] {
  return [flushCommand, testCommand(hooks)];
}
