import { describe, expect, it } from 'vitest';
import { completeConsoleLine, repeatOnEnter } from './console-completion';

const sources = {
  commands: ['!pcitree', '!pcietree', '!pte', 'g', 'gg', 'gu', '.process'],
  completeSymbol: (prefix: string) =>
    ['nt!', 'nt!KiSystemCall64', 'nt!KeBugCheckEx', 'hal!'].filter((n) =>
      n.toLowerCase().startsWith(prefix.toLowerCase()),
    ),
};

describe('hds connect prompt', () => {
  it('completes the first word to commands', () => {
    expect(completeConsoleLine('!pc', sources)).toEqual([['!pcietree', '!pcitree'], '!pc']);
    expect(completeConsoleLine('  g', sources)).toEqual([['g', 'gg', 'gu'], 'g']);
  });

  it('completes @registers, $pseudo-registers and module!symbol after the command', () => {
    expect(completeConsoleLine('r @rs', sources)[0]).toEqual(['@rsi', '@rsp']);
    expect(completeConsoleLine('? $pi', sources)[0]).toEqual(['$pid']);
    expect(completeConsoleLine('bp nt!Ki', sources)).toEqual([['nt!KiSystemCall64'], 'nt!Ki']);
    expect(completeConsoleLine('u n', sources)[0]).toEqual(['nt!', 'nt!KeBugCheckEx', 'nt!KiSystemCall64']);
    expect(completeConsoleLine('db ', sources)).toEqual([[], '']);
  });

  it('repeats stepping, g and views on an empty Enter, not other commands', () => {
    expect(repeatOnEnter('p')).toBe('p');
    expect(repeatOnEnter('t 3')).toBe('t 3');
    expect(repeatOnEnter('g')).toBe('g');
    expect(repeatOnEnter('db @rsp')).toBe('db @rsp');
    expect(repeatOnEnter('bp nt!KiSystemCall64')).toBeUndefined();
    expect(repeatOnEnter('events c all')).toBeUndefined();
    expect(repeatOnEnter(undefined)).toBeUndefined();
  });
});
