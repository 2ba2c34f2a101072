/**
 * The repo's fixture PDB (../testdata, built by make-fixture.sh) as the symbol tests use it: the
 * module record a debuggee would report for fixture.sys, and a symbol-server cache holding it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModuleRecord } from '../../session/link';

/** The PDB file itself. */
export const FIXTURE_PDB_PATH = new URL('../testdata/fixture.pdb', import.meta.url).pathname;
const summary = readFileSync(new URL('../testdata/fixture.summary.txt', import.meta.url), 'utf8');

/** The PDB's GUID and age as a module record names them (the cache folder's name). */
export const FIXTURE_GUID_AND_AGE =
  /GUID: \{([0-9A-F-]+)\}/.exec(summary)![1].replaceAll('-', '').toLowerCase() +
  parseInt(/Age: (\d+)/.exec(summary)![1], 10).toString(16);

/** Where the tests load fixture.sys. */
export const FIXTURE_BASE = 0xfffff80163a00000n;

/** fixture.sys as the debuggee reports it; `overrides` make other modules of the same shape. */
export const fixtureModule = (overrides: Partial<ModuleRecord> = {}): ModuleRecord => ({
  baseAddress: FIXTURE_BASE,
  filePath: '\\SystemRoot\\system32\\drivers\\fixture.sys',
  pdbName: 'fixture.pdb',
  guidAndAge: FIXTURE_GUID_AND_AGE,
  isUserMode: false,
  is32Bit: false,
  isSymbolDetailsFound: true,
  isLocalSymbolPath: false,
  ...overrides,
});

/** A new temporary symbol-server cache (`<cache>/fixture.pdb/<guid+age>/fixture.pdb`). */
export function cacheWithFixturePdb(): string {
  const cache = mkdtempSync(path.join(tmpdir(), 'hds-sym-'));
  const folder = path.join(cache, 'fixture.pdb', FIXTURE_GUID_AND_AGE);
  mkdirSync(folder, { recursive: true });
  copyFileSync(FIXTURE_PDB_PATH, path.join(folder, 'fixture.pdb'));
  return cache;
}
