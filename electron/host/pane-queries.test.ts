// The structured pane channels against the in-process simulator through the real session core:
// call stack, breakpoint table and disassembly at an address come back as rows that match what
// `k`, `bl` and `u` print, and reading them prints nothing into the console.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse, type ConsoleChunk } from '../../shared/ipc';
import type { SessionBackend, SessionSink } from './backend';
import { createSessionBackend } from './session-backend';

let backend: SessionBackend;
let folder: string;
const consoleChunks: ConsoleChunk[] = [];
const ignore = () => undefined;
const sink: SessionSink = {
  state: ignore,
  paused: ignore,
  handshake: ignore,
  console: (chunk) => consoleChunks.push(chunk),
  log: ignore,
  logCounts: ignore,
  events: ignore,
  pools: ignore,
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

  it('lists breakpoints as rows with id, address, state and filters, without printing', async () => {
    const { paused } = backend.snapshot();
    const lines = await backend.disassemble(paused!.rip, 3);
    const [first, second] = [lines[1].address, lines[2].address];
    expect((await backend.execute(`bp ${first}`)).ok).toBe(true);
    expect((await backend.execute(`bp ${second} core 1 pid 4`)).ok).toBe(true);
    expect((await backend.execute('bd 1')).ok).toBe(true);
    let rows: Awaited<ReturnType<SessionBackend['breakpoints']>> = [];
    expect(await printedBy(async () => (rows = await backend.breakpoints()))).toBe('');
    valid('debug:breakpoints', { breakpoints: rows });
    expect(rows).toEqual([
      { id: 1, address: first, enabled: false, core: null, pid: null, tid: null },
      { id: 2, address: second, enabled: true, core: 1, pid: 4, tid: null },
    ]);
    // The console command still prints the debuggee's table.
    expect(await printedBy(() => backend.execute('bl'))).toMatch(/01 {3}0*[0-9a-f]+ {2}disabled/);
    expect((await backend.execute('bc 1')).ok).toBe(true);
    expect((await backend.execute('bc 2')).ok).toBe(true);
    expect(await backend.breakpoints()).toEqual([]);
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

  it('completes module names the debuggee reported', async () => {
    const all = await backend.completeSymbols('n', 50);
    valid('symbols:complete', all);
    expect(all.names).toContain('nt!');
    expect(all.names.every((name) => name.startsWith('n') && name.endsWith('!'))).toBe(true);
    expect(await backend.completeSymbols('zzz', 50)).toEqual({ names: [], truncated: false });
  });
});
