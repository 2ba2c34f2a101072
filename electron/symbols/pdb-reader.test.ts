import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPdbPublics } from './pdb-reader';
import { PdbFormatError } from './msf';

const fixture = new Uint8Array(readFileSync(new URL('./testdata/fixture.pdb', import.meta.url)));
/** llvm-pdbutil's dump of the same file: an independent oracle (see testdata/make-fixture.sh). */
const oracle = readFileSync(new URL('./testdata/fixture.publics.txt', import.meta.url), 'utf8');
const summary = readFileSync(new URL('./testdata/fixture.summary.txt', import.meta.url), 'utf8');

function expectedPublics(): { name: string; rva: number }[] {
  const sectionAddresses = [...oracle.matchAll(/^\s+([0-9A-F]+) virtual address$/gm)].map((m) =>
    parseInt(m[1], 16),
  );
  return [...oracle.matchAll(/S_PUB32 \[size = \d+\] `([^`]+)`\n\s+flags = [^,]+, addr = (\d{4}):(\d{4})/g)]
    .map((m) => ({ name: m[1], rva: sectionAddresses[parseInt(m[2], 10) - 1] + parseInt(m[3], 10) }))
    .sort((a, b) => a.rva - b.rva);
}

describe('PDB public-symbol reader on a clang/lld-link generated PDB', () => {
  const pdb = readPdbPublics(fixture);

  it('reads the same S_PUB32 names and addresses as llvm-pdbutil', () => {
    const expected = expectedPublics();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(pdb.publics.map(({ name, rva }) => ({ name, rva }))).toEqual(expected);
    expect(pdb.publics.find((p) => p.name === 'HelperAdd')?.isFunction).toBe(true);
    expect(pdb.publics.find((p) => p.name === 'GlobalCounter')?.isFunction).toBe(false);
  });

  it('reads the section headers and the identity used by symbol caches', () => {
    expect(pdb.sections.map((s) => s.name)).toEqual(['.text', '.rdata', '.data']);
    const guid = /GUID: \{([0-9A-F-]+)\}/.exec(summary)![1].replaceAll('-', '').toLowerCase();
    const age = parseInt(/Age: (\d+)/.exec(summary)![1], 10);
    expect(pdb.guid).toBe(guid);
    expect(pdb.guidAndAge).toBe(guid + age.toString(16));
  });

  it('rejects files that are not PDBs with a clear error', () => {
    expect(() => readPdbPublics(new TextEncoder().encode('MZ not a pdb'))).toThrow(PdbFormatError);
    expect(() => readPdbPublics(fixture.subarray(0, 8192))).toThrow(/truncated|outside/);
  });

  it('never crashes or hangs on damaged files: either symbols or a PdbFormatError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(fixture.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 16 }),
        (edits) => {
          const damaged = fixture.slice();
          for (const [at, value] of edits) damaged[at] = value;
          try {
            readPdbPublics(damaged);
          } catch (error) {
            expect(error).toBeInstanceOf(PdbFormatError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
