/**
 * End to end through the real session and the in-process simulated debuggee: event commands,
 * `events`, `test pool` → pool counts, triggers → hit counts and stored logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandSession, type CommandSession } from '../electron/app/wiring';
import { inProcessSimulator } from '../electron/app/in-process-simulator';
import type { LiveEventsModel } from '../electron/model/events-model';
import type { SqliteLogStore } from '../electron/logs/log-store';

const SIGNATURE = '0.2.0-20250101.1200';
const KERNEL_BASE = 0xfffff80163a00000n;

async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sessions: CommandSession[] = [];
afterEach(async () => {
  while (sessions.length) {
    const s = sessions.pop()!;
    s.dispose();
    await s.session.close().catch(() => undefined);
  }
});

describe('event commands against the simulated debuggee', () => {
  it('registers events, lists and disables them, refreshes pools, and counts triggers', async () => {
    let output = '';
    const wired = createCommandSession({ signature: SIGNATURE, output: (text) => (output += text) });
    sessions.push(wired);
    wired.session.attach(await inProcessSimulator({ cores: 2, rate: 200 })());
    await until(() => wired.session.state === 'running');
    await wired.session.pause(5000);
    const run = async (line: string) => {
      output = '';
      const outcome = await wired.dispatcher.execute(line);
      return { ...outcome, output };
    };

    expect((await run('test pool')).ok).toBe(true);
    expect(wired.pools.snapshot()).toMatchObject({ source: 'test pool', coreCount: 2 });

    expect((await run(`!epthook ${(KERNEL_BASE + 0x1010n).toString(16)}`)).ok).toBe(true);
    expect((await run('!syscall script { printf("syscall %llx\\n", @rax); }')).ok).toBe(true);
    expect((await run('!epthook fffff80163a01010 stage post')).output).toContain(
      'not meaningful for the hidden hook',
    );
    expect((await run('!cpuid')).ok).toBe(true);
    const events = wired.events as LiveEventsModel;
    expect(events.list().map((e) => e.id)).toEqual([0, 1, 3]);

    const listed = await run('events');
    expect(listed.output).toBe(
      '0\t(enabled)\t    !epthook fffff80163a01010 \n' +
        // HyperDbg lists the tokens joined by spaces: a block's content without its braces.
        '1\t(enabled)\t    !syscall script  printf("syscall %llx\\n", @rax);  \n' +
        '3\t(enabled)\t    !cpuid \n',
    );
    expect((await run('events d 3')).ok).toBe(true);
    expect((await run('events')).output).toContain('3\t(disabled)\t    !cpuid');

    const predicted = wired.pools.snapshot().counts;
    expect((await run('test pool')).ok).toBe(true);
    const pools = wired.pools.snapshot();
    expect(pools.counts).toEqual(predicted);
    expect(pools.counts[6].inUse).toBe(3);
    expect(pools.counts[8].inUse).toBe(3);

    expect((await run('g')).ok).toBe(true);
    // the !epthook breaks whenever the hooked function runs: go on until a syscall printed
    let resuming: Promise<unknown> | undefined;
    await until(() => {
      if (wired.session.state === 'paused' && !resuming)
        resuming = run('g').finally(() => (resuming = undefined));
      return (events.get(0x1000001n)?.outputMessages ?? 0) > 0;
    });
    await wired.session.pause(5000);
    const logs = wired.logs as SqliteLogStore;
    expect(await logs.count({ eventTag: 0x1000001 })).toBeGreaterThan(0);
    expect((await logs.page({ eventTag: 0x1000001 }, { limit: 1 }))[0]!.text).toMatch(
      /^syscall [0-9a-f]+\n?$/,
    );
  });
});
