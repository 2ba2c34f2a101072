import { describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '../transport/transport';
import { createDebuggerService, type ServiceEventMap } from './debugger-service';
import { TEST_PROCESS_ID, TEST_THREAD_ID, TestDebuggee } from '../session/testing/test-debuggee';
import { inProcessSimulator } from './in-process-simulator';

const SIGNATURE = '0.2.0-20250101.1200';

function waitFor<K extends keyof ServiceEventMap>(
  service: ReturnType<typeof createDebuggerService>,
  event: K,
  match: (payload: ServiceEventMap[K]) => boolean = () => true,
): Promise<ServiceEventMap[K]> {
  return new Promise((resolve) => {
    const off = service.on(event, (payload) => {
      if (match(payload)) {
        off();
        resolve(payload);
      }
    });
  });
}

describe('createDebuggerService', () => {
  it('connects, pauses with registers in the context, executes with output, reads memory, disconnects', async () => {
    let debuggee: TestDebuggee | undefined;
    const service = createDebuggerService({
      statsIntervalMs: 0,
      simulator: () => {
        const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
        debuggee = new TestDebuggee(debuggeeSide, { signature: SIGNATURE });
        return Promise.resolve(debuggerSide);
      },
    });
    const running = waitFor(service, 'state', (e) => e.state === 'running');
    expect((await service.connect('sim', { signature: SIGNATURE })).ok).toBe(true);
    debuggee!.ping();
    await running;

    const paused = waitFor(service, 'paused');
    expect((await service.pause()).ok).toBe(true);
    const context = await paused;
    expect(context.registers?.values.rax).toBe(0x1111n);
    // The GUI default also asks for the current process/thread before publishing the halt.
    expect(context.thread?.processId).toBe(TEST_PROCESS_ID);
    expect(context.thread?.threadId).toBe(TEST_THREAD_ID);
    expect(service.pausedContext()?.instruction?.text).toBe('mov rax, qword ptr ss:[rsp+0x08]');

    const result = await service.execute('r rax');
    expect(result).toEqual({ ok: true, output: 'rax=0000000000001111\n' });
    expect((await service.execute('nonsense')).output).toBe("err, couldn't resolve command at 'nonsense'\n");

    const memory = await service.readMemory('virtual', 0x1000n, 4);
    expect(memory).toEqual({ ok: true, address: 0x1000n, bytes: Uint8Array.of(0, 1, 2, 3) });
    const lines = await service.disassembleAtRip(2);
    expect(lines.length).toBeGreaterThan(0);

    await service.disconnect();
    expect(debuggee!.received.slice(-2).map((f) => [f.packetType, f.action])).toEqual([
      [1, 7],
      [2, 2],
    ]);
    expect(service.state).toBe('disconnected');
  });

  it('Break during a step walk on the simulator ends the walk after its step, without a break-in', async () => {
    const service = createDebuggerService({
      statsIntervalMs: 0,
      simulator: inProcessSimulator({ signature: SIGNATURE, rate: 0, pace: 0 }),
    });
    const running = waitFor(service, 'state', (e) => e.state === 'running');
    expect((await service.connect('sim', { signature: SIGNATURE })).ok).toBe(true);
    await running;
    expect((await service.pause()).ok).toBe(true);
    let closedBranches = 0;
    service.on('output', ({ text }) => (closedBranches += text.split('\u2514\u2500\u2500 ').length - 1));
    // v0.23's default count is 0xffffffff steps: only Break ends it. While it walks, timers still
    // fire (the simulated debuggee answers on tasks, as a socket does) so the window stays live.
    const walk = service.execute('!track');
    while (closedBranches < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const breakIn = vi.spyOn(service.current!.session, 'pause');
    expect((await service.pause()).ok).toBe(true);
    expect((await walk).ok).toBe(true);
    expect(breakIn).not.toHaveBeenCalled();
    expect(service.state).toBe('paused');
    expect((await service.execute('r rip')).output).toMatch(/^rip=[0-9a-f]{16}\n$/);
    await service.disconnect();
  });

  it('reports a lost link and reconnects to the same endpoint', async () => {
    const debuggees: TestDebuggee[] = [];
    const sides: { close(): Promise<void> }[] = [];
    const service = createDebuggerService({
      statsIntervalMs: 0,
      simulator: () => {
        const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
        debuggees.push(new TestDebuggee(debuggeeSide, { signature: SIGNATURE }));
        sides.push(debuggeeSide);
        return Promise.resolve(debuggerSide);
      },
    });
    let running = waitFor(service, 'state', (e) => e.state === 'running');
    await service.connect('sim', { signature: SIGNATURE });
    debuggees[0]!.ping();
    await running;
    const lost = waitFor(service, 'diagnostic', (e) => e.code === 'link-lost');
    await sides[0]!.close();
    await lost;
    expect(service.state).toBe('disconnected');
    running = waitFor(service, 'state', (e) => e.state === 'running');
    expect((await service.reconnect()).ok).toBe(true);
    debuggees[1]!.ping();
    await running;
    expect(service.state).toBe('running');
    await service.disconnect();
  });

  it('applies a configured symbol path to the next session and to the current one', async () => {
    const service = createDebuggerService({
      statsIntervalMs: 0,
      symbolPath: '/first',
      simulator: () => {
        const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
        new TestDebuggee(debuggeeSide, { signature: SIGNATURE });
        return Promise.resolve(debuggerSide);
      },
    });
    service.configureSymbols('/second', false);
    await service.connect('sim', { signature: SIGNATURE });
    expect(service.current?.symbols.symbolPath).toBe('/second');
    service.configureSymbols('srv*/cache*https://example.test/symbols', false);
    expect(service.current?.symbols.symbolPath).toBe('srv*/cache*https://example.test/symbols');
    expect((await service.execute('.sympath')).output).toBe(
      'current symbol server is : srv*/cache*https://example.test/symbols\n',
    );
    await service.disconnect();
  });

  it("gives the session's symbol resolver the download opt-in and keeps it across .sympath", async () => {
    const service = createDebuggerService({
      statsIntervalMs: 0,
      simulator: () => {
        const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
        new TestDebuggee(debuggeeSide, { signature: SIGNATURE });
        return Promise.resolve(debuggerSide);
      },
    });
    await service.connect('sim', { signature: SIGNATURE });
    expect(service.current?.symbols.allowDownload).toBe(false);
    expect((await service.execute('.sym download')).output).toContain('symbol download is disabled');
    service.configureSymbols('srv*/cache*https://example.test/symbols', true);
    expect(service.current?.symbols.allowDownload).toBe(true);
    await service.execute('.sympath srv*/other*https://example.test/symbols');
    expect(service.current?.symbols.allowDownload).toBe(true);
    service.configureSymbols('srv*/cache*https://example.test/symbols', false);
    expect(service.current?.symbols.allowDownload).toBe(false);
    await service.disconnect();

    // The opt-in set while disconnected reaches the next session's resolver.
    service.configureSymbols('srv*/cache*https://example.test/symbols', true);
    await service.connect('sim', { signature: SIGNATURE });
    expect(service.current?.symbols.allowDownload).toBe(true);
    await service.disconnect();
  });

  it('explains a bad endpoint and a bad signature without connecting', async () => {
    const service = createDebuggerService({ statsIntervalMs: 0 });
    expect((await service.connect('com2', { signature: SIGNATURE })).output).toMatch(/not an endpoint/);
    expect((await service.connect('tcp:127.0.0.1:9', { signature: 'latest' })).output).toMatch(
      /not a HyperDbg build signature/,
    );
  });
});
