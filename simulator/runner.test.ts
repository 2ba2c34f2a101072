import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrame, FrameDecoder } from '../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeVersionPayload } from '../shared/protocol/payloads';
import { DEFAULT_SIMULATOR_OPTIONS } from './debuggee';
import { DEBUGGEE_HYPERDBG_PID } from './machine';
import { HANDSHAKE_DELAYS_MS, SimulationRunner } from './runner';

/** A runner on a fake clock: which frame actions arrived, and when (fake ms since the version answer). */
function pacedHandshake(pace: number | undefined) {
  vi.useFakeTimers();
  const decoder = new FrameDecoder({ acceptedTypes: [3] });
  const arrivals: { action: number; at: number }[] = [];
  let versionSentAt = 0;
  const runner = new SimulationRunner(
    { seed: 2, rate: 0, ...(pace === undefined ? {} : { pace }) },
    {
      write: (chunk) => {
        for (const frame of decoder.push(chunk))
          arrivals.push({ action: frame.action, at: Date.now() - versionSentAt });
        return true;
      },
      close: () => undefined,
    },
  );
  runner.start();
  versionSentAt = Date.now();
  runner.receive(
    encodeFrame(
      2,
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
      encodeVersionPayload(DEFAULT_SIMULATOR_OPTIONS.signature),
    ),
  );
  return { runner, arrivals };
}

const STARTED = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_STARTED;
const SYMBOL = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_UPDATE_SYMBOL_INFO;
const FINISHED = RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED;

afterEach(() => {
  vi.useRealTimers();
});

describe('handshake pacing on a live link', () => {
  it('STARTED, each symbol record and FINISHED come after their delays, in order', () => {
    const { runner, arrivals } = pacedHandshake(undefined);
    expect(
      arrivals.filter((a) => a.action !== RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION),
    ).toEqual([]);
    vi.advanceTimersByTime(HANDSHAKE_DELAYS_MS.started - 1);
    expect(arrivals.some((a) => a.action === STARTED)).toBe(false);
    vi.advanceTimersByTime(10_000);
    const handshake = arrivals.filter((a) => ([STARTED, SYMBOL, FINISHED] as number[]).includes(a.action));
    const symbols = handshake.filter((a) => a.action === SYMBOL);
    expect(symbols.length).toBe(runner.debuggee.machine.symbolModules(DEBUGGEE_HYPERDBG_PID).length);
    expect(handshake[0]).toEqual({ action: STARTED, at: HANDSHAKE_DELAYS_MS.started });
    symbols.forEach((symbol, i) =>
      expect(symbol.at).toBe(HANDSHAKE_DELAYS_MS.started + (i + 1) * HANDSHAKE_DELAYS_MS.symbol),
    );
    expect(handshake.at(-1)).toEqual({
      action: FINISHED,
      at:
        HANDSHAKE_DELAYS_MS.started +
        symbols.length * HANDSHAKE_DELAYS_MS.symbol +
        HANDSHAKE_DELAYS_MS.finished,
    });
    runner.close();
  });

  it('pace scales the delays; pace 0 sends the whole handshake at once', () => {
    const slow = pacedHandshake(3);
    vi.advanceTimersByTime(60_000);
    expect(slow.arrivals.find((a) => a.action === STARTED)?.at).toBe(3 * HANDSHAKE_DELAYS_MS.started);
    slow.runner.close();
    vi.useRealTimers();
    const immediate = pacedHandshake(0);
    expect(immediate.arrivals.find((a) => a.action === FINISHED)?.at).toBe(0);
    immediate.runner.close();
  });
});
