import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSessionBackend } from './session-backend';

describe('GUI host: one trigger row per stage', () => {
  it('stores each event trigger once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hds-host-'));
    const backend = createSessionBackend({ simOptions: { cores: 2, rate: 200 }, logs: { folder } });
    try {
      expect((await backend.connect('sim', null)).ok).toBe(true);
      expect((await backend.pause()).ok).toBe(true);
      expect((await backend.execute('!cpuid stage all')).ok).toBe(true);
      for (let i = 0; i < 2; i++) {
        expect((await backend.execute('g')).ok).toBe(true);
        const deadline = Date.now() + 10_000;
        while (backend.snapshot().paused === null && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, 200));
      const entries = await backend.queryLogs(null, { stage: 'all', text: 'triggered' }, { limit: 100 }, {});
      expect(entries.map((e) => [e.text.trim(), e.stage])).toEqual([
        ['event 0x0 triggered (pre)', 'pre'],
        ['event 0x0 triggered (post)', 'post'],
      ]);
    } finally {
      await backend.disconnect();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);
});
