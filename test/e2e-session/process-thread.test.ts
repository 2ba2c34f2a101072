import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET } from '../../shared/protocol/structs';
import { listenSimulator } from '../../simulator/endpoints';
import type { SimulationRunner } from '../../simulator/runner';
import { parseEndpoint } from '../../electron/transport/endpoint';
import { openTransport } from '../../electron/transport/transport';
import type { HaltContext, ThreadDetails } from '../../electron/session/link';
import { createCommandSession, type CommandSession } from '../../electron/app/wiring';

/**
 * The paused context's current process and thread (the GUI's `fetchThreadDetailsOnPause`)
 * against the simulated debuggee in this process over tcp: after a break-in and after the halts
 * that `.process pid` / `.thread tid` + `g` cause, the context holds exactly what the simulator's
 * operating core runs, and the only extra frame per halt is `.thread`'s details request.
 */
const SIGNATURE = '0.2.0-20250101.1200';
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  readonly wired: CommandSession;
  readonly runner: () => SimulationRunner;
  readonly sent: Frame[];
  readonly output: () => string;
}

async function start(): Promise<Started> {
  const server = await listenSimulator(
    { kind: 'tcp', host: '127.0.0.1', port: 0 },
    { signature: SIGNATURE, rate: 0, handshakeRetryMs: 200 },
  );
  cleanups.push(() => server.close());
  const endpoint = parseEndpoint(server.address);
  if (!endpoint.ok) throw new Error(endpoint.error);
  let text = '';
  const wired = createCommandSession({
    signature: SIGNATURE,
    output: (t) => (text += t),
    settings: { fetchRegistersOnPause: true, fetchThreadDetailsOnPause: true },
  });
  cleanups.push(async () => {
    if (wired.session.state === 'paused' || wired.session.state === 'running') await wired.session.close();
    else await wired.session.detach();
    wired.dispose();
  });
  const sent: Frame[] = [];
  const decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  wired.session.on('frame', ({ direction, bytes }) => {
    if (direction === 'out') sent.push(...decoder.push(bytes));
  });
  wired.session.attach(await openTransport(endpoint.endpoint));
  await new Promise<void>((resolve) => {
    const off = wired.session.on('state', ({ state }) => {
      if (state === 'running') {
        off();
        resolve();
      }
    });
  });
  sent.length = 0; // the handshake's version frame
  return {
    wired,
    runner: () => {
      if (!server.runner) throw new Error('the simulator has no connection');
      return server.runner;
    },
    sent,
    output: () => text,
  };
}

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
