// Browser mode end to end in Node: startBrowserHost against the in-process simulator, driven
// through the same IPC client the renderer uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createIpcClient,
  createWebSocketTransport,
  ipcSocketUrl,
  type IpcClient,
  type SessionBatch,
} from '../../shared/ipc';
import { startBrowserHost, type BrowserHostHandle } from './browser-host';

let handle: BrowserHostHandle;
let client: IpcClient;
let socket: WebSocket;
const batches: SessionBatch[] = [];

async function until(predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  handle = await startBrowserHost({ endpoint: 'sim' });
  const origin = new URL(handle.url).origin;
  socket = new WebSocket(ipcSocketUrl(origin, handle.token), { headers: { origin } });
  const transport = createWebSocketTransport(socket as never);
  await transport.ready;
  client = createIpcClient(transport);
  client.on('session:batch', (batch) => batches.push(batch));
  // The handshake may finish before this socket opened: ask for the state, as the renderer does.
  let phase = '';
  await until(() => {
    void client.invoke('session:snapshot', {}).then((snapshot) => (phase = snapshot.state.phase));
    return phase === 'running';
  }, 'the simulator handshake');
});

afterAll(async () => {
  socket?.close();
  await handle?.close();
});

describe('startBrowserHost with the simulator', () => {
  it('reaches running over the sim endpoint and reports the handshake', async () => {
    const snapshot = await client.invoke('session:snapshot', {});
    expect(snapshot.state).toMatchObject({ phase: 'running', endpoint: 'sim' });
    expect(snapshot.handshake.stage).toBe('started');
  });

  it('pauses and pushes a paused context with registers and disassembly at RIP', async () => {
    await expect(client.invoke('debug:pause', {})).resolves.toEqual({ ok: true, message: null });
    await until(() => batches.some((b) => (b.paused?.disassembly.length ?? 0) > 1), 'disassembly around RIP');
    const paused = batches
      .map((b) => b.paused)
      .filter((p) => p)
      .at(-1)!;
    expect(paused.registers.map((r) => r.name)).toEqual(expect.arrayContaining(['rax', 'rip', 'rsp']));
    expect(paused.registers.find((r) => r.name === 'rip')?.value).toBe(paused.rip);
    expect(paused.disassembly[0]).toMatchObject({ address: paused.rip, current: true });
    const console = batches.flatMap((b) => b.console.map((c) => c.text)).join('');
    expect(console).toContain('0: kHyperDbg> pause\n');
  });

  it('reads memory at RIP with the bytes the disassembly shows', async () => {
    const { paused } = await client.invoke('session:snapshot', {});
    const first = paused!.disassembly[0];
    const memory = await client.invoke('memory:read', { kind: 'virtual', address: paused!.rip, length: 16 });
    expect(memory.bytes.startsWith(first.bytes)).toBe(true);
  });

  it('reads control and debug registers from the debuggee, writes one and reads it back', async () => {
    const before = batches.length;
    const first = await client.invoke('registers:read', { names: ['cr0', 'cr4', 'dr7', 'gdtr'] });
    expect(first.registers.map((r) => r.name)).toEqual(['cr0', 'cr4', 'dr7', 'gdtr']);
    for (const r of first.registers)
      expect(r).toMatchObject({ value: expect.stringMatching(/^[0-9a-f]+$/), error: null });
    // PG and PE are set on a running 64-bit kernel.
    expect(BigInt(`0x${first.registers[0]!.value}`) & 0x80000001n).toBe(0x80000001n);
    await client.invoke('registers:write', { name: 'dr0', value: 'fffff80000001000' });
    const back = await client.invoke('registers:read', { names: ['dr0'] });
    expect(back.registers[0]!.value).toBe('fffff80000001000');
    // Nothing of the reads reached the console.
    const text = batches
      .slice(before)
      .flatMap((b) => b.console.map((c) => c.text))
      .join('');
    expect(text).not.toMatch(/cr0=|dr7=|gdtr=/);
  });

  it('writes a register and memory, and reads them back', async () => {
    await expect(client.invoke('registers:write', { name: 'rax', value: 'dead' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    const before = batches.length;
    await expect(client.invoke('console:execute', { text: 'r rax' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    await until(
      () => batches.slice(before).some((b) => b.console.some((c) => c.text.includes('rax='))),
      'the r output',
    );
    const output = batches
      .slice(before)
      .flatMap((b) => b.console.map((c) => c.text))
      .join('');
    expect(output).toContain('rax=000000000000dead');

    const { paused } = await client.invoke('session:snapshot', {});
    const stack = paused!.registers.find((r) => r.name === 'rsp')!.value;
    await expect(
      client.invoke('memory:write', { kind: 'virtual', address: stack, bytes: '0102a0ff' }),
    ).resolves.toEqual({ ok: true, message: null });
    const memory = await client.invoke('memory:read', { kind: 'virtual', address: stack, length: 4 });
    expect(memory.bytes).toBe('0102a0ff');
  });

  it('refreshes pool counts through test pool', async () => {
    const pools = await client.invoke('pool:refresh', {});
    expect(pools.refreshedAt).not.toBeNull();
    const regularEvents = pools.counts.find((c) => c.name === 'INSTANT_REGULAR_EVENT_BUFFER');
    expect(regularEvents?.total).toBeGreaterThan(0);
  });

  it('forecasts pool exhaustion, applies the prealloc remedy, and modifies events', async () => {
    const command = '!cpuid script { printf("cpuid\\n"); }';
    let warnings = (await client.invoke('pool:forecast', { commandText: command })).warnings;
    for (let applied = 0; warnings.length === 0 && applied < 40; applied++) {
      await expect(client.invoke('console:execute', { text: command })).resolves.toMatchObject({ ok: true });
      warnings = (await client.invoke('pool:forecast', { commandText: command })).warnings;
    }
    expect(warnings[0]).toMatchObject({
      severity: 'error',
      errorCode: 0xc0000042,
      remedy: [{ type: 'regular-event', count: 1 }],
    });

    await expect(client.invoke('pool:prealloc', { type: 'regular-event', count: 16 })).resolves.toEqual({
      ok: true,
      message: null,
    });
    // prealloc is forwarded to the debuggee's user mode: it resumes, allocates and halts again.
    expect((await client.invoke('session:snapshot', {})).state.phase).toBe('paused');
    expect((await client.invoke('pool:forecast', { commandText: command })).warnings).toEqual([]);

    const first = (await client.invoke('session:snapshot', {})).events[0];
    await expect(client.invoke('events:modify', { action: 'disable', tag: first.tag })).resolves.toEqual({
      ok: true,
      message: null,
    });
    await expect(client.invoke('events:modify', { action: 'clear', tag: 'all' })).resolves.toEqual({
      ok: true,
      message: null,
    });
    const events = (await client.invoke('session:snapshot', {})).events;
    expect(events.every((row) => row.state === 'clear-pending')).toBe(true);
  });

  it('reports a failing command with its message and keeps the session usable', async () => {
    const outcome = await client.invoke('console:execute', { text: 'notacommand' });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^err, couldn't resolve command at 'notacommand'/);
    await expect(client.invoke('console:execute', { text: 'r rax' })).resolves.toEqual({
      ok: true,
      message: null,
    });
  });

  it('continues, stores logs, and answers log queries and counts', async () => {
    await expect(client.invoke('debug:run', { action: 'go' })).resolves.toEqual({ ok: true, message: null });
    await until(() => batches.some((b) => b.state?.phase === 'running'), 'running again');
    const { total } = await client.invoke('logs:count', {
      session: null,
      filter: { stage: 'all' },
      requestId: null,
    });
    const page = await client.invoke('logs:query', {
      session: null,
      filter: { stage: 'all' },
      afterId: null,
      beforeId: null,
      limit: 5,
      requestId: null,
    });
    expect(page.entries.length).toBe(Math.min(5, total));
    expect(page.entries.map((e) => e.id)).toEqual([...page.entries.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('says so when a full-text query cannot be parsed', async () => {
    const call = client.invoke('logs:query', {
      session: null,
      filter: { stage: 'all', text: 'AND "', textMode: 'fts' },
      afterId: null,
      beforeId: null,
      limit: 10,
      requestId: null,
    });
    await expect(call).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/is not a valid full-text query/),
    });
    const substring = await client.invoke('logs:count', {
      session: null,
      filter: { stage: 'all', text: 'AND "', textMode: 'substring' },
      requestId: null,
    });
    expect(substring.total).toBeGreaterThanOrEqual(0);
  });

  it("exports logs to a file the page can download with its cookie and the link's key", async () => {
    const exported = await client.invoke('logs:export', {
      session: null,
      requestId: null,
      format: 'jsonl',
      filter: { stage: 'all' },
      path: null,
    });
    expect(exported.downloadUrl).toMatch(/^exports\/hds-logs-[0-9A-Za-z-]+\.jsonl\?key=[\w-]{32}$/);
    const url = new URL(exported.downloadUrl!, handle.url).href;
    expect((await fetch(url)).status).toBe(403);
    const cookie = ((await fetch(handle.url)).headers.get('set-cookie') ?? '').split(';')[0];
    // The cookie reaches every server on 127.0.0.1: without the key it does not open the file.
    expect((await fetch(url.replace(/\?key=.*$/, ''), { headers: { cookie } })).status).toBe(404);
    const download = await fetch(url, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="hds-logs-/);
    const lines = (await download.text()).split('\n').filter((line) => line !== '');
    expect(lines.length).toBe(exported.count);
  });

  it('disconnects on request (.debug close) and says so', async () => {
    await expect(client.invoke('session:disconnect', {})).resolves.toEqual({ ok: true, message: null });
    await until(() => batches.some((b) => b.state?.phase === 'disconnected'), 'disconnected');
  });
});
