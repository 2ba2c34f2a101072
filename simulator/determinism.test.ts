import { describe, expect, it } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { EventStage } from '../shared/protocol/event-packets';
import { encodeCallstackPayload, encodeUserInputPayload } from '../shared/protocol/payloads';
import { DEBUGGEE_STEP_PACKET } from '../shared/protocol/structs';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';
import { Harness } from './testing/harness';

/** Same seed and same input give the same bytes, through stepping, events, forwarded commands and the workload. */

function session(seed: number): number[] {
  const h = new Harness({ seed, cores: 3 });
  h.connectAndPause();
  h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
    registerEventPayload({ tag: 0x1000000n, eventType: 11, stage: EventStage.all }),
  );
  h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
    addActionPayload({ eventTag: 0x1000000n, actionType: 0, immediateMessagePassing: false }),
  );
  for (let i = 0; i < 6; i++)
    h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
      DEBUGGEE_STEP_PACKET.encode({ StepType: i % 2 === 0 ? 0 : 3 }),
    );
  h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK,
    encodeCallstackPayload({ Size: 0x200 }, 0x40),
  );
  h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
    encodeUserInputPayload('rdmsr 10', false),
  );
  for (const command of ['load trace', '!lbr enable', '!rev pattern'])
    h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload(command, false),
    );
  for (let round = 0; round < 5; round++) {
    h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    h.sim.runWorkload(2000);
    if (h.sim.state === 'paused')
      h.sendT1(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
        DEBUGGEE_STEP_PACKET.encode({ StepType: 0 }),
      );
  }
  return h.bytes;
}

describe('determinism', () => {
  it('the same seed gives the same bytes; another seed gives others', () => {
    const first = session(9);
    expect(first.length).toBeGreaterThan(10_000);
    expect(session(9)).toEqual(first);
    expect(session(10)).not.toEqual(first);
  });
});
