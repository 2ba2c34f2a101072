import { openTcpSimSession } from '../support/tcp-sim-session';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandSession } from '../../electron/app/wiring';
import { SqliteLogStore } from '../../electron/logs/log-store';

/**
 * The command layer's dispatcher driving the event commands against the simulator over
 * tcp: one command of every event family, `events` e/d/c, breakpoints, and halts from an event
 * in both stages that reach the log store tagged with their stage.
 */
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<{ wired: CommandSession; output: () => string; store: SqliteLogStore }> {
  const store = new SqliteLogStore();
  cleanups.push(() => store.close());
  // The session itself feeds the caller's store every message, halt and resume.
  const { wired, output } = await openTcpSimSession(cleanups, { rate: 2000, session: { logs: store } });
  return { wired, output, store };
}

describe('event commands and breakpoints through the dispatcher', () => {
  it('registers one event of every family and modifies them with events e/d/c', async () => {
    const { wired, output } = await start();
    const run = async (line: string): Promise<void> => {
      const outcome = await wired.dispatcher.execute(line);
      expect(outcome, `${line}\n${output()}`).toEqual({ ok: true });
    };
    for (const line of [
      '!epthook fffff80163a01000',
      '!epthook2 fffff80163a03000',
      '!monitor rw fffff80163a02000 fffff80163a02010',
      '!syscall 55',
      '!sysret',
      '!cpuid 1',
      '!msrread c0000080',
      '!msrwrite c0000082',
      '!ioin 60',
      '!ioout 64',
      '!exception e',
      '!interrupt 2f',
      '!dr',
      '!tsc',
      '!pmc',
      '!vmcall',
      '!crwrite 0',
      '!xsetbv',
    ]) {
      await run(line);
    }
    expect(wired.events.list()).toHaveLength(18);
    await run('events d 2');
    expect(wired.events.get(0x1000002n)?.state).toBe('disabled');
    await run('events e 2');
    expect(wired.events.get(0x1000002n)?.state).toBe('enabled');
    await run('events c 3');
    expect(wired.events.get(0x1000003n)?.state).toBe('clear-pending');
    const rejected = await wired.dispatcher.execute('!epthook fffff80163a01000 stage post');
    expect(rejected.ok).toBe(false);
  }, 30_000);

  it('sets, lists, disables and clears a breakpoint', async () => {
    const { wired, output } = await start();
    expect(await wired.dispatcher.execute('bp fffff80163a01000')).toEqual({ ok: true });
    expect(await wired.dispatcher.execute('bl')).toEqual({ ok: true });
    expect(output()).toMatch(/01\s+fffff80163a01000\s+enabled/);
    expect(await wired.dispatcher.execute('bd 1')).toEqual({ ok: true });
    expect(await wired.dispatcher.execute('bc 1')).toEqual({ ok: true });
    const missing = await wired.dispatcher.execute('bc 1');
    expect(missing.ok).toBe(false);
  }, 30_000);

  it('halts from an event in the pre and post stage and stores stage-tagged notices', async () => {
    const { wired, output, store } = await start();
    expect(await wired.dispatcher.execute('!cpuid stage all')).toEqual({ ok: true });
    const halts: number[] = [];
    wired.session.on('paused', (context) => halts.push(context.eventStage));
    for (let i = 0; i < 2; i++) {
      const paused = new Promise<void>((resolve) => {
        const off = wired.session.on('paused', () => {
          off();
          resolve();
        });
      });
      expect(await wired.dispatcher.execute('g')).toEqual({ ok: true });
      await paused;
    }
    expect(halts).toEqual([1, 2]);
    expect(output()).toContain('event 0x0 triggered (pre)\n');
    expect(output()).toContain('event 0x0 triggered (post)\n');
    store.flush();
    const stages = (await store.page({ kinds: ['trigger'] }, { limit: 10 })).map((r) => r.stage);
    expect(stages).toEqual(['pre', 'post']);
  }, 30_000);
});
