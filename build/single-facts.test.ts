import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { productSources } from './type-names';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Source text without comments and string literals, so prose and help text may still name the value. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
    .replace(/\/\/.*$/gm, '');
}

/** Files (outside generated/) whose code writes `pattern` instead of importing the one definition. */
function filesWriting(pattern: RegExp): string[] {
  return [...productSources(root, ['bench'])]
    .filter(([file]) => !file.includes('/generated/'))
    .filter(([, source]) => pattern.test(codeOnly(source)))
    .map(([file]) => file);
}

describe('one definition per protocol fact', () => {
  it('finds a literal in code but not in comments', () => {
    expect(codeOnly('// tag 0x1000000\nconst a = 1; /* 0x1000000 */')).not.toMatch(/0x1000000/);
    expect(codeOnly("const help = 'tag minus 0x1000000';")).not.toMatch(/0x1000000/);
    expect(codeOnly('const tag = 0x1000000 + 1; // first')).toMatch(/0x1000000/);
  });

  it('takes the event tag seed from the generated DebuggerEventTagStartSeed, never a raw 0x1000000', () => {
    // The simulator maps hal.dll 16 MiB above the kernel: the same number, another fact.
    const otherFacts = ['simulator/machine.ts'];
    expect(filesWriting(/\b0x0*1000000n?\b/i).filter((file) => !otherFacts.includes(file))).toEqual([]);
  });
});
