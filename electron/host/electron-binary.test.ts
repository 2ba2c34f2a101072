import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserModeNotice, downloadElectronBinary, findElectronBinary } from './electron-binary';

/** A stand-in `electron` package folder whose install.js runs `installer` (CommonJS source). */
function fakePackage(installer: string): { dir: string; resolve: (id: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'hds-electron-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"electron","version":"44.0.0"}');
  writeFileSync(join(dir, 'install.js'), installer);
  return { dir, resolve: (id) => (id === 'electron/package.json' ? join(dir, 'package.json') : '') };
}

const WRITES_BINARY = `
const fs = require('fs'), path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;

describe('findElectronBinary', () => {
  it('names the npm install that brings the package when npm left the optional dependency out', () => {
    const found = findElectronBinary(() => {
      throw Object.assign(new Error("Cannot find module 'electron/package.json'"), {
        code: 'MODULE_NOT_FOUND',
      });
    });
    expect(found.found).toBe(false);
    if (found.found) return;
    expect(found.reason).toMatch(/optional electron package is not installed/);
    expect(found.installer).toBeUndefined();
    const line = browserModeNotice(found);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^hds: no Electron window: .*; serving browser mode instead \(for the window, run `npm install electron`/,
    );
  });

  it('points at the installer when the package is there without its binary, and finds the binary after it ran', async () => {
    const { dir, resolve } = fakePackage(WRITES_BINARY);
    const before = findElectronBinary(resolve);
    expect(before).toMatchObject({ found: false, installer: join(dir, 'install.js') });
    expect(!before.found && before.remedy).toMatch(/npx install-electron/);
    expect(await downloadElectronBinary(join(dir, 'install.js'), 10_000)).toEqual({ ok: true });
    expect(findElectronBinary(resolve)).toEqual({ found: true, path: join(dir, 'dist', 'electron') });
  });

  it('does not load the package (which would start an unbounded download)', () => {
    const { dir, resolve } = fakePackage('');
    writeFileSync(join(dir, 'index.js'), 'throw new Error("loaded")');
    mkdirSync(join(dir, 'dist'));
    expect(findElectronBinary(resolve).found).toBe(false);
  });
});

describe('downloadElectronBinary', () => {
  it("reports the installer's error line when the download fails", async () => {
    const { dir } = fakePackage(
      'console.error("RequestError: connect ECONNREFUSED 127.0.0.1:9\\n    at ClientRequest.<anonymous> (x.js:1:1)"); process.exit(1);',
    );
    expect(await downloadElectronBinary(join(dir, 'install.js'), 10_000)).toEqual({
      ok: false,
      reason: 'RequestError: connect ECONNREFUSED 127.0.0.1:9',
    });
  });

  it('gives up after its time bound instead of stalling the start', async () => {
    const { dir } = fakePackage('setInterval(() => {}, 1000);');
    expect(await downloadElectronBinary(join(dir, 'install.js'), 300)).toEqual({
      ok: false,
      reason: 'it did not finish within 0.3 s',
    });
  });
});
