import * as C from '../../shared/protocol/generated/constants';
import {
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_TEST_QUERY_STATE as TQ,
} from '../../shared/protocol/generated/enums';
import {
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
} from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/** The debugger's own state on the debuggee: `flush` and the `test` queries. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function debuggerStateRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_FLUSH_BUFFERS]: (p) => flush(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY]: (p) => testQuery(ctx, p),
  };
}

function flush(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_FLUSH_LOGGING_BUFFERS.decode(payload);
  // In Debugger Mode log output goes straight to the link: the rings hold nothing to drop.
  packet.CountOfMessagesThatSetAsReadFromVmxRoot = 0;
  packet.CountOfMessagesThatSetAsReadFromVmxNonRoot = 0;
  packet.KernelStatus = OK;
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_FLUSH,
    DEBUGGER_FLUSH_LOGGING_BUFFERS.encode(packet),
  );
}

function testQuery(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.decode(payload);
  const d = ctx.d;
  switch (packet.RequestType) {
    case TQ.TEST_QUERY_HALTING_CORE_STATUS:
      d.kernelPrint(
        '================================================ Debugging Lock Info ================================================\n',
      );
      for (let i = 0; i < d.options.cores; i++)
        d.kernelLog('info', 'KdQuerySystemState', 1743, `Core : ${i} is locked`);
      d.kernelPrint(
        '\n================================================ NMI Receiver State =======+=========================================\n',
      );
      for (let i = 0; i < d.options.cores; i++) {
        d.kernelLog(
          'info',
          'KdQuerySystemState',
          1765,
          `Core : ${i} - not called from an NMI handler (through the immediate VM-exit mechanism)`,
        );
      }
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_QUERY_TRAP_STATE:
      d.kernelLog(
        'info',
        'KdQueryRflagTrapState',
        1646,
        'Number of valid entries: 0x0\n(Please be aware that only top 0x0 items are considered valid. There could be other items present in the array, but they are not valid.)',
      );
      for (let i = 0; i < C.MAXIMUM_NUMBER_OF_THREAD_INFORMATION_FOR_TRAPS; i++) {
        d.kernelLog(
          'info',
          'KdQueryRflagTrapState',
          1654,
          `g_TrapFlagState.ThreadInformation[${i}].ProcessId = 0 | ThreadId = 0`,
        );
      }
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_QUERY_PREALLOCATED_POOL_STATE:
      for (const record of d.pools.listHeadFirst()) {
        d.kernelLog(
          'info',
          'PoolManagerShowPreAllocatedPools',
          209,
          `Pool details, Pool intention: ${record.intention.toString(16)} | Pool address: ${record.address.toString(16)} | ` +
            `Pool state: ${record.isBusy ? 'used' : 'free'} | Should be freed: ${record.shouldBeFreed ? 'true' : 'false'} | Already freed: false\n`,
        );
      }
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_SETTING_TARGET_TASKS_ON_TARGET_HALTED_CORES:
      packet.KernelStatus = packet.Context < BigInt(d.options.cores) ? OK : C.DEBUGGER_ERROR_INVALID_CORE_ID;
      break;
    case TQ.TEST_BREAKPOINT_TURN_OFF_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER:
      d.interceptEventsForRemoteCommands = true;
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_BREAKPOINT_TURN_ON_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER:
      d.interceptEventsForRemoteCommands = false;
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_BREAKPOINT_TURN_OFF_BPS:
    case TQ.TEST_BREAKPOINT_TURN_ON_BPS:
      d.interceptBreakpoints = packet.RequestType === TQ.TEST_BREAKPOINT_TURN_OFF_BPS;
      packet.KernelStatus = OK;
      break;
    case TQ.TEST_SETTING_TARGET_TASKS_ON_HALTED_CORES_SYNCHRONOUS:
    case TQ.TEST_SETTING_TARGET_TASKS_ON_HALTED_CORES_ASYNCHRONOUS:
    case TQ.TEST_BREAKPOINT_TURN_OFF_DBS:
    case TQ.TEST_BREAKPOINT_TURN_ON_DBS:
      packet.KernelStatus = OK;
      break;
    default:
      packet.KernelStatus = C.DEBUGGER_ERROR_UNKNOWN_TEST_QUERY_RECEIVED;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_TEST_QUERY,
    DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode(packet),
  );
}
