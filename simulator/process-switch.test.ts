import { describe, expect, it } from 'vitest';
import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_TYPE as PT,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE as TT,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../shared/protocol/generated/enums';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
} from '../shared/protocol/structs';
import { Harness, paused } from './testing/harness';

/** hyperkd's ProcessSwitch/ThreadSwitch rules: any non-zero id, or a mapped object address. */

function switchProcess(h: Harness, fields: { ProcessId?: number; Process?: bigint }) {
  const [frame] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
    DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode({
      ActionType: PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PERFORM_SWITCH,
      ...fields,
    }),
  );
  return DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(frame.payload).Result;
}

function switchThread(h: Harness, fields: { ThreadId?: number; Thread?: bigint }) {
  const [frame] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_THREAD,
    DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode({
      ActionType: TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PERFORM_SWITCH,
      ...fields,
    }),
  );
  return DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(frame.payload).Result;
}

const continueHalted = (h: Harness) =>
  h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);

describe('.process pid / .thread tid', () => {
  it('accepts an id no process has; the debuggee then runs on without halting', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(switchProcess(h, { ProcessId: 0x9999 })).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(continueHalted(h)).toEqual([]);
    expect(h.sim.state).toBe('running');
  });

  it('accepts any mapped EPROCESS address; refuses zero and unmapped addresses', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(switchProcess(h, {})).toBe(C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER);
    expect(switchProcess(h, { Process: 0x1000n })).toBe(
      C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER,
    );
    expect(switchProcess(h, { Process: h.sim.options.kernelBase })).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    const target = h.sim.machine.processes[2];
    expect(switchProcess(h, { Process: target.eprocess })).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    const [halt] = continueHalted(h);
    expect(paused(halt).PausingReason).toBe(8);
    expect(h.sim.machine.cores[paused(halt).CurrentCore].pid).toBe(target.pid);
  });

  it('threads: any non-zero tid, a mapped ETHREAD; an existing tid switches on continue', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(switchThread(h, { ThreadId: 0x77777 })).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(switchThread(h, { Thread: 0x2000n })).toBe(
      C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER,
    );
    expect(switchThread(h, {})).toBe(C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER);
    const thread = h.sim.machine.processes[3].threads[1];
    expect(switchThread(h, { ThreadId: thread.tid })).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    const [halt] = continueHalted(h);
    expect(paused(halt).PausingReason).toBe(9);
    expect(h.sim.machine.cores[paused(halt).CurrentCore].tid).toBe(thread.tid);
  });
});
