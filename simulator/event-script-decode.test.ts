/**
 * An event's script action runs on every hit; its bytecode is decoded once, when the action is
 * added, not again per hit (decoding was about 9 % of the simulator's CPU under load).
 */
import { describe, expect, it, vi } from 'vitest';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { ActionType } from '../shared/protocol/event-packets';
import { DEBUGGER_EVENT_AND_ACTION_RESULT } from '../shared/protocol/structs';
import { compileScript } from '../shared/script';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';
import { Harness, logText } from './testing/harness';

const decodes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../shared/script/eval/program', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../shared/script/eval/program')>();
  return {
    ...actual,
    loadProgram: (bytes: Uint8Array) => {
      decodes.count++;
      return actual.loadProgram(bytes);
    },
  };
});

const TAG = 0x1000000n;
const CPUID_INSTRUCTION_EXECUTION = 11;

describe('event script actions', () => {
  it('are not decoded again on each hit', () => {
    const h = new Harness({ cores: 4, seed: 3 });
    h.connectAndPause();
    const compiled = compileScript('printf("cpuid %x\\n", $context);');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const bytecode = compiled.bytes;
    const [registered] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
      registerEventPayload({ tag: TAG, eventType: CPUID_INSTRUCTION_EXECUTION, countOfActions: 1 }),
    );
    expect(DEBUGGER_EVENT_AND_ACTION_RESULT.decode(registered.payload).IsSuccessful).toBe(true);
    const [added] = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
      addActionPayload({ eventTag: TAG, actionType: ActionType.runScript, body: bytecode }),
    );
    expect(DEBUGGER_EVENT_AND_ACTION_RESULT.decode(added.payload).IsSuccessful).toBe(true);

    decodes.count = 0;
    h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    h.sim.runWorkload(4000);
    const hits = h
      .take()
      .map(logText)
      .filter((l) => l.code === Number(TAG) && l.text.startsWith('cpuid'));
    expect(hits.length).toBeGreaterThan(4);
    expect(decodes.count).toBe(0);
  });
});
