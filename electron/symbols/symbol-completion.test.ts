// `PdbSymbolResolver.complete`: the console's `module!name` completion over the reported modules
// and the fixture PDB's public symbols.
import { describe, expect, it } from 'vitest';
import type { ModuleRecord } from '../session/link';
import { PdbSymbolResolver } from './symbol-resolver';
import { cacheWithFixturePdb, fixtureModule } from './testing/fixture-pdb';

const record = (filePath: string, pdbName: string, baseAddress: bigint): ModuleRecord =>
  fixtureModule({ filePath, pdbName, baseAddress });

function resolverWithFixture(): PdbSymbolResolver {
  const cache = cacheWithFixturePdb();
  const resolver = new PdbSymbolResolver({
    symbolPath: `srv*${cache}*https://example.invalid`,
    allowDownload: false,
  });
  resolver.setModules([
    record('\\SystemRoot\\system32\\ntoskrnl.exe', 'ntkrnlmp.pdb', 0xfffff80160000000n),
    record('\\SystemRoot\\system32\\drivers\\fixture.sys', 'fixture.pdb', 0xfffff80163a00000n),
    record('\\SystemRoot\\system32\\drivers\\fltmgr.sys', 'fltMgr.pdb', 0xfffff80164000000n),
  ]);
  return resolver;
}

describe('symbol completion', () => {
  it('lists module names for a word without !, case-insensitively', () => {
    const resolver = resolverWithFixture();
    expect(resolver.complete('f', 10)).toEqual({ names: ['fltmgr!', 'fixture!'], truncated: false });
    expect(resolver.complete('NT', 10)).toEqual({ names: ['nt!'], truncated: false });
    expect(resolver.complete('zz', 10)).toEqual({ names: [], truncated: false });
  });

  it("lists the module's public symbols after the !, shortest first, capped", () => {
    const resolver = resolverWithFixture();
    expect(resolver.complete('fixture!', 10).names).toEqual([
      'fixture!HelperAdd',
      'fixture!BannerText',
      'fixture!UsesInternal',
      'fixture!FixtureNested',
      'fixture!GlobalCounter',
      'fixture!ExAllocateFixture',
    ]);
    expect(resolver.complete('FIXTURE!help', 10)).toEqual({ names: ['fixture!HelperAdd'], truncated: false });
    expect(resolver.complete('fixture!', 2)).toEqual({
      names: ['fixture!HelperAdd', 'fixture!BannerText'],
      truncated: true,
    });
  });

  it('offers no symbols for a module without a loaded PDB or an unknown module', () => {
    const resolver = resolverWithFixture();
    expect(resolver.complete('nt!Ke', 10)).toEqual({ names: [], truncated: false });
    expect(resolver.complete('nosuch!x', 10)).toEqual({ names: [], truncated: false });
  });
});
