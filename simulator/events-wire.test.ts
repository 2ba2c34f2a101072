import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import {
  EventStage,
  type ActionTypeValue,
  type EventStageValue,
  type EventTypeValue,
} from '../shared/protocol/event-packets';
import { encodeUserInputPayload } from '../shared/protocol/payloads';
import {
  DEBUGGEE_BP_PACKET,
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_MODIFY_EVENTS,
} from '../shared/protocol/structs';
import { compileScript } from '../shared/script';
import { FaultInjector } from './faults';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';
import { Harness, logText, paused } from './testing/harness';
import type { Hit } from './workload';

const TAG0 = 0x1000000n;
const ALL = 0xffffffff;

function bytecode(source: string): Uint8Array {
  const compiled = compileScript(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.bytes;
}

interface EventSpec {
  tag: bigint;
  type: EventTypeValue;
  stage?: EventStageValue;
  sc?: boolean;
  pid?: number;
  params?: bigint[];
  condition?: Uint8Array;
}

function register(h: Harness, e: EventSpec) {
  const [p1 = 0n, p2 = 0n, p3 = 0n] = e.params ?? [];
  const [frame] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
    registerEventPayload({
      tag: e.tag,
      eventType: e.type,
      processId: e.pid ?? ALL,
      enableShortCircuiting: e.sc ?? false,
      stage: e.stage ?? EventStage.pre,
      params: [p1, p2, p3],
      condition: e.condition ?? new Uint8Array(0),
    }),
  );
  return DEBUGGER_EVENT_AND_ACTION_RESULT.decode(frame.payload);
}

function addAction(
  h: Harness,
  tag: bigint,
  type: ActionTypeValue,
  buffer: Uint8Array = new Uint8Array(0),
  extra: { imm?: boolean; safeBuffer?: number } = {},
) {
  const [frame] = h.sendT1(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
    addActionPayload({
      eventTag: tag,
      actionType: type,
      immediateMessagePassing: extra.imm ?? true,
      preAllocatedBuffer: extra.safeBuffer ?? 0,
      body: buffer,
    }),
  );
  return DEBUGGER_EVENT_AND_ACTION_RESULT.decode(frame.payload);
}

const fail = (error: number) => ({ IsSuccessful: false, Error: error });
const okResult = { IsSuccessful: true, Error: 0 };

function cpuidHit(h: Harness, leaf = 1n): Hit {
  const process = h.sim.machine.processes[1];
  return {
    eventType: 11,
    core: 1,
    pid: process.pid,
    tid: process.threads[0].tid,
    rip: h.sim.machine.kernelFunctions()[3].address,
    value: leaf,
    context: leaf,
  };
}

const continueFrame = () =>
  encodeFrame(1, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);

describe('event rules on the wire', () => {
  it('a break action halts with "event triggered", tag and stage; continue resumes into the post stage', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(register(h, { tag: TAG0, type: 11, stage: 3 })).toEqual(okResult);
    expect(addAction(h, TAG0, 0)).toEqual(okResult);
    h.sim.receive(continueFrame());
    h.sim.trigger(cpuidHit(h));
    const [pre] = h.take();
    expect(paused(pre)).toMatchObject({
      PausingReason: 11,
      EventTag: TAG0,
      EventCallingStage: 1,
      CurrentCore: 1,
    });
    const [post] = h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE);
    expect(paused(post)).toMatchObject({ PausingReason: 11, EventTag: TAG0, EventCallingStage: 2 });
    expect(h.sendT1(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE)).toEqual([]);
    expect(h.sim.state).toBe('running');
  });

  it('short-circuiting in the pre stage suppresses the post stage; a post-only event runs pre-only ones too (v0.23)', () => {
    const h = new Harness();
    h.connectAndPause();
    const say = (text: string) => bytecode(`printf("${text}\\n");`);
    register(h, { tag: TAG0, type: 11, stage: 1 });
    addAction(h, TAG0, 1, say('pre-only'));
    register(h, { tag: TAG0 + 1n, type: 11, stage: 2 });
    addAction(h, TAG0 + 1n, 1, say('post-only'));
    h.sim.receive(continueFrame());
    h.sim.trigger(cpuidHit(h));
    expect(h.take().map((f) => logText(f).text)).toEqual(['pre-only\n', 'pre-only\n', 'post-only\n']);

    h.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
    register(h, { tag: TAG0 + 2n, type: 11, stage: 1, sc: true });
    addAction(h, TAG0 + 2n, 1, say('sc'));
    h.sim.receive(continueFrame());
    h.sim.trigger(cpuidHit(h));
    expect(h.take().map((f) => logText(f).text)).toEqual(['pre-only\n', 'sc\n']);
  });

  it('`stage post` on a pre-only event type never fires; `stage all` fires once', () => {
    const h = new Harness();
    h.connectAndPause();
    const address = h.sim.machine.kernelFunctions()[6].address;
    register(h, { tag: TAG0, type: 8, stage: 2, params: [address] });
    addAction(h, TAG0, 1, bytecode('printf("post\\n");'));
    register(h, { tag: TAG0 + 1n, type: 8, stage: 3, params: [address + 1n] });
    addAction(h, TAG0 + 1n, 1, bytecode('printf("all %x\\n", $event_stage);'));
    h.sim.receive(continueFrame());
    const base = cpuidHit(h);
    h.sim.trigger({ ...base, eventType: 8, rip: address, value: address, context: address });
    h.sim.trigger({ ...base, eventType: 8, rip: address + 1n, value: address + 1n, context: address + 1n });
    expect(h.take().map((f) => logText(f))).toEqual([{ code: Number(TAG0 + 1n), text: 'all 0\n' }]);
  });

  it('`imm no` output is buffered and sent as one operation-code-4 batch when 4 KB fill up', () => {
    const h = new Harness();
    h.connectAndPause();
    register(h, { tag: TAG0, type: 11 });
    addAction(h, TAG0, 1, bytecode('printf("buffered message number %d\\n", 1);'), { imm: false });
    h.sim.receive(continueFrame());
    const message = 'buffered message number 1\n\0';
    const perBatch = Math.floor(4095 / message.length);
    for (let i = 0; i < perBatch; i++) h.sim.trigger(cpuidHit(h));
    expect(h.take()).toEqual([]);
    h.sim.trigger(cpuidHit(h));
    const [batch] = h.take();
    expect(batch.action).toBe(41);
    expect(new DataView(batch.payload.buffer, batch.payload.byteOffset).getUint32(0, true)).toBe(
      C.OPERATION_LOG_NON_IMMEDIATE_MESSAGE,
    );
    expect(Buffer.from(batch.payload.subarray(4)).toString('latin1')).toBe(message.repeat(perBatch));
  });
});

describe('instant-event pool and validation errors on the wire', () => {
  it('conditions: ≤ 100 bytes regular, 101..4096 big (0xc0000043), above that 0xc0000041', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(register(h, { tag: TAG0, type: 11, condition: new Uint8Array(100).fill(0x90) })).toEqual(okResult);
    expect(register(h, { tag: TAG0 + 1n, type: 11, condition: new Uint8Array(101).fill(0x90) })).toEqual(
      fail(C.DEBUGGER_ERROR_INSTANT_EVENT_BIG_PREALLOCATED_BUFFER_NOT_FOUND),
    );
    expect(register(h, { tag: TAG0 + 2n, type: 11, condition: new Uint8Array(4097).fill(0x90) })).toEqual(
      fail(C.DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_EVENT_AND_CONDITIONALS),
    );
  });

  it('actions: 0xc0000045 when regular action pools run out, 0xc0000046 above 8 KB, safe buffers 0xc0000048/0xc0000049', () => {
    const h = new Harness();
    h.connectAndPause();
    const code = Uint8Array.of(0x90, 0xc3);
    for (let i = 0; i < 10; i++) {
      register(h, { tag: TAG0 + BigInt(i), type: 11 });
      expect(addAction(h, TAG0 + BigInt(i), 2, code)).toEqual(okResult);
      expect(addAction(h, TAG0 + BigInt(i), 2, code)).toEqual(okResult);
    }
    expect(register(h, { tag: TAG0 + 10n, type: 11 })).toEqual(okResult);
    expect(addAction(h, TAG0 + 10n, 0)).toEqual(
      fail(C.DEBUGGER_ERROR_INSTANT_EVENT_ACTION_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND),
    );
    expect(addAction(h, TAG0 + 10n, 2, new Uint8Array(8193).fill(0x90))).toEqual(
      fail(C.DEBUGGER_ERROR_INSTANT_EVENT_ACTION_BIG_PREALLOCATED_BUFFER_NOT_FOUND),
    );

    const fresh = new Harness();
    fresh.connectAndPause();
    register(fresh, { tag: TAG0, type: 11 });
    expect(addAction(fresh, TAG0, 2, code, { safeBuffer: 1000 })).toEqual(
      fail(
        C.DEBUGGER_ERROR_INSTANT_EVENT_REQUESTED_OPTIONAL_BUFFER_IS_BIGGER_THAN_DEBUGGERS_SEND_RECEIVE_STACK,
      ),
    );
    expect(addAction(fresh, TAG0, 2, code, { safeBuffer: 0x100 })).toEqual(
      fail(C.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_REQUESTED_SAFE_BUFFER_NOT_FOUND),
    );
    fresh.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc regular-safe-buffer 1', false),
    );
    expect(addAction(fresh, TAG0, 2, code, { safeBuffer: 0x100 })).toEqual(okResult);
  });

  it('EPT pools: the 21st hook on a fresh page gets 0xc0000023 once event pools are preallocated; the event pool is then freed', () => {
    const h = new Harness({ cores: 2 });
    h.connectAndPause();
    h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc regular-event 10', false),
    );
    const page = (i: number) => h.sim.options.kernelBase + 0x1000n + BigInt(i) * 0x1000n;
    for (let i = 0; i < 20; i++)
      expect(register(h, { tag: TAG0 + BigInt(i), type: 8, params: [page(i)] })).toEqual(okResult);
    expect(register(h, { tag: TAG0 + 20n, type: 8, params: [page(20)] })).toEqual(
      fail(C.DEBUGGER_ERROR_PRE_ALLOCATED_BUFFER_IS_EMPTY),
    );
    expect(h.sim.pools.counts(6).pendingFree).toBe(1);
    // a hook on an already hooked page needs no EPT pool
    expect(register(h, { tag: TAG0 + 21n, type: 8, params: [page(3) + 0x40n] })).toEqual(okResult);
  });

  it('!mode needs `preactivate mode` (0xc000004e); a pid on !epthook gives 0xc0000040', () => {
    const h = new Harness();
    h.connectAndPause();
    expect(register(h, { tag: TAG0, type: 25, params: [1n] })).toEqual(
      fail(C.DEBUGGER_ERROR_THE_MODE_EXEC_TRAP_IS_NOT_INITIALIZED),
    );
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('preactivate mode', false),
    );
    expect(logText(frames[0]).text).toBe('the requested service is activated successfully!\n');
    expect(register(h, { tag: TAG0 + 1n, type: 25, params: [1n] })).toEqual(okResult);
    const address = h.sim.machine.kernelFunctions()[2].address;
    expect(register(h, { tag: TAG0 + 2n, type: 8, pid: 4, params: [address] })).toEqual(
      fail(C.DEBUGGER_ERROR_PROCESS_ID_CANNOT_BE_SPECIFIED_WHILE_APPLYING_EVENT_FROM_VMX_ROOT_MODE),
    );
  });

  it('the 51st clear in one halt gives 0xc000004f; the 101st breakpoint 0xc0000018', () => {
    const h = new Harness();
    h.connectAndPause();
    register(h, { tag: TAG0, type: 11 });
    addAction(h, TAG0, 0);
    const clear = () =>
      DEBUGGER_MODIFY_EVENTS.decode(
        h.sendT1(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_AND_MODIFY_EVENT,
          DEBUGGER_MODIFY_EVENTS.encode({ Tag: TAG0, TypeOfAction: 3 }),
        )[0].payload,
      ).KernelStatus;
    for (let i = 0; i < 50; i++) expect(clear()).toBe(0xffffffffn);
    expect(clear()).toBe(
      BigInt(C.DEBUGGER_ERROR_THE_TARGET_EVENT_IS_DISABLED_BUT_CANNOT_BE_CLEARED_PRIRITY_BUFFER_IS_FULL),
    );
    // a forwarded command into the full ring is preceded by hyperkd's warning
    const forwarded = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('preactivate mode', false),
    );
    expect(logText(forwarded[0]).code).toBe(2);
    expect(logText(forwarded[0]).text).toContain(
      '[-] Warning (KdCheckUserModePriorityBuffers:778) | Warning, the user-mode priority buffers are full',
    );

    const base = h.sim.options.kernelBase + 0x1000n;
    const results = Array.from(
      { length: 101 },
      (_, i) =>
        DEBUGGEE_BP_PACKET.decode(
          h.sendT1(
            RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
            DEBUGGEE_BP_PACKET.encode({ Address: base + BigInt(i), Pid: ALL, Tid: ALL, Core: ALL }),
          )[0].payload,
        ).Result,
    );
    expect(results.slice(0, 100).every((r) => r === C.DEBUGGER_OPERATION_WAS_SUCCESSFUL)).toBe(true);
    expect(results[100]).toBe(C.DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_WITHOUT_CONTINUE);
  });

  it('`test pool` prints one line per pool record, newest first, then a51', () => {
    const h = new Harness({ cores: 2 });
    h.connectAndPause();
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
      Uint8Array.from([2, 0, 0, 0, ...new Array(20).fill(0)]),
    );
    expect(frames).toHaveLength(200 + 20 * 2 + 1);
    const first = logText(frames[0]);
    expect(first.code).toBe(1);
    expect(first.text).toMatch(
      /^\(\d\d:\d\d:\d\d\.\d{3} - core : 0 - vmx-root\? yes\)\t \[\+\] Information \(PoolManagerShowPreAllocatedPools:209\) \| Pool details, Pool intention: 3 \| Pool address: [0-9a-f]+ \| Pool state: free \| Should be freed: false \| Already freed: false\n\n$/,
    );
    expect(logText(frames[239]).text).toContain('Pool intention: 4 |');
  });
});

describe('faults', () => {
  it('are deterministic per seed and visible to the debugger as HyperDbg would see them', () => {
    const run = () => {
      const written: number[] = [];
      const faults = new FaultInjector(
        3,
        { split: 0.5, checksum: 0.2 },
        { write: (c) => written.push(...c), disconnect: () => undefined, reboot: () => undefined },
      );
      for (let i = 0; i < 50; i++)
        faults.frame(encodeFrame(3, 41, Uint8Array.of(1, 0, 0, 0, 0x61 + (i % 26))));
      return { written, applied: { ...faults.applied } };
    };
    const a = run();
    expect(a).toEqual(run());
    expect(a.applied.split).toBeGreaterThan(0);
    expect(a.applied.checksum).toBeGreaterThan(0);
    const decoder = new FrameDecoder({ acceptedTypes: [3] });
    expect(decoder.push(Uint8Array.from(a.written))).toHaveLength(50 - a.applied.checksum);
    expect(decoder.diagnostics['bad-checksum']).toBe(a.applied.checksum);
  });

  it('a marker inside a frame cuts it in two for the debugger; oversize costs the frame after it (resync)', () => {
    const deliver = (kind: 'marker' | 'oversize') => {
      const written: number[] = [];
      const faults = new FaultInjector(
        1,
        {},
        { write: (c) => written.push(...c), disconnect: () => undefined, reboot: () => undefined },
      );
      faults.inject(kind);
      faults.frame(encodeFrame(3, 41, Uint8Array.of(1, 0, 0, 0, 0x61)));
      faults.frame(encodeFrame(3, 41, Uint8Array.of(1, 0, 0, 0, 0x62)));
      const decoder = new FrameDecoder({ acceptedTypes: [3] });
      return {
        frames: decoder.push(Uint8Array.from(written)).map((f) => f.payload[4]),
        diagnostics: decoder.diagnostics,
      };
    };
    const marker = deliver('marker');
    expect(marker.frames).toEqual([0x61, 0x62]);
    expect(marker.diagnostics['bad-checksum']).toBe(1);
    expect(marker.diagnostics['short-frame']).toBe(1);
    const oversize = deliver('oversize');
    expect(oversize.diagnostics['oversize-resync']).toBe(1);
    expect(oversize.frames).toEqual([0x62]);
  });
});
