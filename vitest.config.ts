import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Vitest 5's reporter calls Map.groupBy (Node 21+) when it prints failures; on Node 20 the summary
// of a failing run would crash instead of naming the failed tests. Node 20 stays supported only
// while it costs this one shim (see README, "Node.js versions").
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value: <K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> => {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

// One runner for every layer: shared/ and electron/ unit tests, simulator tests over real
// sockets and ptys, renderer store tests, and the browser end-to-end suite under test/e2e
// (Playwright driving Debian's Chromium). `npm test` runs them all.
export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'simulator/**/*.test.ts',
      'renderer/**/*.test.ts',
      'build/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Session archives and settings of the tests go to a throwaway folder, never the user's.
    env: { HDS_DATA_DIR: join(tmpdir(), `hds-test-data-${process.pid}`) },
  },
});
