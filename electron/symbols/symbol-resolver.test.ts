import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdbSymbolResolver } from './symbol-resolver';
import { parseSymbolPath } from './symbol-path';
import {
  cacheWithFixturePdb,
  FIXTURE_BASE as BASE,
  FIXTURE_GUID_AND_AGE,
  FIXTURE_PDB_PATH,
  fixtureModule as module,
} from './testing/fixture-pdb';

const kernel = module({
  baseAddress: 0xfffff80160000000n,
  filePath: '\\SystemRoot\\system32\\ntoskrnl.exe',
  pdbName: 'ntkrnlmp.pdb',
  guidAndAge: '0123456789abcdef0123456789abcdef1',
});

const OFFSETS = { moduleOffsetWithoutPdb: true };

describe('symbol path', () => {
  it('parses srv*cache*server and plain directories', () => {
    expect(parseSymbolPath('srv*C:\\Symbols*https://msdl.microsoft.com/download/symbols/;D:\\pdbs')).toEqual({
      caches: ['C:\\Symbols', 'D:\\pdbs'],
      directories: ['D:\\pdbs'],
      servers: ['https://msdl.microsoft.com/download/symbols'],
    });
  });
});

describe('PDB symbol resolver', () => {
  it('resolves module!name, module!name+off, module+off and bare names from the cached PDB (RVA from the PDB)', () => {
    const resolver = new PdbSymbolResolver({
      symbolPath: `srv*${cacheWithFixturePdb()}*https://example.invalid`,
      allowDownload: false,
    });
    resolver.setModules([kernel, module()]);
    expect(resolver.resolveSymbol('fixture!HelperAdd')).toEqual({ ok: true, value: BASE + 0x1010n });
    expect(resolver.resolveSymbol('fixture!HelperAdd+8')).toEqual({ ok: true, value: BASE + 0x1018n });
    expect(resolver.resolveSymbol('fixture+0x20')).toEqual({ ok: true, value: BASE + 0x20n });
    expect(resolver.resolveSymbol('GlobalCounter')).toEqual({ ok: true, value: BASE + 0x3000n });
    expect(resolver.resolveSymbol('nt+10')).toEqual({ ok: true, value: 0xfffff80160000010n });
    expect(resolver.describeAddress(BASE + 0x1012n)).toBe('fixture!HelperAdd+0x2');
    expect(resolver.describeAddress(BASE + 0x1000n)).toBe('fixture!ExAllocateFixture');
    expect(resolver.describeAddress(BASE + 0x10000n)).toBeUndefined();
    expect(resolver.list().find((m) => m.name === 'fixture')?.state).toBe('loaded');
  });

  it('names an address in a module without a PDB as module+0x.. up to the next module, nothing past the last', () => {
    const resolver = new PdbSymbolResolver({ symbolPath: '', allowDownload: false });
    resolver.setModules([kernel, module()]);
    // nt has no PDB in this path: its addresses below fixture's base are nt+offset.
    expect(resolver.describeAddress(0xfffff80160001234n, OFFSETS)).toBe('nt+0x1234');
    expect(resolver.describeAddress(BASE - 1n, OFFSETS)).toBe(
      `nt+0x${(BASE - 1n - 0xfffff80160000000n).toString(16)}`,
    );
    // the console's view (HyperDbg's symbol map): no PDB, no name
    expect(resolver.describeAddress(0xfffff80160001234n)).toBeUndefined();
    // fixture is the last module: without a PDB its extent is unknown.
    expect(resolver.describeAddress(BASE + 0x10n, OFFSETS)).toBeUndefined();
    expect(resolver.describeAddress(0xfffff80000000000n)).toBeUndefined();
  });

  it('says why a name did not resolve', () => {
    const resolver = new PdbSymbolResolver({
      symbolPath: `srv*${cacheWithFixturePdb()}*https://example.invalid`,
      allowDownload: false,
    });
    expect(resolver.resolveSymbol('nt!ExAllocatePoolWithTag')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not reported any modules'),
    });
    resolver.setModules([
      kernel,
      module(),
      module({ baseAddress: 1n, pdbName: '', isSymbolDetailsFound: false, filePath: 'C:\\x\\nopdb.sys' }),
    ]);
    expect(resolver.resolveSymbol('nt!ExAllocatePoolWithTag')).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /ntkrnlmp\.pdb \(0123456789abcdef0123456789abcdef1\) for ntoskrnl\.exe is not in the symbol path.*download is disabled/,
      ),
    });
    expect(resolver.resolveSymbol('fixture!NoSuchName')).toMatchObject({
      ok: false,
      error: expect.stringContaining("'NoSuchName' is not a public symbol of fixture.pdb"),
    });
    expect(resolver.resolveSymbol('hal!HalFoo')).toMatchObject({
      ok: false,
      error: expect.stringContaining("no module named 'hal' among the 3 modules"),
    });
    expect(resolver.resolveSymbol('nopdb!x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('no CodeView (RSDS) record'),
    });
  });

  it('rejects a PDB of another build', () => {
    const resolver = new PdbSymbolResolver({
      symbolPath: path.dirname(FIXTURE_PDB_PATH),
      allowDownload: false,
    });
    resolver.setModules([module({ guidAndAge: 'ffffffffffffffffffffffffffffffff1' })]);
    expect(resolver.list()[0].state).toBe('pdb-mismatch');
    expect(resolver.resolveSymbol('fixture!HelperAdd')).toMatchObject({
      ok: false,
      error: expect.stringContaining('belongs to another build'),
    });
  });

  it('downloads a missing PDB from a symbol server only when allowed', async () => {
    const server = createServer((req, res) => {
      if (req.url === `/symbols/fixture.pdb/${FIXTURE_GUID_AND_AGE}/fixture.pdb`)
        res.end(readFileSync(FIXTURE_PDB_PATH));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/symbols`;
      const cache = mkdtempSync(path.join(tmpdir(), 'hds-sym-'));
      const disabled = new PdbSymbolResolver({ symbolPath: `srv*${cache}*${url}`, allowDownload: false });
      disabled.setModules([module()]);
      await expect(disabled.downloadMissing()).rejects.toThrow(/download is disabled/);
      const resolver = new PdbSymbolResolver({ symbolPath: `srv*${cache}*${url}`, allowDownload: true });
      resolver.setModules([module(), kernel]);
      const report = await resolver.downloadMissing();
      expect(report[0]).toContain('downloaded fixture.pdb');
      expect(report[1]).toContain(
        'ntkrnlmp.pdb (0123456789abcdef0123456789abcdef1) is on none of the symbol servers',
      );
      expect(resolver.resolveSymbol('fixture!UsesInternal')).toEqual({ ok: true, value: BASE + 0x1020n });
    } finally {
      server.close();
    }
  });
});
