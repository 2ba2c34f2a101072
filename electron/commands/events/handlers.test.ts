import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandDispatcher } from '../dispatcher';
import type { SessionSettings } from '../../ports/services';
import { createEventCommandHandlers, createEventsCommandHandler } from './handlers';
import { LiveEventsModel } from '../../model/events-model';
import { PoolLedgerModel } from '../../model/pool-ledger';
import { SqliteLogStore } from '../../logs/log-store';
import { PdbSymbolResolver } from '../../symbols/symbol-resolver';
import type { DebuggeeLink, RequestFrame, RequestOptions, RequestResult } from '../../session/link';

const settings: SessionSettings = {
  autoUnpause: true,
  autoFlush: false,
  syntax: 'intel',
  addressConversion: true,
  requestTimeoutMs: 1000,
  fetchRegistersOnPause: false,
  fetchThreadDetailsOnPause: false,
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const result = (ok: boolean, error = 0) =>
  Uint8Array.of(ok ? 1 : 0, 0, 0, 0, error & 0xff, (error >>> 8) & 0xff, (error >>> 16) & 0xff, error >>> 24);

/** A paused link that records every frame and answers from a table keyed by action. */
function scriptedLink(answer: (frame: RequestFrame, options: RequestOptions) => Uint8Array) {
  const sent: RequestFrame[] = [];
  const link = {
    state: 'paused',
    pausedContext: undefined,
    currentCore: 0,
    debuggee: undefined,
    modules: [],
    async request(frame: RequestFrame, options: RequestOptions): Promise<RequestResult> {
      sent.push(frame);
      return {
        response: { action: options.responseAction, payload: answer(frame, options), arrivedAt: 0 },
        collected: [],
        logs: [],
      };
    },
    resume: () => Promise.reject(new Error('not used')),
    forwardUserInput: () => Promise.reject(new Error('not used')),
    pause: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
    on: () => () => undefined,
  } as unknown as DebuggeeLink;
  return { link, sent };
}

const stores: SqliteLogStore[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

function setup(answer: (frame: RequestFrame, options: RequestOptions) => Uint8Array) {
  const { link, sent } = scriptedLink(answer);
  const events = new LiveEventsModel();
  const pools = new PoolLedgerModel(2);
  const logs = new SqliteLogStore();
  stores.push(logs);
  let printed = '';
  const dispatcher = new CommandDispatcher({
    link,
    output: (text) => (printed += text),
    settings,
    symbols: new PdbSymbolResolver({ symbolPath: '', allowDownload: false }),
    script: {
      compile: (src) =>
        src.includes('bad') || src.includes('nt!')
          ? { ok: false, error: 'syntax error' }
          : { ok: true, bytecode: new Uint8Array(24), symbolCount: 1 },
    },
    events,
    pools,
    logs,
  });
  for (const handler of createEventCommandHandlers({ events, pools })) dispatcher.register(handler);
  dispatcher.register(createEventsCommandHandler({ events, pools }));
  return { dispatcher, sent, events, pools, output: () => printed, clearOutput: () => (printed = '') };
}

describe('event command handlers over a link', () => {
  it('sends REGISTER_EVENT then ADD_ACTION and records the event', async () => {
    const t = setup(() => result(true));
    const outcome = await t.dispatcher.execute('!msrwrite c0000082 stage all');
    expect(outcome.ok).toBe(true);
    expect(t.sent.map((f) => [f.packetType, f.action])).toEqual([
      [1, 18],
      [1, 19],
    ]);
    expect(t.sent[0].payload.length).toBe(4 + 168);
    expect(hex(t.sent[1].payload)).toBe(
      '20000000' + '0000000100000000' + '00000000' + '01000000' + '00'.repeat(16),
    );
    const [record] = t.events.list();
    expect(record).toMatchObject({
      id: 0,
      state: 'enabled',
      stage: 'all',
      eventTypeName: 'WRMSR_INSTRUCTION_EXECUTION',
    });
  });

  it('sends nothing for input rejected locally, and prints HyperDbg text once', async () => {
    const t = setup(() => result(true));
    for (const line of [
      '!epthook 1000 stage post',
      '!cpuid script { bad }',
      '!interrupt 3',
      '!monitor rw nt!Foo 1000',
    ]) {
      const outcome = await t.dispatcher.execute(line);
      expect(outcome.ok).toBe(false);
    }
    expect(t.sent).toEqual([]);
    expect(t.output()).toContain(
      'not meaningful for the hidden hook; therefore, this command does not support them\n',
    );
    expect(t.output().match(/not meaningful/g)).toHaveLength(1);
    expect(t.output()).toContain('the debuggee has not reported any modules yet');
  });

  it('refuses an event whose frames HyperDbg could not carry, before sending any of them', async () => {
    const t = setup(() => result(true));
    // The marker 00 80 ee ff inside the condition would cut the frame on the wire.
    expect((await t.dispatcher.execute('!cpuid condition {900080eeff90}')).ok).toBe(false);
    expect((await t.dispatcher.execute(`!cpuid code {${'90'.repeat(82000)}}`)).ok).toBe(false);
    expect(t.output()).toContain('err, buffer is above the maximum buffer size');
    expect(t.sent).toEqual([]);
  });

  it('shows the debuggee error for a52 and sends no action; the tag is still consumed', async () => {
    let registrations = 0;
    const t = setup((frame) =>
      frame.action === 18 && registrations++ === 0 ? result(false, 0xc0000042) : result(true),
    );
    const outcome = await t.dispatcher.execute('!tsc');
    expect(outcome.ok).toBe(false);
    expect(t.output()).toContain(
      "err, not enough pre-allocated buffer exists for storing the event. You can use the 'prealloc' command",
    );
    expect(t.output()).toContain('(c0000042)');
    expect(t.sent.map((f) => f.action)).toEqual([18]);
    expect(t.events.list()).toEqual([]);
    await t.dispatcher.execute('!tsc');
    expect(t.events.list()[0].id).toBe(1);
  });

  it('reads script {file:PATH} from disk and says so when the file is missing', async () => {
    const t = setup(() => result(true));
    const dir = mkdtempSync(path.join(tmpdir(), 'hds-script-'));
    const file = path.join(dir, 'hook.ds');
    writeFileSync(file, 'printf("from file\\n");');
    expect((await t.dispatcher.execute(`!cpuid script {file:${file}}`)).ok).toBe(true);
    expect(t.events.list()[0].actions[0].scriptSource).toBe('printf("from file\\n");');
    expect((await t.dispatcher.execute(`!cpuid script {file:${file}.missing}`)).ok).toBe(false);
    expect(t.output()).toContain(`err, unable to read the script file '${file}.missing'`);
  });

  it('keeps an event whose action failed as disabled and reports the failure', async () => {
    const t = setup((frame) => (frame.action === 19 ? result(false, 0xc0000049) : result(true)));
    const outcome = await t.dispatcher.execute('!cpuid script { x = 1; } buffer 20');
    expect(outcome.ok).toBe(false);
    expect(t.events.list()[0]).toMatchObject({
      state: 'disabled',
      actions: [{ kind: 'script', error: 0xc0000049 }],
    });
  });
});

describe('events command', () => {
  const modifyAnswer = (status: number, enabled: boolean) => (frame: RequestFrame) => {
    if (frame.action !== 20) return result(true);
    const out = frame.payload.slice();
    new DataView(out.buffer).setUint32(8, status, true);
    out[20] = enabled ? 1 : 0;
    return out;
  };

  it('lists events with the live state from a query per event', async () => {
    const t = setup(modifyAnswer(0xffffffff, false));
    await t.dispatcher.execute('events');
    expect(t.output()).toBe('no active/disabled events \n');
    t.clearOutput();
    await t.dispatcher.execute('!syscall 55');
    await t.dispatcher.execute('!cpuid');
    await t.dispatcher.execute('events');
    expect(t.output()).toBe('0\t(disabled)\t    !syscall 55 \n1\t(disabled)\t    !cpuid \n');
    const queries = t.sent.filter((f) => f.action === 20);
    expect(queries.map((f) => hex(f.payload))).toEqual([
      '0000000100000000' + '0000000000000000' + '00000000' + '00000000',
      '0100000100000000' + '0000000000000000' + '00000000' + '00000000',
    ]);
  });

  it("lists HyperDbg's token text (blocks without braces), newlines flattened, cut at 70 characters", async () => {
    const t = setup(modifyAnswer(0xffffffff, true));
    await t.dispatcher.execute(
      '!cpuid script {\n  printf("a long line that goes well past the seventy character limit");\n}',
    );
    t.clearOutput();
    await t.dispatcher.execute('events');
    const expected =
      '!cpuid script    printf("a long line that goes well past the seventy character limit"); '.slice(
        0,
        70,
      ) + '...';
    expect(t.output()).toBe(`0\t(enabled)\t    ${expected}\n`);
  });

  it('e/d/c update the model; clear is deferred until resume; unknown ids never reach the wire', async () => {
    const t = setup(modifyAnswer(0xffffffff, true));
    await t.dispatcher.execute('!dr');
    expect((await t.dispatcher.execute('events d 5')).ok).toBe(false);
    expect(t.output()).toContain('err, tag id is invalid\n');
    expect(t.sent.filter((f) => f.action === 20)).toEqual([]);
    await t.dispatcher.execute('events d 0');
    expect(t.events.list()[0].state).toBe('disabled');
    await t.dispatcher.execute('events c all');
    const clear = t.sent.filter((f) => f.action === 20).pop()!;
    expect(hex(clear.payload)).toBe('ffffffffffffffff' + '0000000000000000' + '03000000' + '00000000');
    expect(t.output()).toContain('events are successfully cleared, but please note in the Debugger Mode');
    expect(t.events.list()[0].state).toBe('clear-pending');
    // HyperDbg drops a cleared event from its list at once: not listed, not addressable.
    t.clearOutput();
    await t.dispatcher.execute('events');
    expect(t.output()).toBe('no active/disabled events \n');
    expect((await t.dispatcher.execute('events e 0')).ok).toBe(false);
    expect((await t.dispatcher.execute('events c all')).ok).toBe(false);
    expect(t.output()).toContain('there is no event\n');
    t.events.observeResume();
    expect(t.events.list()).toEqual([]);
  });

  it('sc on|off sends a29 and prints the new state; errors print the debuggee text', async () => {
    const t = setup((frame) => {
      const out = new Uint8Array(16);
      new DataView(out.buffer).setUint32(0, frame.payload[8] ? 0xffffffff : 0xc000000f, true);
      return out;
    });
    await t.dispatcher.execute('events sc on');
    expect(hex(t.sent[0].payload)).toBe('0000000000000000' + '0100000000000000');
    expect(t.output()).toBe("the event's short-circuiting state changed to 'on'\n");
    expect((await t.dispatcher.execute('events sc off')).ok).toBe(false);
    expect((await t.dispatcher.execute('events sc maybe')).ok).toBe(false);
    expect(t.sent).toHaveLength(2);
  });
});
