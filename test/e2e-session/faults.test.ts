import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { SimulationRunner } from '../../simulator/runner';
import { createMemoryTransportPair, type ByteTransport } from '../../electron/transport/transport';
import { createCommandSession, type CommandSession } from '../../electron/app/wiring';
import type { SessionDiagnostic } from '../../electron/session/link';
import { SqliteLogStore } from '../../electron/logs/log-store';

/**
 * Fault handling against the simulator's fault injector: each fault is reported, the session
 * recovers where HyperDbg would, and nothing is re-sent that should not be.
 */
const SIGNATURE = '0.2.0-20250101.1200';
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  wired: CommandSession;
  runner: () => SimulationRunner;
  sent: Frame[];
  diagnostics: SessionDiagnostic[];
  output: () => string;
  store: SqliteLogStore;
  /** A fresh simulated debuggee on a new link (reconnect after a lost one). */
  newLink(): ByteTransport;
}

function rig(): Rig {
  let runner: SimulationRunner | undefined;
  const sent: Frame[] = [];
  const decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  const newLink = (): ByteTransport => {
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
    const current = new SimulationRunner(
      { signature: SIGNATURE, rate: 0, handshakeRetryMs: 100 },
      { write: (chunk) => (void debuggeeSide.write(chunk), true), close: () => void debuggeeSide.close() },
    );
    runner = current;
    debuggeeSide.onData((chunk) => current.receive(chunk));
    cleanups.push(() => current.close());
    return {
      ...debuggerSide,
      write: (bytes) => {
        sent.push(...decoder.push(bytes));
        return debuggerSide.write(bytes);
      },
      onData: (listener) => {
        debuggerSide.onData(listener);
        queueMicrotask(() => current.start());
      },
    };
  };
  let text = '';
  const store = new SqliteLogStore();
  cleanups.push(() => store.close());
  const wired = createCommandSession({
    signature: SIGNATURE,
    output: (t) => (text += t),
    settings: { requestTimeoutMs: 400 },
    logs: store,
  });
  const diagnostics: SessionDiagnostic[] = [];
  wired.session.on('diagnostic', (d) => diagnostics.push(d));
  cleanups.push(() => wired.session.detach());
  return { wired, runner: () => runner!, sent, diagnostics, output: () => text, store, newLink };
}

function untilState(wired: CommandSession, wanted: string, timeoutMs = 5000): Promise<void> {
  if (wired.session.state === wanted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`state stayed ${wired.session.state}, wanted ${wanted}`)),
      timeoutMs,
    );
    const off = wired.session.on('state', ({ state }) => {
      if (state === wanted) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

async function pausedRig(): Promise<Rig> {
  const r = rig();
  r.wired.session.attach(r.newLink());
  await untilState(r.wired, 'running');
  await r.wired.session.pause(5000);
  return r;
}

const count = (frames: Frame[], action: number): number => frames.filter((f) => f.action === action).length;

describe('faults from the debuggee', () => {
  it('garbage (81,921 bytes without a marker) is reported and the session resyncs', async () => {
    const r = await pausedRig();
    r.runner().faults.inject('oversize');
    expect(await r.wired.dispatcher.execute('r')).toEqual({ ok: true });
    expect(r.diagnostics.map((d) => d.code)).toContain('oversize-resync');
  });

  it('a frame cut by an end marker inside its payload is reported and does not disturb the next answer', async () => {
    const r = await pausedRig();
    r.runner().faults.inject('marker');
    expect(await r.wired.dispatcher.execute('r')).toEqual({ ok: true });
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes.some((c) => c === 'bad-checksum' || c === 'bad-indicator' || c === 'short-frame')).toBe(
      true,
    );
  });

  it('a bad checksum on a read is reported, and the read is re-sent once', async () => {
    const r = await pausedRig();
    const before = count(r.sent, 21);
    r.runner().faults.inject('checksum');
    expect(await r.wired.dispatcher.execute('r')).toEqual({ ok: true });
    expect(r.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['bad-checksum', 'request-timeout']),
    );
    expect(count(r.sent, 21) - before).toBe(2);
  });

  it('a silent debuggee makes a read time out after one re-send, and says to check the link', async () => {
    const r = await pausedRig();
    const seenBefore = r.wired.session.stats().lastSeenAt;
    r.runner().faults.inject('silence');
    const outcome = await r.wired.dispatcher.execute('r');
    expect(outcome.ok).toBe(false);
    expect(r.output()).toMatch(/did not answer .* even after one re-send; check the link/);
    expect(r.wired.session.stats().lastSeenAt).toBe(seenBefore);
    r.runner().faults.speak();
  });

  it('a lost answer to a state-changing request is not re-sent', async () => {
    const r = await pausedRig();
    const before = count(r.sent, 24);
    r.runner().faults.inject('checksum');
    const outcome = await r.wired.dispatcher.execute('bp fffff80163a01000');
    expect(outcome.ok).toBe(false);
    expect(r.output()).toMatch(/was not re-sent/);
    expect(count(r.sent, 24) - before).toBe(1);
  });

  it('a disconnect mid-frame is reported and the session reconnects without a restart', async () => {
    const r = await pausedRig();
    r.runner().faults.inject('disconnect');
    await untilState(r.wired, 'disconnected');
    expect(r.diagnostics.map((d) => d.code)).toContain('link-lost');
    expect(r.output()).toContain('the remote connection is closed');
    r.wired.session.attach(r.newLink());
    await untilState(r.wired, 'running');
    await r.wired.session.pause(5000);
    expect(await r.wired.dispatcher.execute('r')).toEqual({ ok: true });
  });

  it('a reboot (new PINGs mid-session) starts a new session and resets the events', async () => {
    const r = await pausedRig();
    expect(await r.wired.dispatcher.execute('!msrwrite c0000082')).toEqual({ ok: true });
    expect(r.wired.events.list()).toHaveLength(1);
    await r.wired.dispatcher.execute('g');
    r.runner().faults.inject('reboot');
    await untilState(r.wired, 'handshaking');
    await untilState(r.wired, 'running');
    expect(r.diagnostics.map((d) => d.code)).toContain('debuggee-restarted');
    expect(r.wired.events.list()).toHaveLength(0);
  });

  it('every log line that arrives intact reaches the store, even split and merged', async () => {
    const r = await pausedRig();
    r.runner().faults.setRates({ split: 0.5, merge: 0.3 });
    let logs = 0;
    r.wired.session.on('log', () => logs++);
    expect(await r.wired.dispatcher.execute('test pool')).toEqual({ ok: true });
    expect(await r.wired.dispatcher.execute('bl')).toEqual({ ok: true });
    r.store.flush();
    expect(logs).toBeGreaterThan(10);
    expect(await r.store.count()).toBe(logs);
  });
});
