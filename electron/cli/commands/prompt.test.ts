/**
 * The interactive prompt of `hds connect` driven like a terminal (keys written to its input)
 * against the in-process simulated debuggee: Tab completion, Enter repeating p, history, .cls.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { openSimCommandSession, type SimCommandSession } from '../../../test/support/sim-command-session';
import { CLEAR_SCREEN } from '../../commands/builtin/session-meta';
import { runPrompt } from './prompt';

interface Terminal {
  readonly sim: SimCommandSession;
  /** What readline echoed (prompt, typed keys, completions). */
  screen(): string;
  /** What the commands printed. */
  printed(): string;
  type(keys: string): void;
  /** Waits until `condition` holds for what was printed or echoed. */
  until(condition: () => boolean): Promise<void>;
  finished: Promise<number>;
  historyFile: string;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openTerminal(history: string[] = []): Promise<Terminal> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hds-prompt-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const historyFile = path.join(folder, 'history');
  if (history.length > 0) writeFileSync(historyFile, history.map((l) => `${l}\n`).join(''));
  const sim = await openSimCommandSession({ symbols: true });
  cleanups.push(() => sim.close());
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  let printed = '';
  sim.onOutput((text) => (printed += text));
  const finished = runPrompt(sim.wired, {
    input,
    output,
    terminal: true,
    write: (text) => (printed += text),
    writeError: (text) => (printed += text),
    historyFile,
  });
  cleanups.push(async () => {
    input.end();
    await finished;
  });
  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out; screen:\n${screen}\nprinted:\n${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    sim,
    screen: () => screen,
    printed: () => printed,
    type: (keys) => input.write(keys),
    until,
    finished,
    historyFile,
  };
}

describe('hds connect’s interactive prompt', () => {
  it('completes commands, registers, pseudo-registers and module!symbol with Tab', async () => {
    const t = await openTerminal();
    await t.until(() => t.screen().includes('kHyperDbg> '));
    t.type('!pcit\t');
    await t.until(() => t.screen().includes('!pcitree'));
    t.type('\u0015'); // Ctrl+U clears the line
    t.type('r @ri\t');
    await t.until(() => t.screen().includes('r @rip'));
    t.type('\u0015? $pi\t');
    await t.until(() => t.screen().includes('? $pid'));
    t.type('\u0015u nt!KiSystemCall6\t');
    await t.until(() => t.screen().includes('u nt!KiSystemCall64'));
  });

  it('repeats p on an empty Enter, keeps the history file, and .cls clears the screen', async () => {
    const t = await openTerminal(['db @rsp']);
    await t.until(() => t.screen().includes('kHyperDbg> '));
    const rip = async (): Promise<string> => {
      const before = t.printed().length;
      t.type('r rip\r');
      await t.until(() => /rip=[0-9a-f]+\n/.test(t.printed().slice(before)));
      return /rip=([0-9a-f]+)\n/.exec(t.printed().slice(before))![1]!;
    };
    const start = await rip();
    t.type('p\r');
    await t.until(() => t.sim.wired.session.pausedContext?.rip !== BigInt(`0x${start}`));
    const afterOne = (await rip()).toString();
    // the previous line is `r rip`, which repeats too: type p again, then the empty Enter repeats p
    t.type('p\r');
    await t.until(() => t.sim.wired.session.pausedContext?.rip !== BigInt(`0x${afterOne}`));
    const afterTwo = t.sim.wired.session.pausedContext!.rip;
    t.type('\r');
    await t.until(() => t.sim.wired.session.pausedContext?.rip !== afterTwo);
    expect(readFileSync(t.historyFile, 'utf8')).toBe('db @rsp\nr rip\np\nr rip\np\n');

    // the Up key offers the newest line first, then older ones, including the saved history
    const shown = t.screen().length;
    t.type('\u001b[A'.repeat(5));
    await t.until(() => t.screen().slice(shown).includes('kHyperDbg> db @rsp'));
    expect(
      [
        ...t
          .screen()
          .slice(shown)
          .matchAll(/kHyperDbg> ([^\u001b]+)/g),
      ].map((m) => m[1]),
    ).toEqual(['p', 'r rip', 'p', 'r rip', 'db @rsp']);
    t.type('\u0015.cls\r');
    await t.until(() => t.printed().includes(CLEAR_SCREEN));
    t.type('exit\r');
    expect(await t.finished).toBe(0);
  });

  it('Ctrl+C ends a !track walk after its step in flight, sends no break-in, and the prompt answers again', async () => {
    const t = await openTerminal();
    await t.until(() => t.screen().includes('kHyperDbg> '));
    const sent: number[] = [];
    t.sim.wired.session.on('frame', ({ direction }) => {
      if (direction === 'out') sent.push(Date.now());
    });
    // v0.23's default is 0xffffffff steps: only Ctrl+C ends this walk
    t.type('!track\r');
    await t.until(() => (t.printed().match(/\u2514\u2500\u2500 /g) ?? []).length >= 3);
    const framesBeforeBreak = sent.length;
    const promptsBeforeBreak = (t.screen().match(/kHyperDbg> /g) ?? []).length;
    t.type('\u0003');
    await t.until(() => (t.screen().match(/kHyperDbg> /g) ?? []).length > promptsBeforeBreak);
    expect(sent.length - framesBeforeBreak).toBeLessThanOrEqual(1);
    expect(t.sim.wired.session.state).toBe('paused');
    expect(t.printed()).not.toContain('press Ctrl+C again');
    const before = t.printed().length;
    t.type('r rip\r');
    await t.until(() => /rip=[0-9a-f]+\n/.test(t.printed().slice(before)));
  });
});
