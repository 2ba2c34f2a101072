/**
 * `hds mcp` end to end: the MCP SDK's own client starts `hds mcp` over stdio (and over loopback
 * HTTP) and drives a simulated debuggee running as its own process (`hds sim`), as an agent would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';

const HDS = fileURLToPath(new URL('../../bin/hds.mjs', import.meta.url));
const SIGNATURE = '0.2.0-20240607.0930';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `hds sim` as its own process (so the test can freeze it), and the endpoint it listens on. */
async function startSimulator(): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(
    process.execPath,
    [HDS, 'sim', '--listen', 'tcp:127.0.0.1:0', '--signature', SIGNATURE, '--cores', '2', '--rate', '200'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cleanups.push(async () => {
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited(child);
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /connect with: hds connect (tcp:\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`hds sim exited (${code}): ${output}`)));
  });
  return { child, endpoint };
}

async function startMcp(): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [HDS, 'mcp'],
    stderr: 'pipe',
  });
  const client = new Client({ name: 'hds-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return { client, transport };
}

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The structured content of a successful call (fails the test with the tool's text otherwise). */
async function ok<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await call(client, name, args);
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  expect(result.isError ?? false, `${name}: ${text}`).toBe(false);
  return result.structuredContent as T;
}

const textOf = (result: CallToolResult): string =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

interface Forecast {
  fits: boolean;
  errorCode: string | null;
  remedies: { type: string; count: number; command: string }[];
}
interface BuiltEvent {
  command: string;
  valid: boolean;
  forecast: Forecast | null;
  applied: { ok: boolean; output: string } | null;
}

describe('hds mcp over stdio against the simulated debuggee', () => {
  it('runs a scripted agent session: connect, pause, an event with a script action, continue, logs, pool exhaustion and prealloc, close', async () => {
    const { endpoint } = await startSimulator();
    const { client } = await startMcp();

    const connected = await ok<{
      ok: boolean;
      debuggee: { osName: string } | null;
      session: { state: string };
    }>(client, 'connect', { endpoint, signature: SIGNATURE });
    expect(connected.ok).toBe(true);
    expect(connected.debuggee?.osName).toMatch(/Windows/);
    expect(connected.session.state).toBe('running');

    const paused = await ok<{
      halt: { reason: string; rip: string };
      session: { state: string; rip: string };
    }>(client, 'pause');
    expect(paused.session.state).toBe('paused');
    expect(paused.halt.reason).toBe('REQUEST_FROM_DEBUGGER');
    expect(paused.session.rip).toBe(paused.halt.rip);

    // Long output comes in pages under a handle.
    const registers = await ok<{
      output: string;
      outputHandle: string;
      nextOffset: number;
      totalChars: number;
    }>(client, 'run_command', { command: 'r', pageChars: 100 });
    expect(registers.output).toHaveLength(100);
    expect(registers.outputHandle).toMatch(/^out-\d+$/);
    const rest = await ok<{ text: string; nextOffset: number | null }>(client, 'read_output', {
      outputHandle: registers.outputHandle,
      offset: registers.nextOffset,
      pageChars: 100_000,
    });
    expect(registers.output + rest.text).toMatch(/^RAX=[0-9a-f]{16} [\s\S]*RFLAGS=[0-9a-f]{16}\n$/);
    expect(rest.nextOffset).toBeNull();
    const named = await ok<{ registers: Record<string, string> }>(client, 'read_registers', {
      names: ['rip'],
    });
    expect(named.registers.rip).toBe(paused.halt.rip);

    const built = await ok<BuiltEvent>(client, 'build_event', {
      spec: { command: 'syscall', action: { kind: 'script', script: 'printf("syscall %llx\\n", @rax);' } },
      apply: true,
    });
    expect(built.command).toBe('!syscall script {\nprintf("syscall %llx\\n", @rax);\n}');
    expect(built.forecast).toMatchObject({ fits: true, errorCode: null });
    expect(built.applied?.ok).toBe(true);
    const listed = await ok<{ events: { id: number; actions: string[]; state: string }[] }>(client, 'events');
    expect(listed.events).toEqual([
      expect.objectContaining({ id: 0, actions: ['script'], state: 'enabled' }),
    ]);

    const resumed = await ok<{ haltHandle: string; session: { state: string } }>(client, 'continue');
    expect(resumed.session.state).toBe('running');
    expect(resumed.haltHandle).toMatch(/^halt-\d+$/);
    // Nothing halts the debuggee on its own here: the wait ends at its timeout.
    const waited = await ok<{ halted: boolean; timedOut: boolean }>(client, 'wait_for_halt', {
      haltHandle: resumed.haltHandle,
      timeoutMs: 500,
    });
    expect(waited).toMatchObject({ halted: false, timedOut: true });
    await ok(client, 'pause');
    // The pause is the halt the handle waited for: waiting again answers at once.
    expect(
      await ok(client, 'wait_for_halt', { haltHandle: resumed.haltHandle, timeoutMs: 500 }),
    ).toMatchObject({
      halted: true,
      halt: expect.objectContaining({ reason: 'REQUEST_FROM_DEBUGGER' }),
    });

    const found = await ok<{ rows: { text: string; stage: string; eventTag: string }[] }>(client, 'logs', {
      filter: { text: 'syscall' },
      limit: 5,
    });
    expect(found.rows.length).toBeGreaterThan(0);
    expect(found.rows[0]).toMatchObject({ stage: 'pre', eventTag: '0x1000000' });
    expect(found.rows[0]!.text).toMatch(/^syscall [0-9a-f]+\n$/);
    const counted = await ok<{ total: number }>(client, 'logs', {
      action: 'count',
      filter: { eventTag: 0x1000000 },
    });
    expect(counted.total).toBeGreaterThanOrEqual(found.rows.length);

    // Pool exhaustion: add script events until the ledger predicts the debuggee's rejection.
    await ok(client, 'pools', { refresh: true });
    const cpuid = { command: 'cpuid', action: { kind: 'script', script: 'printf("cpuid\\n");' } };
    let forecast = (await ok<BuiltEvent>(client, 'build_event', { spec: cpuid })).forecast!;
    for (let applied = 0; forecast.fits && applied < 40; applied++) {
      expect((await ok<BuiltEvent>(client, 'build_event', { spec: cpuid, apply: true })).applied?.ok).toBe(
        true,
      );
      forecast = (await ok<BuiltEvent>(client, 'build_event', { spec: cpuid })).forecast!;
    }
    expect(forecast).toMatchObject({
      fits: false,
      errorCode: '0xc0000042',
      remedies: [{ type: 'regular-event', count: 1, command: 'prealloc regular-event 1' }],
    });
    // Applied anyway (the console would send it): the debuggee rejects it as forecast.
    const rejected = await ok<BuiltEvent>(client, 'build_event', { spec: cpuid, apply: true });
    expect(rejected.applied?.ok).toBe(false);
    expect(rejected.applied?.output).toMatch(/c0000042/i);

    const refilled = await ok<{ pools: { intention: string; free: number }[]; session: { state: string } }>(
      client,
      'pools',
      {
        prealloc: { type: 'regular-event', count: 16 },
        refresh: true,
      },
    );
    expect(refilled.session.state).toBe('paused');
    expect(
      refilled.pools.find((p) => p.intention === 'INSTANT_REGULAR_EVENT_BUFFER')!.free,
    ).toBeGreaterThanOrEqual(16);
    expect((await ok<BuiltEvent>(client, 'build_event', { spec: cpuid })).forecast).toMatchObject({
      fits: true,
    });

    expect((await ok<{ ok: boolean }>(client, 'events', { action: 'clear', id: 'all' })).ok).toBe(true);
    const closed = await ok<{ ok: boolean; session: { state: string } }>(client, 'disconnect');
    expect(closed).toMatchObject({ ok: true, session: { state: 'disconnected' } });
  }, 120_000);

  it('answers bad tool inputs with schema errors and refuses what needs a session', async () => {
    const { client } = await startMcp();
    const invalid = async (name: string, args: Record<string, unknown>, field: RegExp) => {
      const result = await call(client, name, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Input validation error/);
      expect(textOf(result)).toMatch(field);
    };
    await invalid('run_command', { command: 12 }, /command/);
    await invalid('run_command', { command: 'r', timeoutMs: 10 * 60 * 60 * 1000 }, /timeoutMs/);
    await invalid('read_memory', { address: '1000', length: 0 }, /length/);
    await invalid('step', { kind: 'sideways' }, /kind/);
    await invalid('connect', { endpoint: 'sim', signature: '0.23' }, /signature/);
    await invalid('build_event', { spec: { command: 'cpuid', action: { kind: 'script' } } }, /script/);
    await invalid('logs', { action: 'search', limit: 100_000 }, /limit/);

    const notConnected = await call(client, 'pause');
    expect(notConnected.isError).toBe(true);
    expect(textOf(notConnected)).toMatch(/not connected.*connect first/);
    const unknown = await call(client, 'no_such_tool');
    expect(unknown.isError).toBe(true);

    // The built-in simulated debuggee needs no signature; the script compiler needs no debuggee.
    expect(await ok(client, 'connect', { endpoint: 'sim' })).toMatchObject({ ok: true });
    const compiled = await ok<{ ok: boolean; error: string }>(client, 'compile_script', { script: 'x = ;' });
    expect(compiled).toMatchObject({
      ok: false,
      error: 'Line 0:\nx = ;\n    ^\nSyntax Error: Invalid Syntax',
    });
    expect((await client.readResource({ uri: 'hds://commands/g' })).contents[0]).toMatchObject({
      text: 'g : continues debuggee or continues processing kernel messages.\n',
    });
    const reference = (await client.readResource({ uri: 'hds://script-language' })).contents[0] as {
      text: string;
    };
    expect(reference.text).toContain('`printf(');
  }, 60_000);

  it('resolves symbols, steps, and writes registers and memory that read back', async () => {
    const { client } = await startMcp();
    expect(await ok(client, 'connect', { endpoint: 'sim' })).toMatchObject({ ok: true });
    await ok(client, 'pause');
    const found = await ok<{ address: string }>(client, 'symbols', {
      action: 'lookup',
      query: 'nt!ExAllocatePoolWithTag',
    });
    expect(found.address).toMatch(/^0xfffff801[0-9a-f]{8}$/);
    const searched = await ok<{ matches: { address: string; name: string }[] }>(client, 'symbols', {
      action: 'search',
      query: 'nt!ExAllocatePool*',
    });
    expect(searched.matches).toContainEqual({
      address: found.address,
      module: 'nt',
      name: 'ExAllocatePoolWithTag',
    });
    expect(await ok(client, 'symbols', { action: 'address', query: found.address.slice(2) })).toMatchObject({
      name: 'nt!ExAllocatePoolWithTag',
    });

    const stepped = await ok<{ ok: boolean; session: { pauseReason: string } }>(client, 'step', {
      kind: 'over',
    });
    expect(stepped).toMatchObject({ ok: true, session: { pauseReason: 'DEBUGGEE_STEPPED' } });

    expect((await ok<{ ok: boolean }>(client, 'write_register', { name: 'rax', value: '1234' })).ok).toBe(
      true,
    );
    expect(await ok(client, 'read_registers', { names: ['@rax'] })).toMatchObject({
      registers: { rax: '0x1234' },
    });
    const address = found.address.slice(2);
    expect((await ok<{ ok: boolean }>(client, 'write_memory', { address, bytes: '90 90 cc' })).ok).toBe(true);
    expect(await ok(client, 'read_memory', { address: 'nt!ExAllocatePoolWithTag', length: 3 })).toMatchObject(
      {
        address: found.address,
        hex: '9090cc',
      },
    );
  }, 60_000);

  it('reports progress while it waits, and a cancelled wait breaks in like CTRL+C', async () => {
    const { client } = await startMcp();
    expect(await ok(client, 'connect', { endpoint: 'sim' })).toMatchObject({ ok: true });
    const progress: { progress: number; message?: string }[] = [];
    const waited = (await client.callTool(
      { name: 'wait_for_halt', arguments: { timeoutMs: 2500 } },
      undefined,
      {
        onprogress: (update) => progress.push(update),
      },
    )) as CallToolResult;
    expect(waited.structuredContent).toMatchObject({ halted: false, timedOut: true });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]!.message).toMatch(/^waiting for the next halt \(\d+ s\)$/);

    const cancel = new AbortController();
    const cancelled = client.callTool(
      { name: 'wait_for_halt', arguments: { timeoutMs: 60_000 } },
      undefined,
      {
        signal: cancel.signal,
      },
    );
    setTimeout(() => cancel.abort(), 300);
    await expect(cancelled).rejects.toThrow();
    // The server stopped waiting and paused the debuggee that the wait was for.
    let state = '';
    for (let tries = 0; tries < 50 && state !== 'paused'; tries++) {
      state = (await ok<{ session: { state: string } }>(client, 'status')).session.state;
      if (state !== 'paused') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toBe('paused');
  }, 60_000);

  it('ends a call on a frozen debuggee with a timeout instead of hanging', async () => {
    const { child, endpoint } = await startSimulator();
    const { client } = await startMcp();
    expect(await ok(client, 'connect', { endpoint, signature: SIGNATURE })).toMatchObject({ ok: true });
    await ok(client, 'pause');
    child.kill('SIGSTOP');

    const started = Date.now();
    const frozen = await ok<{ ok: boolean; timedOut: boolean; session: { state: string } }>(
      client,
      'run_command',
      {
        command: 'r',
        timeoutMs: 1000,
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(frozen).toMatchObject({ ok: false, timedOut: true, session: { state: 'paused' } });

    // The debuggee is paused, so '.debug close' needs no break-in: the close packet is written
    // (a frozen peer's socket still takes it) and the link is released here, within the bound.
    const closing = Date.now();
    const closed = await ok<{ ok: boolean; session: { state: string } }>(client, 'disconnect', {
      timeoutMs: 1000,
    });
    expect(Date.now() - closing).toBeLessThan(5000);
    expect(closed.ok).toBe(true);
    expect(['closed', 'disconnected']).toContain(closed.session.state);
  }, 60_000);
});

describe('hds mcp over loopback HTTP', () => {
  it('serves only requests with the token', async () => {
    const token = 'test-token-0123456789abcdef';
    const child = spawn(process.execPath, [HDS, 'mcp', '--http', '0', '--token', token], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited(child);
    });
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /serving (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hds mcp exited (${code}): ${stderr}`)));
    });

    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(anonymous.status).toBe(401);

    const client = new Client({ name: 'hds-mcp-http-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    cleanups.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['connect', 'run_command', 'wait_for_halt', 'logs']),
    );
    expect(await ok(client, 'status')).toMatchObject({ endpoint: null, session: { state: 'disconnected' } });
  }, 60_000);
});
