import { openTcpSimSession, type TcpSimSession } from '../support/tcp-sim-session';
import { afterEach, describe, expect, it } from 'vitest';
import type { Frame } from '../../shared/protocol/frame';
import { DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET } from '../../shared/protocol/structs';
import type { HaltContext, ThreadDetails } from '../../electron/session/link';

/**
 * The paused context's current process and thread (the GUI's `fetchThreadDetailsOnPause`)
 * against the simulated debuggee in this process over tcp: after a break-in and after the halts
 * that `.process pid` / `.thread tid` + `g` cause, the context holds exactly what the simulator's
 * operating core runs, and the only extra frame per halt is `.thread`'s details request.
 */
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Started = TcpSimSession;

const start = (): Promise<Started> =>
  openTcpSimSession(cleanups, {
    pause: false,
    session: { settings: { fetchRegistersOnPause: true, fetchThreadDetailsOnPause: true } },
  });

/** What the simulator's operating core runs, as `.thread` would report it. */
function simulatorCurrent(started: Started, core: number): ThreadDetails {
  const machine = started.runner().debuggee.machine;
  const state = machine.cores[core]!;
  const owner = machine.threadById(state.tid)!;
  expect(owner.process.pid).toBe(state.pid);
  return {
    processId: state.pid,
    threadId: state.tid,
    process: owner.process.eprocess,
    thread: owner.thread.ethread,
    processName: owner.process.name.slice(0, 15),
  };
}

/** Sent after every halt: t1 a14, ActionType 1 (get details), everything else zero. */
function isThreadDetailsRequest(frame: Frame): boolean {
  const expected = new Uint8Array(DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.size);
  expected[0] = 1;
  return (
    frame.packetType === 1 && frame.action === 14 && Buffer.from(frame.payload).equals(Buffer.from(expected))
  );
}

async function continueUntilHalt(started: Started): Promise<HaltContext> {
  const halted = new Promise<HaltContext>((resolve) => {
    const off = started.wired.session.on('paused', (context) => {
      off();
      resolve(context);
    });
  });
  expect(await started.wired.dispatcher.execute('g')).toEqual({ ok: true });
  return halted;
}

describe('current process and thread in the paused context (simulator)', () => {
  it('after a break-in and after .process / .thread switches', async () => {
    const started = await start();
    const { wired, sent } = started;

    // Break-in: PAUSED, then READ_REGISTERS (all), then the details request; nothing else.
    const first = await wired.session.pause(5000);
    expect(sent.map((f) => [f.packetType, f.action])).toEqual([
      [2, 1],
      [1, 21],
      [1, 14],
    ]);
    expect(isThreadDetailsRequest(sent[2]!)).toBe(true);
    expect(first.registers).toBeDefined();
    expect(first.thread).toEqual(simulatorCurrent(started, first.core));
    expect(await wired.dispatcher.execute('.thread')).toEqual({ ok: true });
    expect(started.output()).toContain(
      `thread id: ${first.thread!.threadId.toString(16)} (pid: ${first.thread!.processId.toString(16)})\n`,
    );

    // `.process pid X` + `g`: the debuggee halts by itself in X (reason 8).
    const machine = started.runner().debuggee.machine;
    const otherProcess = machine.processes.find(
      (p) => p.pid !== first.thread!.processId && p.threads.length > 0,
    )!;
    expect(await wired.dispatcher.execute(`.process pid ${otherProcess.pid.toString(16)}`)).toEqual({
      ok: true,
    });
    const sentBeforeSwitch = sent.length;
    const inProcess = await continueUntilHalt(started);
    expect(inProcess.reasonName).toBe('PROCESS_SWITCHED');
    expect(inProcess.thread).toEqual(simulatorCurrent(started, inProcess.core));
    expect(inProcess.thread?.processId).toBe(otherProcess.pid);
    expect(inProcess.thread?.processName).toBe(otherProcess.name.slice(0, 15));
    expect(sent.slice(sentBeforeSwitch).map((f) => [f.packetType, f.action])).toEqual([
      [1, 6],
      [1, 21],
      [1, 14],
    ]);

    // `.thread tid Y` (a thread of yet another process) + `g`: halts in Y (reason 9).
    const otherThread = machine.processes
      .filter((p) => p.pid !== otherProcess.pid)
      .flatMap((p) => p.threads.map((t) => ({ process: p, thread: t })))
      .find(({ thread }) => thread.tid !== first.thread!.threadId)!;
    expect(await wired.dispatcher.execute(`.thread tid ${otherThread.thread.tid.toString(16)}`)).toEqual({
      ok: true,
    });
    const inThread = await continueUntilHalt(started);
    expect(inThread.reasonName).toBe('THREAD_SWITCHED');
    expect(inThread.thread).toEqual(simulatorCurrent(started, inThread.core));
    expect(inThread.thread).toMatchObject({
      threadId: otherThread.thread.tid,
      thread: otherThread.thread.ethread,
      processId: otherThread.process.pid,
      process: otherThread.process.eprocess,
    });
    expect(sent.filter(isThreadDetailsRequest)).toHaveLength(4); // three halts + the `.thread` command
  });
});
