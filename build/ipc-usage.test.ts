import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pushChannels, requestChannels } from '../shared/ipc/channels';
import { unusedContractParts } from './ipc-usage';
import { productSources } from './type-names';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Product sources of the given top folders, without test fakes and without the contract itself. */
function sourcesUnder(folders: readonly string[]): Map<string, string> {
  return new Map(
    [...productSources(root)].filter(
      ([file]) =>
        folders.some((folder) => file.startsWith(`${folder}/`)) &&
        !file.startsWith('shared/ipc/') &&
        !/\/testing\//.test(file),
    ),
  );
}

describe('IPC contract usage check', () => {
  const contract = {
    requestChannels: {
      'demo:read': {
        request: z.strictObject({ address: z.string(), unreadFlag: z.boolean() }),
        response: z.strictObject({
          bytes: z.string(),
          rows: z.array(z.strictObject({ neverShown: z.int() })),
        }),
      },
      'demo:unused': { request: z.strictObject({}), response: z.strictObject({}) },
    },
    pushChannels: { 'demo:push': z.strictObject({ count: z.int().optional(), stale: z.int() }) },
  };

  it('names every unused channel and field', () => {
    const renderer = new Map([
      [
        'renderer/a.ts',
        "// 'demo:unused' and neverShown only in a comment\nconst r = await ipc.invoke('demo:read', { address, unreadFlag });\nshow(r.bytes, r.rows);\nipc.on('demo:push', (p) => p.count + fn('stale'));",
      ],
    ]);
    const main = new Map([
      [
        'electron/host/h.ts',
        "handlers = { 'demo:read': ({ address }) => read(address), 'demo:unused': () => ({}) }",
      ],
    ]);
    expect(unusedContractParts({ ...contract, rendererSources: renderer, mainSources: main })).toEqual([
      'main never reads demo:read request.unreadFlag',
      'the renderer never reads demo:read response.rows[].neverShown',
      'the renderer never invokes demo:unused',
      'the renderer never reads demo:push.stale',
    ]);
  });

  it('takes fields main stores as a whole as read', () => {
    const renderer = new Map([
      [
        'r.ts',
        "invoke('demo:read'); invoke('demo:unused'); on('demo:push'); bytes rows neverShown count stale",
      ],
    ]);
    const main = new Map([['m.ts', "'demo:read' 'demo:unused' address"]]);
    expect(
      unusedContractParts({
        ...contract,
        rendererSources: renderer,
        mainSources: main,
        storedWhole: ['demo:read request.unreadFlag'],
      }),
    ).toEqual([]);
    expect(unusedContractParts({ ...contract, rendererSources: renderer, mainSources: new Map() })).toContain(
      'main has no handler for demo:read',
    );
  });

  it('finds no channel or field of the real contract unused', () => {
    expect(
      unusedContractParts({
        requestChannels,
        pushChannels,
        rendererSources: sourcesUnder(['renderer', 'shared']),
        mainSources: sourcesUnder(['electron', 'shared']),
        // The settings patch is stored whole; the renderer reads the fields back via settings:get.
        storedWhole: ['settings:set request.patch.'],
      }),
    ).toEqual([]);
  });
});
