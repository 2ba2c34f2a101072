// The structured pane channels (call stack, breakpoints, disassembly at an address) and symbol
// completion: what they accept and what they refuse, on both sides of the boundary.
import { describe, expect, it } from 'vitest';
import {
  checkPush,
  checkRequest,
  checkResponse,
  MAX_DISASSEMBLY_LINES,
  MAX_SYMBOL_COMPLETIONS,
  MAX_SYMBOL_PREFIX,
} from './index';

const accepts = (channel: string, payload: unknown) => checkRequest(channel, payload).ok;

describe('debug:callstack and the breakpoint table', () => {
  it('debug:callstack takes no parameters', () => {
    expect(accepts('debug:callstack', {})).toBe(true);
    expect(accepts('debug:callstack', { depth: 3 })).toBe(false);
  });

  it('answer structured rows with hex addresses and nullable symbols and filters', () => {
    const frames = {
      frames: [{ slot: 8, returnAddress: 'fffff80312345690', callSite: 'fffff8031234568b', symbol: null }],
    };
    expect(checkResponse('debug:callstack', frames).ok).toBe(true);
    expect(
      checkResponse('debug:callstack', {
        frames: [{ slot: 8, returnAddress: '0xfffff803', callSite: '1', symbol: null }],
      }).ok,
    ).toBe(false);
    // The breakpoint table travels in session batches (after bp/bc/bd/be) and the snapshot.
    const batchWith = (breakpoints: unknown) =>
      checkPush('session:batch', { seq: 1, console: [], logs: [], breakpoints });
    expect(
      batchWith([
        { id: 1, address: 'fffff80312345678', enabled: true, core: null, pid: null, tid: null },
        { id: 2, address: '7ff6aa001000', enabled: false, core: 1, pid: 0x1c4, tid: null },
      ]).ok,
    ).toBe(true);
    expect(batchWith([{ id: 1, address: 'FFFF', enabled: true, core: null, pid: null, tid: null }]).ok).toBe(
      false,
    );
    expect(batchWith([{ id: 1, address: 'ff', enabled: 'yes', core: null, pid: null, tid: null }]).ok).toBe(
      false,
    );
  });
});

describe('debug:disassemble', () => {
  it('takes a hex address and a bounded count', () => {
    expect(accepts('debug:disassemble', { address: 'fffff80312345678', count: 16 })).toBe(true);
    expect(accepts('debug:disassemble', { address: 'fffff80312345678', count: MAX_DISASSEMBLY_LINES })).toBe(
      true,
    );
    expect(
      accepts('debug:disassemble', { address: 'fffff80312345678', count: MAX_DISASSEMBLY_LINES + 1 }),
    ).toBe(false);
    expect(accepts('debug:disassemble', { address: 'fffff80312345678', count: 0 })).toBe(false);
    expect(accepts('debug:disassemble', { address: 'nt!KeBugCheck', count: 4 })).toBe(false);
    expect(accepts('debug:disassemble', { address: '1000', count: 4, kind: 'physical' })).toBe(false);
  });

  it('answers instruction rows of at most 16 bytes', () => {
    const line = {
      address: '1000',
      bytes: '4889e5',
      text: 'mov rbp, rsp',
      symbol: 'nt!Foo+0x3',
      current: false,
      target: null,
    };
    expect(checkResponse('debug:disassemble', { lines: [line] }).ok).toBe(true);
    expect(checkResponse('debug:disassemble', { lines: [{ ...line, bytes: '00'.repeat(17) }] }).ok).toBe(
      false,
    );
    expect(checkResponse('debug:disassemble', { lines: [{ ...line, current: undefined }] }).ok).toBe(false);
    expect(checkResponse('debug:disassemble', { lines: [{ ...line, target: 'fffff80000001000' }] }).ok).toBe(
      true,
    );
    expect(checkResponse('debug:disassemble', { lines: [{ ...line, target: 'nt!Foo' }] }).ok).toBe(false);
  });

  it('takes how many instructions before the address to include', () => {
    expect(accepts('debug:disassemble', { address: '1000', count: 4, before: 8 })).toBe(true);
    expect(accepts('debug:disassemble', { address: '1000', count: 4, before: -1 })).toBe(false);
  });
});

describe('expr:evaluate and symbols:describe', () => {
  it('answers a value or an error, never both', () => {
    expect(accepts('expr:evaluate', { text: '@rsp+8' })).toBe(true);
    expect(accepts('expr:evaluate', { text: '' })).toBe(false);
    expect(checkResponse('expr:evaluate', { ok: true, value: 'fffff80000001000' }).ok).toBe(true);
    expect(
      checkResponse('expr:evaluate', { ok: false, error: "err, couldn't resolve error at 'x'" }).ok,
    ).toBe(true);
    expect(checkResponse('expr:evaluate', { ok: true, error: 'x' }).ok).toBe(false);
    expect(checkResponse('expr:evaluate', { ok: true, value: '0x10' }).ok).toBe(false);
  });

  it('names addresses, null where unknown', () => {
    expect(accepts('symbols:describe', { addresses: ['1000', 'fffff80000001000'] })).toBe(true);
    expect(accepts('symbols:describe', { addresses: [] })).toBe(false);
    expect(checkResponse('symbols:describe', { names: ['nt!Foo+0x3', null] }).ok).toBe(true);
  });
});

describe('symbols:complete', () => {
  it('takes one word without wildcards and a capped limit', () => {
    expect(accepts('symbols:complete', { prefix: 'nt!KeB', limit: 50 })).toBe(true);
    expect(accepts('symbols:complete', { prefix: 'nt', limit: MAX_SYMBOL_COMPLETIONS })).toBe(true);
    expect(accepts('symbols:complete', { prefix: 'nt!*', limit: 50 })).toBe(false);
    expect(accepts('symbols:complete', { prefix: 'nt Ke', limit: 50 })).toBe(false);
    expect(accepts('symbols:complete', { prefix: '', limit: 50 })).toBe(false);
    expect(accepts('symbols:complete', { prefix: 'nt', limit: MAX_SYMBOL_COMPLETIONS + 1 })).toBe(false);
    expect(accepts('symbols:complete', { prefix: 'x'.repeat(MAX_SYMBOL_PREFIX + 1), limit: 5 })).toBe(false);
  });

  it('answers names plus whether the list was cut', () => {
    expect(checkResponse('symbols:complete', { names: ['nt!', 'nt!KeBugCheck'], truncated: false }).ok).toBe(
      true,
    );
    expect(checkResponse('symbols:complete', { names: ['nt!'] }).ok).toBe(false);
    const tooMany = Array.from({ length: MAX_SYMBOL_COMPLETIONS + 1 }, (_, i) => `m!s${i}`);
    expect(checkResponse('symbols:complete', { names: tooMany, truncated: true }).ok).toBe(false);
  });
});
