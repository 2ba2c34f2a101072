import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  commonPrefix,
  completeCommandLine,
  needsMoreLines,
  repeatableCommand,
  splitAddresses,
  tokenizeCommandLine,
} from './command-syntax';

const sources = {
  functions: ['printf', 'print', 'poi', 'dq'],
  symbols: ['nt!NtCreateFile', 'nt!ExAllocatePoolWithTag'],
};

describe('command line syntax', () => {
  it('tokenizes without losing characters', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(
          tokenizeCommandLine(s)
            .map((t) => t.text)
            .join(''),
        ).toBe(s);
      }),
    );
  });

  it('classifies command, registers, numbers, keywords and symbols', () => {
    const kinds = tokenizeCommandLine('!monitor rw nt!Foo 0x1000 stage all script { @rax }')
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${t.kind}:${t.text.trim()}`);
    expect(kinds).toEqual([
      'command:!monitor',
      'text:rw',
      'symbol:nt!Foo',
      'number:0x1000',
      'keyword:stage',
      'keyword:all',
      'keyword:script',
      'brace:{',
      'register:@rax',
      'brace:}',
    ]);
  });

  it('knows when a { } block is still open, ignoring braces in strings', () => {
    expect(needsMoreLines('!epthook nt!Foo script {')).toBe(true);
    expect(needsMoreLines('!epthook nt!Foo script { printf("}"); ')).toBe(true);
    expect(needsMoreLines('!epthook nt!Foo script { printf("{"); }')).toBe(false);
    expect(needsMoreLines('r')).toBe(false);
  });

  it('repeats only continue and steps', () => {
    expect(repeatableCommand('p')).toBe('p');
    expect(repeatableCommand(' g ')).toBe('g');
    expect(repeatableCommand('t 5')).toBe('t 5');
    expect(repeatableCommand('r rax=1')).toBeUndefined();
    expect(repeatableCommand(undefined)).toBeUndefined();
  });

  it('completes commands in first position and registers/functions/symbols after', () => {
    expect(completeCommandLine('!epth', 5, sources).items).toEqual(['!epthook', '!epthook2']);
    expect(completeCommandLine('r @ra', 5, sources)).toEqual({ from: 2, items: ['@rax'] });
    expect(completeCommandLine('? pri', 5, sources).items).toEqual(['print', 'printf']);
    expect(completeCommandLine('bp nt!Nt', 8, sources).items).toEqual(['nt!NtCreateFile']);
    expect(completeCommandLine('bp ', 3, sources).items).toEqual([]);
    expect(commonPrefix(['!epthook', '!epthook2'])).toBe('!epthook');
  });

  it('completes every command of the table, dot commands included', () => {
    const dots = completeCommandLine('.', 1, sources).items;
    for (const name of ['.sym', '.sympath', '.help', '.process', '.thread', '.debug', '.pagein', '.logopen'])
      expect(dots).toContain(name);
    expect(completeCommandLine('!sys', 4, sources).items).toEqual([
      '!sysret',
      '!syscall',
      '!sysret2',
      '!syscall2',
    ]);
  });

  it('offers registers in the order a debugger user expects, then the others', () => {
    expect(completeCommandLine('r @r', 4, sources).items.slice(0, 18)).toEqual(
      [
        'rax',
        'rbx',
        'rcx',
        'rdx',
        'rsi',
        'rdi',
        'rbp',
        'rsp',
        'r8',
        'r9',
        'r10',
        'r11',
        'r12',
        'r13',
        'r14',
        'r15',
        'rip',
        'rflags',
      ].map((r) => `@${r}`),
    );
    expect(completeCommandLine('? r', 3, sources).items.slice(0, 3)).toEqual(['rax', 'rbx', 'rcx']);
  });

  it('completes pseudo-registers after $', () => {
    expect(completeCommandLine('? $ev', 5, sources).items).toEqual([
      '$event_tag',
      '$event_id',
      '$event_stage',
    ]);
    expect(completeCommandLine('? $', 3, sources).items).toContain('$pid');
  });

  it('finds addresses in output', () => {
    const parts = splitAddresses('fffff801`5a3c1000 48 8b c4  mov rax, rsp ; 12345678');
    expect(parts[0]).toEqual({ text: 'fffff801`5a3c1000', address: 'fffff8015a3c1000' });
    expect(parts.filter((p) => p.address).length).toBe(1);
    expect(parts.map((p) => p.text).join('')).toBe('fffff801`5a3c1000 48 8b c4  mov rax, rsp ; 12345678');
  });

  it('links only 64-bit addresses, not status codes, MSRs or zero', () => {
    const linked = (text: string) => splitAddresses(text).flatMap((p) => (p.address ? [p.address] : []));
    expect(linked('err, 0xc0000082 msr c0000082 status c0000042')).toEqual([]);
    expect(linked('rip=fffff80170a0121f rsp=ffffc58a`0f741040 0000000000000000')).toEqual([
      'fffff80170a0121f',
      'ffffc58a0f741040',
    ]);
    expect(linked('user 00007ff6`12340000')).toEqual(['00007ff612340000']);
  });
});
