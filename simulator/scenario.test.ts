import { describe, expect, it } from 'vitest';
import { encodeFrame, type Frame } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { ActionType, type EventStageValue, type EventTypeValue } from '../shared/protocol/event-packets';
import { encodeLogPayload, encodeUserInputPayload } from '../shared/protocol/payloads';
import {
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_MODIFY_EVENTS,
} from '../shared/protocol/structs';
import { compileScript } from '../shared/script';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';
import { Harness, logText, paused } from './testing/harness';

const TAG0 = 0x1000000n;

function script(source: string): Uint8Array {
  const compiled = compileScript(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.bytes;
}

/** The a18 + a19 pair HyperDbg's CLI sends for `<event> script { … }`; returns the a52/a53 results. */
function applyEvent(
  h: Harness,
  tag: bigint,
  eventType: EventTypeValue,
  param1: bigint,
  stage: EventStageValue,
  bytecode: Uint8Array,
) {
  const [registered] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
    registerEventPayload({ tag, eventType, stage, countOfActions: 1, params: [param1] }),
  );
  expect(registered.action).toBe(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT,
  );
  const event = DEBUGGER_EVENT_AND_ACTION_RESULT.decode(registered.payload);
  if (!event.IsSuccessful) return { event, frame: registered };
  const [added] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
    addActionPayload({ eventTag: tag, actionType: ActionType.runScript, body: bytecode }),
  );
  return { event, action: DEBUGGER_EVENT_AND_ACTION_RESULT.decode(added.payload), frame: registered };
}

/** The forwarded-command bracket of protocol §6.2. */
function forwarded(h: Harness, command: string): Frame[] {
  const query = (type: number) =>
    h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
      DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: type }),
    );
  const before = query(6);
  const during = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
    encodeUserInputPayload(command, false),
  );
  const after = query(7);
  return [...before, ...during, ...after];
}

const testQueryAnswer = (type: number) =>
  encodeFrame(
    3,
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_TEST_QUERY,
    DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({
      RequestType: type,
      KernelStatus: C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
    }),
  );

const frameBytes = (f: Frame) => encodeFrame(3, f.action, f.payload);

describe('acceptance scenario: 25 !epthook without continuing, prealloc, logs, events c', () => {
  it('runs the whole sequence with hyperkd v0.23 answers', () => {
    const h = new Harness({ cores: 4, seed: 7 });
    h.connectAndPause();
    const hook = script('printf("hook %x\\n", $event_id);');
    const base = h.sim.options.kernelBase + 0x1000n;
    const hookAddress = (i: number) => base + BigInt(i) * 0x1000n + 0x10n;

    // 20 events fit in the start-up pools …
    for (let i = 0; i < 20; i++) {
      const r = applyEvent(h, TAG0 + BigInt(i), 8, hookAddress(i), 1, hook);
      expect(r.event).toEqual({ IsSuccessful: true, Error: 0 });
      expect(r.action).toEqual({ IsSuccessful: true, Error: 0 });
    }
    // … the 21st gets the documented error, byte for byte
    const failed = applyEvent(h, TAG0 + 20n, 8, hookAddress(20), 1, hook);
    expect(Array.from(frameBytes(failed.frame))).toEqual(
      Array.from(
        encodeFrame(
          3,
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT,
          DEBUGGER_EVENT_AND_ACTION_RESULT.encode({
            IsSuccessful: false,
            Error: C.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND,
          }),
        ),
      ),
    );

    // prealloc regular-event 10, prealloc epthook 10: a51, the message, PAUSED reason 10, a51
    for (const command of ['prealloc regular-event 10', 'prealloc epthook 10']) {
      const frames = forwarded(h, command);
      expect(frames.map((f) => f.action)).toEqual([51, 41, 42, 51]);
      expect(Array.from(frameBytes(frames[0]))).toEqual(Array.from(testQueryAnswer(6)));
      expect(Array.from(frameBytes(frames[1]))).toEqual(
        Array.from(
          encodeFrame(3, 41, encodeLogPayload(1, 'the requested pools are allocated and reserved\n')),
        ),
      );
      expect(paused(frames[2])).toMatchObject({
        PausingReason: 10,
        IgnoreDisassembling: false,
        CurrentCore: 0,
      });
      expect(Array.from(frameBytes(frames[3]))).toEqual(Array.from(testQueryAnswer(7)));
    }
    // the pools worked example (§7 S3/S4, N = 4): 37 free regular event buffers, 1 big one
    expect(h.sim.pools.counts(6)).toEqual({ free: 37, used: 20, pendingFree: 0 });
    expect(h.sim.pools.counts(7)).toEqual({ free: 1, used: 0, pendingFree: 0 });

    // the rest apply (the CLI gives every new attempt a new tag)
    for (let i = 21; i < 26; i++) {
      const r = applyEvent(h, TAG0 + BigInt(i), 8, hookAddress(i), 1, hook);
      expect(r.event.IsSuccessful && r.action?.IsSuccessful).toBe(true);
    }
    // a post-capable event with `stage all` shows both stages
    const cpuid = applyEvent(
      h,
      TAG0 + 26n,
      11,
      0n,
      3,
      script('printf("cpuid %x stage %x\\n", $context, $event_stage);'),
    );
    expect(cpuid.action?.IsSuccessful).toBe(true);

    // continue: the running debuggee's hooks fire; each log carries its event's tag
    expect(h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE)).toEqual([]);
    h.sim.runWorkload(4000);
    const logs = h.take().map(logText);
    const hookLogs = logs.filter((l) => l.text.startsWith('hook'));
    expect(hookLogs.length).toBeGreaterThan(100);
    for (const l of hookLogs) expect(l.text).toBe(`hook ${(l.code - 0x1000000).toString(16)}\n`);
    const hookedIds = new Set(hookLogs.map((l) => l.code - 0x1000000));
    expect([...hookedIds].every((id) => id !== 20 && id >= 0 && id < 26)).toBe(true);
    const cpuidLogs = logs.filter((l) => l.text.startsWith('cpuid'));
    expect(cpuidLogs.length).toBeGreaterThan(4);
    expect(cpuidLogs.every((l) => l.code === 0x1000000 + 26)).toBe(true);
    // pre then post for every CPUID execution
    for (let i = 0; i < cpuidLogs.length; i += 2) {
      expect(cpuidLogs[i].text).toMatch(/ stage 0\n$/);
      expect(cpuidLogs[i + 1].text).toBe(cpuidLogs[i].text.replace('stage 0', 'stage 1'));
    }

    // events c on event 3: disabled now, still known until the debuggee runs again
    h.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
    const modify = (type: number, tag = TAG0 + 3n) =>
      DEBUGGER_MODIFY_EVENTS.decode(
        h.sendT1(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_AND_MODIFY_EVENT,
          DEBUGGER_MODIFY_EVENTS.encode({ Tag: tag, TypeOfAction: type }),
        )[0].payload,
      );
    expect(modify(3).KernelStatus).toBe(0xffffffffn);
    expect(modify(0)).toMatchObject({ KernelStatus: 0xffffffffn, IsEnabled: false });
    h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    h.sim.runWorkload(2000);
    expect(
      h
        .take()
        .map(logText)
        .some((l) => l.code === 0x1000003),
    ).toBe(false);
    h.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
    expect(modify(0).KernelStatus).toBe(BigInt(C.DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TAG));
    expect(modify(0, TAG0 + 4n)).toMatchObject({ KernelStatus: 0xffffffffn, IsEnabled: true });
  });

  it('the same seed and command sequence produce the same byte stream', () => {
    const run = (seed: number) => {
      const h = new Harness({ seed });
      h.connectAndPause();
      applyEvent(h, TAG0, 11, 0n, 3, script('printf("%x %x\\n", $context, $event_stage);'));
      applyEvent(h, TAG0 + 1n, 9, 0xffffffffn, 1, script('printf("sys %x pid %x\\n", $context, $pid);'));
      h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
      h.sim.runWorkload(500);
      h.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
      h.sendT1(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
        DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: 2 }),
      );
      return Buffer.from(h.bytes);
    };
    const a = run(42);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a.equals(run(42))).toBe(true);
    expect(a.equals(run(43))).toBe(false);
  });
});
