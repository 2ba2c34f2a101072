/**
 * The one wiring of a session (createCommandSession, and the debugger-service façade over it)
 * against the real in-process simulated debuggee: halts reach the log store exactly once with
 * their stage, the pool ledger sees break-ins, forwarded commands, breakpoints, clears and
 * continues (its prediction must equal the debuggee's next `test pool`), and the symbol commands
 * are registered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLogStore } from '../logs/log-store';
import { PoolIntention } from '../model/pool-state';
import { inProcessSimulator } from './in-process-simulator';
import { createDebuggerService, type DebuggerService } from './debugger-service';
import type { HaltContext } from '../session/link';
import { createCommandSession, type CommandSession } from './wiring';

const SIGNATURE = '0.2.0-20250101.1200';
const KERNEL_BASE = 0xfffff80163a00000n;

async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A wired session on the simulator, paused by a break-in; `run` returns what a command printed. */
async function pausedSession(rate = 200) {
  let output = '';
  const wired = createCommandSession({ signature: SIGNATURE, output: (text) => (output += text) });
  cleanups.push(async () => {
    await wired.session.close().catch(() => undefined);
    wired.dispose();
  });
  wired.session.attach(await inProcessSimulator({ cores: 2, rate })());
  await until(() => wired.session.state === 'running');
  await wired.session.pause(5000);
  const run = async (line: string) => {
    output = '';
    const outcome = await wired.dispatcher.execute(line);
    return { ...outcome, output };
  };
  return { wired, run };
}

/** The ledger's prediction must be exactly what the debuggee reports at its next `test pool`. */
async function expectPredictionConfirmed(
  wired: CommandSession,
  run: (line: string) => Promise<{ ok: boolean }>,
) {
  const predicted = wired.pools.snapshot().counts;
  expect((await run('test pool')).ok).toBe(true);
  expect(wired.pools.snapshot().counts).toEqual(predicted);
}

function nextPause(service: DebuggerService): Promise<HaltContext> {
  return new Promise((resolve) => {
    const off = service.on('paused', (context) => {
      off();
      resolve(context);
    });
  });
}

describe('the session wiring feeds the log store', () => {
  it('stores exactly one trigger row per stage for an event with stage all (façade with the host’s own store)', async () => {
    const store = new SqliteLogStore();
    cleanups.push(() => store.close());
    const service = createDebuggerService({
      simulator: inProcessSimulator({ cores: 2, rate: 200 }),
      statsIntervalMs: 0,
      createLogStore: () => store,
    });
    cleanups.push(() => service.disconnect());
    expect((await service.connect('sim', { signature: SIGNATURE })).ok).toBe(true);
    await until(() => service.state === 'running');
    expect((await service.pause()).ok).toBe(true);
    expect((await service.execute('!cpuid stage all')).ok).toBe(true);

    const stages: number[] = [];
    for (let i = 0; i < 2; i++) {
      const paused = nextPause(service);
      expect((await service.execute('g')).ok).toBe(true);
      stages.push((await paused).eventStage);
    }
    expect(stages).toEqual([1, 2]);
    store.flush();
    const triggers = await store.page({ kinds: ['trigger'] }, { limit: 100 });
    expect(triggers.map((r) => [r.text.trim(), r.stage, r.eventTag])).toEqual([
      ['event 0x0 triggered (pre)', 'pre', 0x1000000],
      ['event 0x0 triggered (post)', 'post', 0x1000000],
    ]);
    // The façade's current session writes into the caller's store, not a store of its own.
    expect(service.current?.logs).toBe(store);
  }, 30_000);

  it('leaves a store it was given open on dispose and closes its own', async () => {
    const given = new SqliteLogStore();
    cleanups.push(() => given.close());
    const withGiven = createCommandSession({ signature: SIGNATURE, output: () => undefined, logs: given });
    withGiven.dispose();
    expect(await given.count({})).toBe(0);
    const own = createCommandSession({ signature: SIGNATURE, output: () => undefined });
    own.dispose();
    await expect(own.logs.count({})).rejects.toThrow();
  });
});

describe('the session wiring feeds the pool ledger', () => {
  it('drains at a break-in: the replacements queued by an event come back', async () => {
    const { wired, run } = await pausedSession();
    expect((await run('test pool')).ok).toBe(true);
    expect((await run('!cpuid')).ok).toBe(true);
    expect(wired.pools.snapshot().queuedRequests).toBeGreaterThan(0);
    expect((await run('g')).ok).toBe(true);
    await wired.session.pause(5000);
    expect(wired.pools.snapshot().queuedRequests).toBe(0);
    await expectPredictionConfirmed(wired, run);
  }, 30_000);

  it('drains after a forwarded command other than prealloc', async () => {
    const { wired, run } = await pausedSession();
    expect((await run('test pool')).ok).toBe(true);
    expect((await run('!cpuid')).ok).toBe(true);
    expect((await run('lm')).ok).toBe(true);
    expect(wired.pools.snapshot().queuedRequests).toBe(0);
    await expectPredictionConfirmed(wired, run);
  }, 30_000);

  it('gives a cleared event’s pools back once the debuggee continues (events c, g, break-in)', async () => {
    const { wired, run } = await pausedSession();
    expect((await run('test pool')).ok).toBe(true);
    expect((await run('!cpuid')).ok).toBe(true);
    const registered = wired.pools.snapshot().counts;
    expect((await run('events c 0')).ok).toBe(true);
    expect(wired.pools.snapshot().counts[PoolIntention.INSTANT_REGULAR_EVENT_BUFFER]).toEqual(
      registered[PoolIntention.INSTANT_REGULAR_EVENT_BUFFER],
    );
    expect((await run('g')).ok).toBe(true);
    await wired.session.pause(5000);
    const after = wired.pools.snapshot().counts;
    for (const pool of [
      PoolIntention.INSTANT_REGULAR_EVENT_BUFFER,
      PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER,
    ]) {
      expect(after[pool].inUse).toBe(registered[pool].inUse - 1);
      expect(after[pool].total).toBe(registered[pool].total);
    }
    expect(wired.events.list()).toEqual([]);
    await expectPredictionConfirmed(wired, run);
  }, 30_000);

  it('counts the breakpoint descriptor bp takes and bc frees', async () => {
    const { wired, run } = await pausedSession(0);
    expect((await run('test pool')).ok).toBe(true);
    const before = wired.pools.snapshot().counts[PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE];
    expect((await run(`bp ${(KERNEL_BASE + 0x1000n).toString(16)}`)).ok).toBe(true);
    expect(wired.pools.snapshot().counts[PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE]).toEqual({
      ...before,
      free: before.free - 1,
      inUse: before.inUse + 1,
    });
    await expectPredictionConfirmed(wired, run);
    expect((await run('bc 1')).ok).toBe(true);
    expect(wired.pools.snapshot().counts[PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE]).toEqual({
      ...before,
      free: before.free - 1,
      pendingFree: before.pendingFree + 1,
    });
    await expectPredictionConfirmed(wired, run);
  }, 30_000);
});

describe('the session wiring registers the symbol commands', () => {
  it('dispatches .sympath, .sym table and x', async () => {
    const { wired, run } = await pausedSession(0);
    await until(() => wired.symbols.records().length > 0);
    const table = await run('.sym table');
    expect(table.ok).toBe(true);
    expect(table.output).toMatch(/ntkrnlmp|ntoskrnl/i);
    const path = await run('.sympath');
    expect(path.ok).toBe(true);
    expect(path.output).not.toContain("couldn't resolve command");
    // No PDB is in the (empty) symbol path, so nothing matches: the command runs and says why.
    const unmatched = await run('x nt!Nt*');
    expect(unmatched.ok).toBe(true);
    expect(unmatched.output).toMatch(/^no symbols match 'nt!Nt\*': nt has no symbols loaded .*symbol path/);
    expect((await run('x')).output).toContain("incorrect use of the 'x'");
  }, 30_000);
});
