import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeUserInputPayload, encodeVersionPayload } from '../shared/protocol/payloads';
import { NON_PAGED_POOL_BYTES } from './pool-manager';
import { SimulationRunner } from './runner';
import { Harness, logText } from './testing/harness';

/** Faults that must still let a session finish. */

describe('merge fault', () => {
  it('a held frame is delivered when the burst ends: the handshake and a break-in complete with merge=1', () => {
    const decoder = new FrameDecoder({ acceptedTypes: [3] });
    const actions: number[] = [];
    const runner = new SimulationRunner(
      { faults: { merge: 1 }, rate: 0, handshakeRetryMs: 60_000, pace: 0 },
      {
        write: (chunk) => {
          actions.push(...decoder.push(chunk).map((f) => f.action));
          return true;
        },
        close: () => undefined,
      },
    );
    try {
      runner.start();
      // every frame is held for merging; the PING still arrives once `start` is done
      expect(actions).toEqual([RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION]);
      runner.receive(
        encodeFrame(
          2,
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
          encodeVersionPayload(runner.debuggee.options.signature),
        ),
      );
      expect(actions.at(-1)).toBe(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED);
      runner.receive(encodeFrame(2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE));
      expect(actions.at(-1)).toBe(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
      );
      expect(runner.faults.applied.merge).toBeGreaterThan(0);
    } finally {
      runner.close();
    }
  });
});

describe('allocation requests', () => {
  it('prealloc with a huge count stops at the non-paged pool with "insufficient memory" and the session goes on', () => {
    const h = new Harness();
    h.connectAndPause();
    const frames = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc epthook ffffffff', false),
    );
    const texts = frames.filter((f) => f.action === 41).map((f) => logText(f).text);
    expect(
      texts.some((t) =>
        /vmx-root\? no\)\t \[!\] Error \(PoolManagerAllocateAndAddToPoolTable:\d+\) \| Err, insufficient memory/.test(
          t,
        ),
      ),
    ).toBe(true);
    // the kernel status is success either way, so user mode says what it always says
    expect(texts.at(-1)).toBe('the requested pools are allocated and reserved\n');
    expect(frames.at(-1)!.action).toBe(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
    );
    const bytes = h.sim.pools.listHeadFirst().reduce((n, r) => n + r.size, 0);
    expect(bytes).toBeLessThanOrEqual(NON_PAGED_POOL_BYTES);
    expect(bytes).toBeGreaterThan(NON_PAGED_POOL_BYTES / 2);
    // what was allocated is usable, and a later small request fails the same way
    const again = h.sendT1(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
      encodeUserInputPayload('prealloc regular-event 1', false),
    );
    expect(again.map((f) => (f.action === 41 ? logText(f).text : '')).join('')).toContain(
      'insufficient memory',
    );
  });
});
