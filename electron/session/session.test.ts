import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../shared/protocol/frame';
import { createMemoryTransportPair } from '../transport/transport';
import {
  TEST_EPROCESS,
  TEST_ETHREAD,
  TEST_OS_NAME,
  TEST_PROCESS_ID,
  TEST_PROCESS_NAME,
  TEST_THREAD_ID,
  TestDebuggee,
} from './testing/test-debuggee';
import { createCommandSession, type CommandSession } from '../app/wiring';
import type { HaltContext, SessionDiagnostic } from './link';
import { CLOSE_BOUND_MS } from './session';
import type { SessionSettings } from '../ports/services';

const SIGNATURE = '0.2.0-20250101.1200';

interface Harness {
  readonly wired: CommandSession;
  readonly debuggee: TestDebuggee;
  output: string;
  readonly diagnostics: SessionDiagnostic[];
  /** Frames the debuggee received since the last call, as hex. */
  sentSinceMark(): string[];
  mark(): void;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface HarnessOptions {
  paused?: boolean;
  instruction?: number[];
  settings?: Partial<SessionSettings>;
  threadDetailsTimeoutMs?: number;
}

async function connected(options: HarnessOptions = {}): Promise<Harness> {
  const [debuggerSide, debuggeeSide] = createMemoryTransportPair();
  const harness = {
    output: '',
    diagnostics: [] as SessionDiagnostic[],
    markAt: 0,
  } as Harness & { markAt: number };
  const wired = createCommandSession({
    signature: SIGNATURE,
    output: (text) => (harness.output += text),
    handshakeStallMs: 50,
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.threadDetailsTimeoutMs ? { threadDetailsTimeoutMs: options.threadDetailsTimeoutMs } : {}),
  });
  const debuggee = new TestDebuggee(debuggeeSide, {
    signature: SIGNATURE,
    ...(options.instruction ? { instruction: options.instruction } : {}),
  });
  Object.assign(harness, {
    wired,
    debuggee,
    sentSinceMark: () =>
      debuggee.received
        .slice(harness.markAt)
        .map((f) => Buffer.from(encodeFrame(f.packetType, f.action, f.payload)).toString('hex')),
    mark: () => {
      harness.markAt = debuggee.received.length;
      harness.output = '';
    },
  });
  wired.session.on('diagnostic', (d) => harness.diagnostics.push(d));
  wired.session.attach(debuggerSide);
  debuggee.ping();
  await settle();
  if (options.paused) {
    await wired.session.pause(1000);
    await settle();
  }
  harness.mark();
  return harness;
}

const hex = (packetType: number, action: number, payload: Uint8Array = new Uint8Array(0)): string =>
  Buffer.from(encodeFrame(packetType, action, payload)).toString('hex');

describe('DebuggerSession handshake', () => {
  it('answers PING with the signature and reaches running after the symbols', async () => {
    const h = await connected();
    expect(h.debuggee.received.map((f) => [f.packetType, f.action])).toEqual([[2, 3]]);
    expect(Buffer.from(h.debuggee.received[0]!.payload).toString('latin1')).toBe(`${SIGNATURE}\0`);
    expect(h.wired.session.state).toBe('running');
    expect(h.wired.session.debuggee?.osName).toBe(TEST_OS_NAME);
    expect(h.wired.session.modules).toHaveLength(2);
  });

  function handshaking(debuggeeSignature = SIGNATURE) {
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair('serial:COM2@115200');
    const wired = createCommandSession({
      signature: SIGNATURE,
      output: () => undefined,
      handshakeStallMs: 60,
    });
    const diagnostics: SessionDiagnostic[] = [];
    wired.session.on('diagnostic', (d) => diagnostics.push(d));
    const debuggee = new TestDebuggee(debuggeeSide, { signature: debuggeeSignature });
    wired.session.attach(debuggerSide);
    const stalls = () => diagnostics.filter((d) => d.code === 'handshake-stalled').map((d) => d.message);
    return { wired, debuggee, diagnostics, stalls };
  }
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('no PING at all: says the handshake has not started, wrong port or no .debug prepare, and what to do', async () => {
    const { stalls } = handshaking();
    await wait(100);
    expect(stalls()).toHaveLength(1);
    expect(stalls()[0]).toMatch(
      /^the handshake has not started: no PING from the debuggee on serial:COM2@115200/,
    );
    expect(stalls()[0]).toMatch(
      /\nNext: check that this is the debuggee's port or pipe .* '\.debug prepare serial/,
    );
    expect(stalls()[0]).not.toMatch(/mismatch/);
  });

  it('one PING, then silence after our reply: the debuggee aborted, a build mismatch, and how to find its signature', async () => {
    const { debuggee, wired, stalls } = handshaking('0.2.0-20990101.0000');
    debuggee.ping();
    await settle();
    expect(stalls()).toEqual([]);
    await wait(100);
    expect(stalls()).toHaveLength(1);
    expect(stalls()[0]).toMatch(/received our version string '0\.2\.0-20250101\.1200' and went silent/);
    expect(stalls()[0]).toMatch(/mismatch between the version\/build/);
    expect(stalls()[0]).toMatch(
      /\nNext: pass the debuggee's own build signature with --signature .*--detect-signature/,
    );
    expect(wired.session.state).toBe('handshaking');
  });

  it('PINGs that repeat after our reply: the reply does not arrive intact (baud rate, a second program)', async () => {
    const { debuggee, stalls } = handshaking('0.2.0-20990101.0000');
    debuggee.ping();
    await settle();
    debuggee.ping();
    await settle();
    expect(stalls()).toEqual([expect.stringMatching(/^the debuggee keeps pinging \(2 PINGs answered\)/)]);
    expect(stalls()[0]).toMatch(/\nNext: check that both sides use the same baud rate/);
    await wait(100);
    expect(stalls()).toHaveLength(1);
  });

  it('a PING mid-session (reboot) is announced, re-handshakes, and never reads as a mismatch, however often', async () => {
    const h = await connected();
    for (let reboot = 1; reboot <= 3; reboot++) {
      h.debuggee.ping();
      await settle();
      expect(h.wired.session.state).toBe('running');
      expect(h.diagnostics.filter((d) => d.code === 'debuggee-restarted')).toHaveLength(reboot);
    }
    expect(h.diagnostics.find((d) => d.code === 'debuggee-restarted')?.message).toMatch(
      /handshaking again \(it rebooted or ran '\.debug prepare' again\)/,
    );
    await wait(100);
    expect(h.diagnostics.filter((d) => d.code === 'handshake-stalled')).toEqual([]);
    expect(h.output.match(/connected to debuggee/g)).toHaveLength(3);
  });

  it('a PING mid-session with no STARTED after it is diagnosed like any handshake', async () => {
    const h = await connected();
    h.debuggee.frozen = true;
    h.debuggee.ping();
    await settle();
    expect(h.wired.session.state).toBe('handshaking');
    await wait(100);
    expect(h.diagnostics.filter((d) => d.code === 'handshake-stalled').map((d) => d.message)).toEqual([
      expect.stringMatching(/went silent/),
    ]);
  });
});

describe('bounded waits against a frozen debuggee', () => {
  it('pause(timeout) honours its own timeout while an earlier break-in is pending, and sends one pause frame', async () => {
    const h = await connected();
    h.debuggee.frozen = true;
    const first = h.wired.session.pause(60_000);
    first.catch(() => undefined);
    const started = Date.now();
    await expect(h.wired.session.pause(80)).rejects.toThrow(
      /did not halt within 80 ms \(the break-in request stays pending\).*Ctrl\+C again in 'hds connect', Force disconnect/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.sentSinceMark()).toEqual([hex(2, 1)]);
    await h.wired.session.forceEnd();
    await expect(first).rejects.toThrow(/ended without waiting/);
  });

  it('.debug close on a frozen running debuggee gives up after the break-in bound and releases the link', async () => {
    const h = await connected();
    h.debuggee.frozen = true;
    const started = Date.now();
    await h.wired.session.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2900);
    expect(took).toBeLessThan(CLOSE_BOUND_MS);
    expect(h.wired.session.state).toBe('closed');
    expect(h.diagnostics.map((d) => d.code)).toContain('close-without-pause');
  });

  it('forceEnd fails the request in flight at once, says so, and frees the link', async () => {
    const h = await connected({ paused: true });
    h.debuggee.frozen = true;
    const read = h.wired.dispatcher.execute('r');
    await settle();
    await h.wired.session.forceEnd();
    await expect(read).resolves.toMatchObject({ ok: false });
    expect(h.wired.session.state).toBe('disconnected');
    expect(h.output).toMatch(
      /the session was ended here without waiting for the debuggee \(it may still be halted, or running with HyperDbg loaded\); memory is free again/,
    );
  });
});

describe('pause and paused context', () => {
  it('breaks in with t2 a1 and shows the instruction like HyperDbg', async () => {
    const h = await connected();
    const context = await h.wired.session.pause(1000);
    expect(h.sentSinceMark()).toEqual([hex(2, 1)]);
    expect(context.reasonName).toBe('REQUEST_FROM_DEBUGGER');
    expect(context.instruction?.text).toBe('mov rax, qword ptr ss:[rsp+0x08]');
    expect(h.output).toContain(
      'fffff801`63a1b2c3    48 8B 44 24 08                      mov rax, qword ptr ss:[rsp+0x08]\n',
    );
  });
});

describe('current process and thread after a halt (fetchThreadDetailsOnPause)', () => {
  /** `.thread` without arguments: DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET (104 bytes), ActionType 1. */
  const threadDetailsRequest = hex(
    1,
    14,
    Uint8Array.from({ length: 104 }, (_, i) => (i === 0 ? 1 : 0)),
  );
  const readAllRegisters = hex(
    1,
    21,
    Uint8Array.from({ length: 24 }, (_, i) => (i < 4 ? 0xff : 0)),
  );
  const expectedThread = {
    processId: TEST_PROCESS_ID,
    threadId: TEST_THREAD_ID,
    process: TEST_EPROCESS,
    thread: TEST_ETHREAD,
    processName: TEST_PROCESS_NAME,
  };

  it('reads registers, then asks for the thread details once, and only then publishes the halt', async () => {
    const h = await connected({ settings: { fetchRegistersOnPause: true, fetchThreadDetailsOnPause: true } });
    const published: HaltContext[] = [];
    h.wired.session.on('paused', (context) => published.push(context));
    const context = await h.wired.session.pause(1000);
    expect(h.sentSinceMark()).toEqual([hex(2, 1), readAllRegisters, threadDetailsRequest]);
    expect(published).toEqual([context]);
    expect(context.thread).toEqual(expectedThread);
    expect(context.registers?.values.rax).toBe(0x1111n);
    expect(h.wired.session.pausedContext).toBe(context);
    expect(h.diagnostics).toEqual([]);
  });

  it('asks again on every halt, after a core switch too, and sends nothing else', async () => {
    const h = await connected({ paused: true, settings: { fetchThreadDetailsOnPause: true } });
    expect(h.wired.session.pausedContext?.thread?.threadId).toBe(TEST_THREAD_ID);
    expect(await h.wired.dispatcher.execute('~ 1')).toEqual({ ok: true });
    expect(h.sentSinceMark()).toEqual([
      hex(1, 8, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0)),
      threadDetailsRequest,
    ]);
    expect(h.wired.session.pausedContext?.core).toBe(1);
    expect(h.wired.session.pausedContext?.thread).toEqual(expectedThread);
    h.mark();
    await h.wired.dispatcher.execute('g');
    h.debuggee.halt(5, { tag: 1n });
    await settle();
    expect(h.sentSinceMark()).toEqual([hex(1, 6), threadDetailsRequest]);
    expect(h.wired.session.pausedContext?.thread?.processName).toBe(TEST_PROCESS_NAME);
  });

  it('publishes the halt without them after a short timeout, does not re-send, and drops the late answer', async () => {
    const h = await connected({ settings: { fetchThreadDetailsOnPause: true }, threadDetailsTimeoutMs: 30 });
    h.debuggee.holdThreadAnswers = true;
    const context = await h.wired.session.pause(1000);
    expect(context.thread).toBeUndefined();
    expect(context.reasonName).toBe('REQUEST_FROM_DEBUGGER');
    expect(h.sentSinceMark()).toEqual([hex(2, 1), threadDetailsRequest]);
    const unavailable = h.diagnostics.find((d) => d.code === 'thread-details-unavailable');
    expect(unavailable?.message).toMatch(/no answer within 30 ms \(not re-sent/);

    // `.thread tid 42` waits for a45 too: the late details answer must not complete it.
    h.mark();
    const switching = h.wired.dispatcher.execute('.thread tid 42');
    await settle();
    h.debuggee.releaseHeldThreadAnswers();
    expect(await switching).toEqual({ ok: true });
    expect(h.output).toContain("press 'g' to continue the debuggee");
    expect(h.output).not.toContain('thread id:');
    expect(h.diagnostics.map((d) => d.code)).toContain('late-thread-details');
    expect(h.diagnostics.map((d) => d.code)).not.toContain('unexpected-response');
  });

  it('a late answer completes an identical .thread request (same halt, same details)', async () => {
    const h = await connected({ settings: { fetchThreadDetailsOnPause: true }, threadDetailsTimeoutMs: 30 });
    h.debuggee.holdThreadAnswers = true;
    await h.wired.session.pause(1000);
    h.mark();
    const asking = h.wired.dispatcher.execute('.thread');
    await settle();
    h.debuggee.releaseHeldThreadAnswers();
    expect(await asking).toEqual({ ok: true });
    expect(h.sentSinceMark()).toEqual([threadDetailsRequest]);
    expect(h.output).toContain(
      `thread id: ${TEST_THREAD_ID.toString(16)} (pid: ${TEST_PROCESS_ID.toString(16)})\n`,
    );
    expect(h.output).toContain(`process name (16-Byte): ${TEST_PROCESS_NAME}\n`);
  });
});

describe('commands over the link', () => {
  it("r sends READ_REGISTERS(all) and prints HyperDbg's register block", async () => {
    const h = await connected({ paused: true });
    expect(await h.wired.dispatcher.execute('r')).toEqual({ ok: true });
    const payload = new Uint8Array(24);
    new DataView(payload.buffer).setUint32(0, 0xffffffff, true);
    expect(h.sentSinceMark()).toEqual([hex(1, 21, payload)]);
    expect(h.output).toContain('RAX=0000000000001111 RBX=0000000000002222 RCX=0000000000003333\n');
    expect(h.output).toContain('RIP=fffff80163a1b2c3 RSP=fffff80100001000 RBP=fffff80100002000\n');
    expect(h.output).toContain('CS 0010 SS 0018 DS 002b ES 002b FS 0053 GS 002b\nRFLAGS=0000000000000246\n');
  });

  it('r rax reads one register', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('r @rax');
    expect(h.output).toBe('rax=0000000000001111\n');
  });

  it('db prints 16 bytes per line with characters', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('db fffff80100000040 l 10');
    expect(h.output).toBe(
      'fffff801`00000040  40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F  @ABCDEFGHIJKLMNO\n',
    );
    expect(h.sentSinceMark()).toHaveLength(1);
    expect(h.debuggee.received.at(-1)!.action).toBe(22);
  });

  it('dq prints qwords with a backtick', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('dq 0 l 10');
    expect(h.output).toBe('00000000`00000000  07060504`03020100 0F0E0D0C`0B0A0908 \n');
  });

  it('p over a call sends StepType 3 with the call length', async () => {
    const h = await connected({ paused: true, instruction: [0xe8, 0x10, 0x00, 0x00, 0x00] });
    await h.wired.dispatcher.execute('p');
    const step = new Uint8Array(12);
    step[0] = 3;
    step[4] = 1;
    step[8] = 5;
    expect(h.sentSinceMark()).toEqual([hex(1, 5, step)]);
    expect(h.wired.session.state).toBe('paused');
    expect(h.wired.session.pausedContext?.reason).toBe(3);
  });

  it('~ 1 switches core: a8, then a43 and PAUSED reason 7', async () => {
    const h = await connected({ paused: true });
    expect(await h.wired.dispatcher.execute('~ 1')).toEqual({ ok: true });
    expect(h.sentSinceMark()).toEqual([hex(1, 8, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0))]);
    expect(h.output).toContain('current operating core changed to 0x1\n');
    expect(h.wired.session.currentCore).toBe(1);
  });

  it('prealloc is forwarded inside the TEST_QUERY 6/7 bracket and completes on reason 10', async () => {
    const h = await connected({ paused: true });
    expect(await h.wired.dispatcher.execute('prealloc regular-event 10')).toEqual({ ok: true });
    const sent = h.debuggee.received
      .slice(-3)
      .map((f) => [f.action, f.action === 12 ? f.payload[0] : undefined]);
    expect(sent).toEqual([
      [12, 6],
      [16, undefined],
      [12, 7],
    ]);
    const input = h.debuggee.received.at(-2)!.payload;
    expect(Buffer.from(input.subarray(12)).toString('latin1')).toBe('prealloc regular-event 10\0');
    expect(h.output).toContain('ran: prealloc regular-event 10\n');
  });

  it('.debug close sends CLOSE then DO_NOT_READ', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('.debug close');
    expect(h.sentSinceMark()).toEqual([hex(1, 7), hex(2, 2)]);
    expect(h.wired.session.state).toBe('closed');
  });

  it('g resumes and any later PAUSED is reported', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('g');
    expect(h.sentSinceMark()).toEqual([hex(1, 6)]);
    expect(h.wired.session.state).toBe('running');
    h.debuggee.halt(5, { tag: 1n });
    await settle();
    expect(h.output).toContain('breakpoint 0x1 hit\n');
    expect(h.wired.session.state).toBe('paused');
  });
});

describe('bad input never reaches the wire', () => {
  const cases: [string, RegExp][] = [
    ['foo', /err, couldn't resolve command at 'foo'/],
    ['r rxx', /err, invalid register/],
    ['t zz', /correct hex value for \[count\]/],
    ['eb 1000 123', /byte \(hex\) value/],
    ['db 1000 l 20000', /cannot read/],
    ['eq 1000 ffee8000', /end marker/],
    ['? @@@', /.+/],
    ['~ zz', /correct hex value for the core/],
  ];
  it.each(cases)('%s', async (line, message) => {
    const h = await connected({ paused: true });
    const outcome = await h.wired.dispatcher.execute(line);
    expect(outcome.ok).toBe(false);
    expect(h.output).toMatch(message);
    expect(h.sentSinceMark()).toEqual([]);
  });

  it('refuses type-1 requests while running', async () => {
    const h = await connected();
    const outcome = await h.wired.dispatcher.execute('r');
    expect(outcome.ok).toBe(false);
    expect(h.output).toMatch(/running; pause it first/);
    expect(h.sentSinceMark()).toEqual([]);
  });
});

describe('link loss', () => {
  it('reports a lost link and fails the outstanding pause', async () => {
    const h = await connected();
    const pause = h.wired.session.pause(5000);
    await settle();
    h.mark();
    // The debuggee halts only after the link is gone: close the pair before it answers.
    await (h.wired.session as unknown as { transport: { close(): Promise<void> } }).transport.close();
    await settle();
    expect(h.wired.session.state).toBe('disconnected');
    expect(h.diagnostics.some((d) => d.code === 'link-lost')).toBe(true);
    await pause.then(
      () => undefined,
      () => undefined,
    );
  });
});

describe('.script files', () => {
  it('joins multi-line blocks, substitutes $argN, echoes each command and reports failures', async () => {
    const { runScriptLines } = await import('../commands/builtin/scripts');
    const h = await connected({ paused: true });
    const outcome = await runScriptLines(
      h.wired.dispatcher.commandContext,
      'r $arg1\n? {\n  @rax = 1;\n}\nbogus\n',
      ['file.hds', 'rax'],
    );
    expect(outcome).toEqual({ ok: false, error: 'err, 1 of 3 commands of the script failed' });
    expect(h.output).toContain('0: kHyperDbg> r rax\nrax=0000000000001111\n\n');
    expect(h.output).toContain('0: kHyperDbg> ? {\n  @rax = 1;\n}\n');
    expect(h.debuggee.received.filter((f) => f.action === 15)).toHaveLength(1);
  });
});

describe('.formats', () => {
  it('evaluates on the debuggee (RUN_SCRIPT with IsFormat) and prints the value in every base', async () => {
    const { formatValue } = await import('../commands/builtin/formats');
    const h = await connected({ paused: true });
    expect(await h.wired.dispatcher.execute('.formats @rax+1')).toEqual({ ok: true });
    const script = h.debuggee.received.at(-1)!;
    expect(script.action).toBe(15);
    expect(script.payload[8]).toBe(1);
    const now = new Date(2026, 0, 2, 15, 4);
    expect(formatValue(0x1234n, now)).toBe(
      'evaluate expression:\n' +
        'Hex :        00000000`00001234\n' +
        'Decimal :    4660\n' +
        'Octal :      11064\n' +
        'Binary :     00000000 00000000 00000000 00000000 00000000 00000000 00010010 00110100 \n' +
        'Char :       4.......\n' +
        'Time :       01/02/26 - 03:04PM\n',
    );
    expect(h.output.startsWith('evaluate expression:\nHex :        00000000`00001234\n')).toBe(true);
  });
});

describe('debuggee statuses', () => {
  it("prints HyperDbg's message for a status the debuggee returns", async () => {
    const { statusError } = await import('../commands/builtin/common');
    expect(statusError(0xc000001a)).toBe('err, breakpoint id is invalid (c000001a)');
    expect(statusError(0xc0000005)).toMatch(/^err, invalid address \(c0000005\)\naddress may be paged-out/);
    expect(statusError(0x00000000ffffffffn & 0xc0000014n)).toBe(
      'err, invalid core selected in switching cores (c0000014)',
    );
  });

  it('reports a failed core switch and stays on the old core', async () => {
    const h = await connected({ paused: true });
    const outcome = await h.wired.dispatcher.execute('~ 9');
    expect(outcome).toEqual({ ok: false, error: 'err, invalid core selected in switching cores (c0000014)' });
    expect(h.wired.session.currentCore).toBe(0);
    expect(h.wired.session.state).toBe('paused');
  });
});

describe('break-in', () => {
  it('sends one pause frame for several pause requests and any PAUSED completes them', async () => {
    const h = await connected();
    const first = h.wired.session.pause(1000);
    const second = h.wired.session.pause(1000);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(h.sentSinceMark()).toEqual([hex(2, 1)]);
  });
});

describe('stepping variants', () => {
  const stepTypes = (h: Harness): number[] =>
    h.debuggee.received.filter((f) => f.action === 5).map((f) => f.payload[0]!);

  it('gu steps over (type 4) until RIP is at a RET, then sends the last step (type 5)', async () => {
    const h = await connected({ paused: true, instruction: [0x90] });
    expect(await h.wired.dispatcher.execute('gu 3')).toEqual({ ok: true });
    expect(stepTypes(h)).toEqual([4, 4, 4]);
    // The next halt lands on a RET: the decision uses the bytes of the latest PAUSED, as HyperDbg does.
    h.debuggee.instruction = [0xc3];
    expect(await h.wired.dispatcher.execute('gu')).toEqual({ ok: true });
    expect(stepTypes(h)).toEqual([4, 4, 4, 4, 5]);
  });

  it('i is the instrumentation step (type 1) and t 3 is three step-ins', async () => {
    const h = await connected({ paused: true });
    await h.wired.dispatcher.execute('i');
    await h.wired.dispatcher.execute('t 3');
    expect(stepTypes(h)).toEqual([1, 0, 0, 0]);
    expect(h.output.match(/mov rax, qword ptr ss:\[rsp\+0x08\]/g)).toHaveLength(4);
  });
});
