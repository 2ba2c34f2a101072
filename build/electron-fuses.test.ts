// The packaged app's Electron fuses (build/electron-builder.yml → electronFuses, flipped by
// @electron/fuses at packaging). Every fuse @electron/fuses knows must be decided explicitly, so
// an upgrade that adds one fails here until someone chooses its value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

function configuredFuses(): Record<string, boolean> {
  const text = readFileSync(join(import.meta.dirname, 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?: {2}\w+: (?:true|false)\n)+)/m.exec(text);
  if (!block) throw new Error('build/electron-builder.yml has no electronFuses block');
  return Object.fromEntries(
    [...block[1].matchAll(/^ {2}(\w+): (true|false)$/gm)].map(([, name, value]) => [name, value === 'true']),
  );
}

describe('electron-builder fuses', () => {
  it('sets every fuse @electron/fuses defines, and nothing it does not know', () => {
    const known = Object.keys(FuseV1Options)
      .filter((key) => Number.isNaN(Number(key)))
      .map((name) => name[0].toLowerCase() + name.slice(1));
    expect(Object.keys(configuredFuses()).sort()).toEqual(known.sort());
  });

  it('closes the ways to run the shipped binary as a general Node runtime or debug it', () => {
    expect(configuredFuses()).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
