import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

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
