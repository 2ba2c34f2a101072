import { describe, expect, it } from 'vitest';
import { parseProcessList, parseThreadList } from './views';

describe('.process list / .thread list text → rows', () => {
  it('reads every process with its pid, dir base and image, and skips text around them', () => {
    const text =
      'PROCESS\tffffc58a0f2c1040\n\tProcess Id: 0004\tDirBase (Kernel Cr3): 00000000001aa000\tImage: System\n' +
      'noise line\n' +
      'PROCESS\tffffc58a`0f6c1040\n\tProcess Id: 1f34\tDirBase (Kernel Cr3): 00000000001ae000\tImage: hyperdbg-cli.ex\n' +
      'PROCESS\tffffc58a0f7c1040\n';
    expect(parseProcessList(text)).toEqual([
      { process: 0xffffc58a0f2c1040n, pid: 4, cr3: 0x1aa000n, name: 'System' },
      { process: 0xffffc58a0f6c1040n, pid: 0x1f34, cr3: 0x1ae000n, name: 'hyperdbg-cli.ex' },
    ]);
  });

  it('reads every thread as ethread, pid and tid', () => {
    const text =
      'PROCESS\tffffc58a0f6c1040\tIMAGE\thyperdbg-cli.ex\n\tTHREAD\tffffc58a0f741040 (1f34.2fc)\n' +
      '\tTHREAD\tffffc58a0f742040 (1f34.308)\n';
    expect(parseThreadList(text)).toEqual([
      { thread: 0xffffc58a0f741040n, pid: 0x1f34, tid: 0x2fc },
      { thread: 0xffffc58a0f742040n, pid: 0x1f34, tid: 0x308 },
    ]);
    expect(parseThreadList('')).toEqual([]);
  });
});
