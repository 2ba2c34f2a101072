import { describe, expect, it } from 'vitest';
import { IpcCallError } from '../../shared/ipc/envelope';
import { completeWithSymbols, SYMBOL_COMPLETION_LIMIT, wantsSymbols } from './symbol-completion';

const sources = { functions: ['printf', 'poi'], symbols: [] };

function fakeClient(names: string[] | 'fail') {
  const asked: unknown[] = [];
  return {
    asked,
    client: {
      invoke: (async (channel: string, request: unknown) => {
        asked.push([channel, request]);
        if (names === 'fail')
          throw new IpcCallError({ code: 'failed', message: 'not connected', channel: 'symbols:complete' });
        return { names, truncated: false };
      }) as never,
    },
  };
}

describe('completeWithSymbols', () => {
  it("asks the host for the word's module!name symbols and merges them with local candidates", async () => {
    const { client, asked } = fakeClient(['nt!', 'nt!NtCreateFile', 'nt!NtClose']);
    const line = 'bp nt!Nt';
    const result = await completeWithSymbols(client, line, line.length, sources);
    expect(asked).toEqual([['symbols:complete', { prefix: 'nt!Nt', limit: SYMBOL_COMPLETION_LIMIT }]]);
    expect(result).toEqual({ from: 3, items: ['nt!NtClose', 'nt!NtCreateFile'] });
  });

  it('offers module names for a bare word next to registers and functions', async () => {
    const { client } = fakeClient(['poolmgr!']);
    const result = await completeWithSymbols(client, 'u po', 4, sources);
    expect(result.items).toContain('poolmgr!');
    expect(result.items).toContain('poi');
  });

  it('keeps the local candidates when the host cannot answer, and never asks for command names or registers', async () => {
    const failing = fakeClient('fail');
    expect((await completeWithSymbols(failing.client, '? pri', 5, sources)).items).toEqual(['printf']);
    const quiet = fakeClient(['never']);
    await completeWithSymbols(quiet.client, 'bp', 2, sources);
    await completeWithSymbols(quiet.client, 'r @ra', 5, sources);
    expect(quiet.asked).toEqual([]);
    expect(wantsSymbols('db ', 3, '0x1000')).toBe(false);
    expect(wantsSymbols('db ', 3, 'nt!*')).toBe(false);
    expect(wantsSymbols('db ', 3, 'hal!HalpApic')).toBe(true);
  });
});
