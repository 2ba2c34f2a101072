import { describe, expect, it } from 'vitest';
import { helpForLine, hoverForLine } from './command-hover';

describe('console help for a command line', () => {
  it('finds the command of a typed line and of an echoed one after the prompt', () => {
    expect(helpForLine('!epthook nt!NtCreateFile')?.names[0]).toBe('!epthook');
    expect(helpForLine('0: kHyperDbg> bp nt!ExAllocatePoolWithTag')?.names[0]).toBe('bp');
    expect(helpForLine('  go')?.names[0]).toBe('g');
  });

  it('has nothing for text that is not a command', () => {
    expect(helpForLine('')).toBeUndefined();
    expect(helpForLine('connected to debuggee')).toBeUndefined();
    expect(hoverForLine('0: kHyperDbg> nosuch 1')).toBeUndefined();
  });

  it('hovers with the summary, syntax and an example', () => {
    expect(hoverForLine('0: kHyperDbg> !monitor w 1000 2000')).toMatch(
      /^Monitors reads, writes or execution.*\nsyntax: !monitor \[r\|w\|x.*\ne\.g\. !monitor w /s,
    );
  });
});
