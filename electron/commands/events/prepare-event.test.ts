import { describe, expect, it } from 'vitest';
import { prepareEventCommand, type PrepareServices } from './prepare-event';
import { tokenizeCommand } from '../tokenizer';
import {
  encodeAddActionPayload,
  encodeRegisterEventPayload,
  EventAction,
} from '../../../shared/protocol/event-packets';

/** Test-only frame builder following protocol reference 2.1/2.3 (sender checksum rule). */
function frame(packetType: number, action: number, payload: Uint8Array): string {
  const bytes = new Uint8Array(24 + payload.length + 4);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(8, 0x4859504552444247n, true);
  view.setUint32(16, packetType, true);
  view.setUint32(20, action, true);
  bytes.set(payload, 24);
  bytes.set([0x00, 0x80, 0xee, 0xff], 24 + payload.length);
  let sum = 0;
  for (let i = 1; i < 24 + payload.length; i++) sum += bytes[i];
  bytes[0] = sum & 0xff;
  return Buffer.from(bytes).toString('hex');
}

const hex = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const zeros = (n: number) => '00'.repeat(n);

function services(overrides: Partial<PrepareServices> = {}): PrepareServices & { tags: bigint[] } {
  let next = 0x1000000n;
  const tags: bigint[] = [];
  return {
    tags,
    allocateTag: () => {
      tags.push(next);
      return next++;
    },
    resolveAddress: async (text) => {
      if (text === 'nt!ExAllocatePoolWithTag') return 0xfffff80163a1b2c0n;
      const m = /^[0-9a-f`]+$/i.exec(text);
      return m ? BigInt('0x' + text.replaceAll('`', '')) : undefined;
    },
    compileScript: (source) =>
      source.includes('bad')
        ? { ok: false, error: 'Line 1:\nbad\n^\nsyntax error' }
        : { ok: true, bytecode: new Uint8Array(48).fill(7), symbolCount: 2 },
    readScriptFile: () => undefined,
    outputSourceTag: (name) => (name === 'out1' ? 1n : undefined),
    ...overrides,
  };
}

function parse(line: string) {
  const [name, ...args] = tokenizeCommand(line);
  return { name: name.text.toLowerCase(), args, raw: line };
}

async function plan(line: string, s = services()) {
  const result = await prepareEventCommand(parse(line), s);
  if (!result.ok) throw new Error(result.error);
  return result.plan;
}

describe('event packets: worked encodings of protocol reference 5.6', () => {
  it('!msrwrite c0000082 stage all produces the documented a18 and a19 frames byte for byte', async () => {
    const p = await plan('!msrwrite c0000082 stage all');
    const a18 = frame(1, EventAction.registerEvent, encodeRegisterEventPayload(p.event));
    expect(a18).toBe(
      hex(`5D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 12 00 00 00 A8 00 00 00 ${zeros(16)}
        FF FF FF FF FF FF FF FF 01 00 00 00 03 00 00 00 ${zeros(48)}
        01 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 0D 00 00 00 00 00 00 00 82 00 00 C0 00 00 00 00
        ${zeros(48)} 00 00 00 00 00 00 00 00 00 80 EE FF`),
    );
    expect(p.actions).toHaveLength(1);
    const a19 = frame(1, EventAction.addActionToEvent, encodeAddActionPayload(p.actions[0]));
    expect(a19).toBe(
      hex(`8B 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 13 00 00 00 20 00 00 00
        00 00 00 01 00 00 00 00 00 00 00 00 01 00 00 00 ${zeros(16)} 00 80 EE FF`),
    );
  });

  it('script actions carry the bytecode, its size and the 24-byte record count; condition gets c3', async () => {
    const p = await plan('!cpuid stage post condition {9090} script { printf("x"); } buffer 10 imm no');
    expect(p.event.stage).toBe(2);
    expect(p.event.params).toEqual([0n, 0n]);
    expect(Array.from(p.event.condition)).toEqual([0x90, 0x90, 0xc3]);
    expect(p.actions.map((a) => a.actionType)).toEqual([1]);
    const payload = encodeAddActionPayload(p.actions[0]);
    const view = new DataView(payload.buffer);
    expect(view.getUint32(0, true)).toBe(32 + 48);
    expect(payload[4 + 12]).toBe(0); // imm no
    expect(view.getUint32(4 + 16, true)).toBe(0x10); // buffer is hex
    expect(view.getUint32(4 + 24, true)).toBe(48);
    expect(view.getUint32(4 + 28, true)).toBe(2);
    const event = encodeRegisterEventPayload(p.event);
    expect(new DataView(event.buffer).getUint32(0, true)).toBe(168 + 3);
    expect(new DataView(event.buffer).getUint32(4 + 160, true)).toBe(3);
    expect(Array.from(event.slice(4 + 168))).toEqual([0x90, 0x90, 0xc3]);
  });

  it('code and script give two actions in HyperDbg order (custom code, then script) and no break', async () => {
    const p = await plan('!tsc code {4831c0} script { x = 1; }');
    expect(p.actions.map((a) => a.actionType)).toEqual([2, 1]);
    expect(Array.from(p.actions[0].body)).toEqual([0x48, 0x31, 0xc0, 0xc3]);
    expect(p.event.countOfActions).toBe(2);
  });
});

describe('event command arguments (protocol reference 5.4)', () => {
  const cases: [string, number, bigint[]][] = [
    ['!epthook nt!ExAllocatePoolWithTag', 8, [0xfffff80163a1b2c0n]],
    ['!epthook2 fffff801`00001000', 7, [0xfffff80100001000n]],
    ['!monitor rw 1000 1008', 1, [0x1000n, 0x1008n, 0n]],
    ['!monitor x 1000 l 10 pa', 6, [0x1000n, 0x100fn, 1n]],
    ['!syscall', 9, [0xffffffffn, 0n]],
    ['!syscall2 55', 9, [0x55n, 1n]],
    ['!sysret2', 10, [0n, 1n]],
    ['!cpuid 4', 11, [1n, 4n]],
    ['!msrread', 12, [0xffffffffn]],
    ['!ioout 0n80', 15, [80n]],
    ['!exception 0e', 16, [0xen]],
    ['!interrupt 0xd1', 17, [0xd1n]],
    ['!dr', 18, []],
    ['!vmcall', 21, []],
    ['!crwrite 4 ffff', 22, [4n, 0xffffn]],
    ['!crwrite 0', 22, [0n, 0xffffffffffffffffn]],
    ['!mode ku pid 4', 25, [1n]],
    ['!trace step-out', 26, [1n]],
    ['!xsetbv', 27, [0n, 0n]],
  ];
  it.each(cases)('%s → type %i', async (line, type, params) => {
    const p = await plan(line);
    expect(p.event.eventType).toBe(type);
    expect(p.event.params).toEqual(params);
  });

  it('applies pid/core/sc filters', async () => {
    const p = await plan('!ioin 60 pid 1f4 core 2 sc on');
    expect(p.event.processId).toBe(0x1f4);
    expect(p.event.coreId).toBe(2);
    expect(p.event.enableShortCircuiting).toBe(true);
  });
});

describe('validation like HyperDbg, with tag consumption', () => {
  const rejected: [string, string, boolean][] = [
    [
      '!epthook nt!ExAllocatePoolWithTag stage post script { x = 1; }',
      "the utilization of 'post' or 'all' event calling stages is not meaningful for the hidden hook; therefore, this command does not support them",
      true,
    ],
    ['!epthook', "incorrect use of the '!epthook'", false],
    ['!monitor rw 1000', "incorrect use of the '!monitor'", false],
    ['!monitor rw 1000 pa', "please choose the 'from' or 'to' values or specify the length", true],
    ['!monitor 1000 2000 3000', "unknown parameter '3000'", true],
    [
      '!monitor 1000 2000 va',
      'please specify the attribute(s) that you want to monitor (r, w, x, rw, rx, wx, rwx)',
      true,
    ],
    ['!monitor rw 2000 1000', "please choose the 'from' value first, then choose the 'to' value", true],
    ['!monitor rw 1000 nothing', "err, couldn't resolve error at 'nothing'", true],
    ['!exception 1f', "the entry should be between 0x0 to 0x1f or first 32 entries'", true],
    ['!interrupt 1f', 'the entry should be between 0x20 to 0xFF or the entries between 32 to 255', true],
    ['!crwrite 3', 'please choose either 0 for cr0 or 4 for cr4', true],
    [
      '!mode u',
      "this event only applies to the selected process(es). please specify the 'pid' or the process id of the target process that you want to trap its execution",
      true,
    ],
    ['!trace', 'please specify the trace type', true],
    ['!dr 5', "incorrect use of the '!dr'", true],
    ['!msrread zz', "unknown parameter 'zz'", true],
    [
      '!cpuid stage pre sc on stage post',
      "err, using the short-circuiting mechanism with 'post' or 'all' stage events doesn't make sense; it's not supported!",
      true,
    ],
    [
      '!cpuid stage later',
      "err, the specified execution mode is invalid; you can either choose 'pre' or 'post'",
      true,
    ],
    ['!cpuid pid', "err, please specify a value for 'pid'", true],
    ['!cpuid core zz', 'err, core id is invalid', true],
    ['!cpuid imm maybe', 'err, immediate messaging token is invalid', true],
    ['!cpuid script { bad }', 'Line 1:\nbad\n^\nsyntax error', false],
    [
      '!cpuid output {nope}',
      "err, the name you entered, not found. Did you use 'output' command to create it?",
      false,
    ],
    [
      '!cpuid output {out1} imm no script { x = 1; }',
      "err, non-immediate message passing is not supported in 'output-forwarding mode'",
      true,
    ],
    ['!cpuid condition {zz}', 'please enter condition code in a hex notation', true],
    // HyperDbg takes the block verbatim: spaces, even around the bytes, are not hex
    [
      '!cpuid 1 condition { 90 90 }',
      'please enter condition code in a hex notation\nwrite it without spaces: {9090}',
      true,
    ],
    [
      '!cpuid code { 9090 }',
      'please enter code code in a hex notation\nwrite it without spaces: {9090}',
      true,
    ],
    [
      '!cpuid asm code { bogus }',
      "err, failed on ks_asm() with count = 0, error code = 514\nerr, assemble error code: '514'\nunknown mnemonic 'bogus'",
      true,
    ],
  ];
  it.each(rejected)('%s is rejected', async (line, message, consumesTag) => {
    const s = services();
    const result = await prepareEventCommand(parse(line), s);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.startsWith(message)).toBe(true);
    expect(s.tags.length).toBe(consumesTag ? 1 : 0);
    expect(result.consumedTag !== undefined).toBe(consumesTag);
  });

  it('asm condition and code blocks are assembled at 0 with a ret after them', async () => {
    const p = await plan('!cpuid asm condition { xor eax, eax } asm code { nop; nop }');
    expect(Array.from(p.event.condition)).toEqual([0x31, 0xc0, 0xc3]);
    expect(Array.from(encodeAddActionPayload(p.actions[0]).slice(4 + 32))).toEqual([0x90, 0x90, 0xc3]);
  });

  it('an address in an asm block is absolute, as Keystone assembles it at 0, not RIP-relative to where it was assembled', async () => {
    const p = await plan('!cpuid asm code { mov rax, qword ptr [0x30]; mov rcx, gs:[0x188] }');
    expect(Buffer.from(encodeAddActionPayload(p.actions[0]).slice(4 + 32)).toString('hex')).toBe(
      '488b042530000000' + '65488b0c2588010000' + 'c3',
    );
  });

  it('a hex block with spaces takes the tag it would have had, so the next event numbers as in HyperDbg', async () => {
    const s = services();
    expect((await prepareEventCommand(parse('!cpuid 1 condition { 90 90 }'), s)).ok).toBe(false);
    expect((await plan('!cpuid 1 condition {9090}', s)).event.tag).toBe(0x1000001n);
  });

  it('event numbers keep the gap left by a rejected command', async () => {
    const s = services();
    await prepareEventCommand(parse('!epthook 1000 stage all'), s);
    const p = await plan('!epthook 1000', s);
    expect(p.event.tag).toBe(0x1000001n);
  });

  it('output sources are recorded in the event', async () => {
    const p = await plan('!cpuid output {out1} script { x = 1; }');
    const bytes = encodeRegisterEventPayload(p.event);
    expect(bytes[4 + 32]).toBe(1);
    expect(new DataView(bytes.buffer).getBigUint64(4 + 40, true)).toBe(1n);
  });
});
