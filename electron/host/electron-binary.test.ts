import { describe, expect, it } from 'vitest';
import { browserModeNotice, findElectronBinary } from './electron-binary';

function failing(error: Error & { code?: string }): (id: string) => unknown {
  return () => {
    throw error;
  };
}

describe('findElectronBinary', () => {
  it('names the npm install that brings the package back when npm dropped it after a failed download', () => {
    const missing = Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
    const found = findElectronBinary(failing(missing));
    expect(found.found).toBe(false);
    if (found.found) return;
    expect(found.reason).toMatch(/optional electron package is not installed/);
    expect(found.remedy).toMatch(/`npm install electron`/);
    const line = browserModeNotice(found);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^hds: no Electron window: .*; serving browser mode instead \(for the window, run `npm install electron`/,
    );
  });

  it('names install.js when the package is there without its binary (skipped download)', () => {
    const found = findElectronBinary(
      failing(
        new Error(
          'Electron failed to install correctly, please delete node_modules/electron and try installing again',
        ),
      ),
    );
    expect(found).toMatchObject({ found: false, reason: expect.stringMatching(/no downloaded binary/) });
    expect(!found.found && found.remedy).toMatch(/node node_modules\/electron\/install\.js/);
  });

  it('refuses a path that does not exist and accepts one that does', () => {
    expect(findElectronBinary(() => '/nonexistent/electron').found).toBe(false);
    expect(findElectronBinary(() => process.execPath)).toEqual({ found: true, path: process.execPath });
  });
});
