// The structured pane channels against the in-process simulator through the real session core:
// call stack, breakpoint table and disassembly at an address come back as rows that match what
// `k`, `bl` and `u` print, and reading them prints nothing into the console.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse, type ConsoleChunk } from '../../shared/ipc';
import type { BreakpointRow, CoreRow } from '../../shared/ipc';
import type { SessionBackend, SessionSink } from './backend';
import { createSessionBackend } from './session-backend';

let backend: SessionBackend;
let folder: string;
const consoleChunks: ConsoleChunk[] = [];
const ignore = () => undefined;
/** Every breakpoint table the backend pushed, newest last. */
const pushedTables: BreakpointRow[][] = [];
/** Every core list the backend pushed, newest last. */
const pushedCores: CoreRow[][] = [];
const sink: SessionSink = {
  state: ignore,
  paused: ignore,
  handshake: ignore,
  console: (chunk) => consoleChunks.push(chunk),
  log: ignore,
  logCounts: ignore,
  events: ignore,
  pools: ignore,
  breakpoints: (rows) => pushedTables.push(rows),
  cores: (rows) => pushedCores.push(rows),
  link: ignore,
};

/** Console text printed while `run` runs. */
async function printedBy(run: () => Promise<unknown>): Promise<string> {
  const from = consoleChunks.length;
  await run();
  return consoleChunks
    .slice(from)
    .map((chunk) => chunk.text)
    .join('');
}

/** Validates a value against a channel's response schema, as the host does before sending it. */
function valid(channel: Parameters<typeof checkResponse>[0], value: unknown): void {
  const checked = checkResponse(channel, value);
  expect(checked.ok, checked.ok ? '' : checked.error.message).toBe(true);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'hds-panes-'));
  backend = createSessionBackend({ simOptions: { seed: 3, rate: 200 }, logs: { folder } });
  backend.subscribe(sink);
  expect((await backend.connect('sim', null)).ok).toBe(true);
  expect((await backend.pause()).ok).toBe(true);
}, 30_000);

afterAll(async () => {
  await backend.disconnect();
  rmSync(folder, { recursive: true, force: true });
});

describe('pane queries against the simulator', () => {
  it('reads the call stack as frames matching what k prints, without printing', async () => {
    let frames: Awaited<ReturnType<SessionBackend['callStack']>> = [];
    expect(await printedBy(async () => (frames = await backend.callStack()))).toBe('');
    valid('debug:callstack', { frames });
    expect(frames.length).toBeGreaterThan(0);
    const printed = await printedBy(() => backend.execute('k'));
    const fromK = [...printed.matchAll(/\[\$\+([0-9a-f]+)\]\s+([0-9a-f]{16})\s+\(from /g)].map((m) => ({
      slot: parseInt(m[1], 16),
      callSite: m[2].replace(/^0+(?=.)/, ''),
    }));
    expect(frames.map(({ slot, callSite }) => ({ slot, callSite }))).toEqual(fromK);
    for (const frame of frames) {
      const length = BigInt(`0x${frame.returnAddress}`) - BigInt(`0x${frame.callSite}`);
      expect(length > 0n && length <= 7n).toBe(true);
    }
  });

  it('keeps breakpoints as rows with id, address, state and filters, read without printing', async () => {
    const { paused } = backend.snapshot();
    const lines = await backend.disassemble(paused!.rip, 3);
    const [first, second] = [lines[1].address, lines[2].address];
    expect((await backend.execute(`bp ${first}`)).ok).toBe(true);
    expect((await backend.execute(`bp ${second} core 1 pid 4`)).ok).toBe(true);
    // The console shows the command's echo only: the table re-read after it prints nothing.
    expect(await printedBy(async () => expect((await backend.execute('bd 1')).ok).toBe(true))).toMatch(
      /^[^\n]*> bd 1\n$/,
    );
    const rows = backend.snapshot().breakpoints;
    valid('session:snapshot', backend.snapshot());
    expect(rows).toEqual([
      { id: 1, address: first, enabled: false, core: null, pid: null, tid: null },
      { id: 2, address: second, enabled: true, core: 1, pid: 4, tid: null },
    ]);
    // The console command still prints the debuggee's table.
    expect(await printedBy(() => backend.execute('bl'))).toMatch(/01 {3}0*[0-9a-f]+ {2}disabled/);
    expect((await backend.execute('bc 1')).ok).toBe(true);
    expect((await backend.execute('bc 2')).ok).toBe(true);
    expect(backend.snapshot().breakpoints).toEqual([]);
  });

  it('pushes the breakpoint table after every command that changes it, and keeps it in the snapshot', async () => {
    const { paused } = backend.snapshot();
    const [, next] = await backend.disassemble(paused!.rip, 2);
    const from = pushedTables.length;
    expect((await backend.execute(`bp ${next.address}`)).ok).toBe(true);
    const [added] = pushedTables.slice(from).at(-1)!;
    expect(added).toMatchObject({ address: next.address, enabled: true });
    expect((await backend.execute(`bd ${added.id.toString(16)}`)).ok).toBe(true);
    expect(pushedTables.at(-1)).toEqual([{ ...added, enabled: false }]);
    expect(backend.snapshot().breakpoints).toEqual([{ ...added, enabled: false }]);
    const beforeRead = pushedTables.length;
    expect((await backend.execute('r')).ok).toBe(true);
    expect(pushedTables.length).toBe(beforeRead);
    expect((await backend.execute(`bc ${added.id.toString(16)}`)).ok).toBe(true);
    expect(pushedTables.at(-1)).toEqual([]);
  });

  it("lists every core it heard of: the halted core, then a core switched to, with each one's last RIP", async () => {
    const { paused, cores } = backend.snapshot();
    valid('session:snapshot', backend.snapshot());
    expect(cores).toContainEqual(
      expect.objectContaining({
        core: paused!.core,
        lastHaltRip: paused!.rip,
        lastHaltReason: paused!.reason,
      }),
    );
    const other = paused!.core === 2 ? 1 : 2;
    expect((await backend.execute(`~ ${other}`)).ok).toBe(true);
    const switched = backend.snapshot();
    expect(switched.paused!.core).toBe(other);
    const row = switched.cores.find((c) => c.core === other);
    expect(row).toMatchObject({ lastHaltRip: switched.paused!.rip, lastHaltReason: 'core switched' });
    // The first core keeps the RIP it last halted at; the pushed list is the snapshot's.
    expect(switched.cores.find((c) => c.core === paused!.core)?.lastHaltRip).toBe(paused!.rip);
    expect(pushedCores.at(-1)).toEqual(switched.cores);
    expect((await backend.execute(`~ ${paused!.core}`)).ok).toBe(true);
  });

  it('evaluates address expressions on the debuggee, with a hint for a register written without @', async () => {
    const { paused } = backend.snapshot();
    const rsp = paused!.registers.find((register) => register.name === 'rsp')!.value;
    expect(
      await printedBy(async () =>
        expect(await backend.evaluate('@rip')).toEqual({ ok: true, value: paused!.rip }),
      ),
    ).toBe('');
    expect(await backend.evaluate('@rsp+8')).toEqual({
      ok: true,
      value: (BigInt(`0x${rsp}`) + 8n).toString(16),
    });
    expect(await backend.evaluate('fffff80000001000')).toEqual({ ok: true, value: 'fffff80000001000' });
    // v0.23's compiler also reads a bare register name; a bare pseudo-register is an error.
    expect(await backend.evaluate('rip')).toEqual({ ok: true, value: paused!.rip });
    const bare = await backend.evaluate('tid');
    valid('expr:evaluate', bare);
    expect(bare).toEqual({
      ok: false,
      error: "err, couldn't resolve error at 'tid'\npseudo-registers are written with $ in HyperDbg: $tid",
    });
    expect(await backend.evaluate('nt!NoSuchSymbol')).toEqual({
      ok: false,
      error: "err, couldn't resolve error at 'nt!NoSuchSymbol'",
    });
    const broken = await backend.evaluate('@rsp+');
    expect(broken.ok).toBe(false);
  });

  it('disassembles at an address into rows with the bytes in memory, without printing', async () => {
    const { paused } = backend.snapshot();
    let lines: Awaited<ReturnType<SessionBackend['disassemble']>> = [];
    expect(await printedBy(async () => (lines = await backend.disassemble(paused!.rip, 6)))).toBe('');
    valid('debug:disassemble', { lines });
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ address: paused!.rip, current: true });
    expect(lines.slice(1).every((line) => !line.current)).toBe(true);
    expect(lines[0].text).toBe(paused!.disassembly[0].text);
    const bytes = lines.map((line) => line.bytes).join('');
    const memory = await backend.readMemory('virtual', paused!.rip, bytes.length / 2);
    expect(memory.bytes).toBe(bytes);
    for (let i = 1; i < lines.length; i++) {
      const previous = BigInt(`0x${lines[i - 1].address}`) + BigInt(lines[i - 1].bytes.length / 2);
      expect(lines[i].address).toBe(previous.toString(16));
    }
    await expect(backend.disassemble('10', 4)).rejects.toThrow(/^err, /);
  });

  it('decodes the instructions leading to an address, ending exactly there', async () => {
    const { paused } = backend.snapshot();
    const ahead = await backend.disassemble(paused!.rip, 12);
    const middle = ahead[8];
    const around = await backend.disassemble(middle.address, 4, 6);
    const at = around.findIndex((line) => line.address === middle.address);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThanOrEqual(6);
    // Contiguous: every instruction ends where the next one starts, up to and past the address.
    for (let i = 1; i < around.length; i++) {
      const end = BigInt(`0x${around[i - 1].address}`) + BigInt(around[i - 1].bytes.length / 2);
      expect(around[i].address).toBe(end.toString(16));
    }
    // The lines before the address agree with a forward decode from RIP where they overlap.
    const forward = new Map(ahead.map((line) => [line.address, line.text]));
    for (const line of around.slice(0, at)) {
      if (forward.has(line.address)) expect(line.text).toBe(forward.get(line.address));
    }
    expect(around.slice(0, at).some((line) => forward.has(line.address))).toBe(true);
    const branches = ahead.filter((line) => line.target !== null);
    for (const line of branches) expect(line.text).toMatch(/^(call|j\w+|loop\w*)\b/);
  });

  it('names the addresses symbols know and nothing else', async () => {
    const { paused } = backend.snapshot();
    const [fromFrames] = await backend.callStack();
    const names = await backend.describeAddresses([fromFrames.callSite, '10']);
    valid('symbols:describe', { names });
    expect(names).toEqual([fromFrames.symbol, null]);
    expect(paused).not.toBeNull();
  });

  it('refreshes the pool counts without printing the test pool table into the console', async () => {
    let counts = 0;
    expect(await printedBy(async () => (counts = (await backend.refreshPools()).counts.length))).toBe('');
    expect(counts).toBeGreaterThan(0);
    expect(await printedBy(() => backend.execute('test pool'))).toMatch(/INSTANT_REGULAR_EVENT_BUFFER|pool/i);
  });

  it('completes module names the debuggee reported', async () => {
    const all = await backend.completeSymbols('n', 50);
    valid('symbols:complete', all);
    expect(all.names).toContain('nt!');
    expect(all.names.every((name) => name.startsWith('n') && name.endsWith('!'))).toBe(true);
    expect(await backend.completeSymbols('zzz', 50)).toEqual({ names: [], truncated: false });
  });
});
