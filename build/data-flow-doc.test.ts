import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = 'docs/data-flow.md';

/** Repository paths the page names in code spans (`folder/file.ts`) and its relative links. */
function namedPaths(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\s]+\/[^`\s]+\.(?:tsx?|mjs|md))`/g)].map((m) => m[1]!);
  const links = [...markdown.matchAll(/\]\(([^)#\s:]+\.md)(?:#[^)]*)?\)/g)].map((m) =>
    path.join('docs', m[1]!),
  );
  return [...new Set([...spans, ...links])];
}

describe(DOC, () => {
  it('reads the paths of code spans and links', () => {
    expect(namedPaths('see `electron/a/b.ts` `x.ts` and [the layers](architecture.md#top)')).toEqual([
      'electron/a/b.ts',
      'docs/architecture.md',
    ]);
  });

  it('names only files that exist, and walks through both ends of the house', () => {
    const named = namedPaths(readFileSync(path.join(root, DOC), 'utf8'));
    expect(named.filter((file) => !existsSync(path.join(root, file)))).toEqual([]);
    // From the socket (transport) to the pixel (a pane), through the session, app and host.
    for (const layer of [
      'electron/transport/',
      'electron/session/',
      'electron/app/',
      'electron/host/',
      'renderer/',
    ]) {
      expect(named.some((file) => file.startsWith(layer))).toBe(true);
    }
  });
});
