import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreferencesStore } from './preferences';
import { exportPathChooser, type SaveDialogRequest, type ShowSaveDialog } from './export-dialog';
import { StudioHost } from './studio-host';
import { fakeBackend } from './testing/fake-backend';

/** Stands in for Electron's save dialog: answers what the test says and records what it was asked. */
function fakeDialog(answer: { canceled: boolean; filePath?: string }) {
  const asked: SaveDialogRequest[] = [];
  const show: ShowSaveDialog = async (request) => {
    asked.push(request);
    return answer;
  };
  return { show, asked };
}

describe('the Electron save dialog for exports', () => {
  it('offers a file named by the format in the default folder, filtered to that format', async () => {
    const dialog = fakeDialog({ canceled: false, filePath: '/home/u/run1.csv' });
    expect(await exportPathChooser(dialog.show, '/home/u/Documents')('csv')).toBe('/home/u/run1.csv');
    expect(dialog.asked).toEqual([
      {
        title: 'Export logs',
        defaultPath: join('/home/u/Documents', 'hds-logs.csv'),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      },
    ]);
  });

  it("adds the format's extension to a name without one, keeps a name that has one", async () => {
    const bare = fakeDialog({ canceled: false, filePath: '/tmp/run1' });
    expect(await exportPathChooser(bare.show, '/tmp')('jsonl')).toBe('/tmp/run1.jsonl');
    expect(bare.asked[0]!.filters).toEqual([{ name: 'JSON lines', extensions: ['jsonl'] }]);
    const named = fakeDialog({ canceled: false, filePath: '/tmp/run1.txt' });
    expect(await exportPathChooser(named.show, '/tmp')('jsonl')).toBe('/tmp/run1.txt');
  });

  it('answers null when the user cancels (no export runs)', async () => {
    expect(await exportPathChooser(fakeDialog({ canceled: true }).show, '/tmp')('csv')).toBeNull();
    expect(await exportPathChooser(fakeDialog({ canceled: false }).show, '/tmp')('csv')).toBeNull();
  });

  it('through the host: the chosen path is where the export is written; browser mode has no chooser', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hds-export-dialog-'));
    const chosen = join(dir, 'picked');
    const fake = fakeBackend();
    const electron = new StudioHost({
      backend: fake.backend,
      preferences: new PreferencesStore(join(dir, 'data')),
      exportFolder: join(dir, 'exports'),
      allowExportPaths: true,
      chooseExportPath: exportPathChooser(fakeDialog({ canceled: false, filePath: chosen }).show, dir),
    });
    const picked = await electron.invoke('logs:choose-export-path', { format: 'csv' });
    expect(picked).toEqual({ ok: true, value: { path: `${chosen}.csv`, available: true } });
    const exported = await electron.invoke('logs:export', {
      session: null,
      requestId: null,
      format: 'csv',
      filter: { stage: 'all' },
      path: `${chosen}.csv`,
    });
    expect(exported).toMatchObject({ ok: true, value: { path: `${chosen}.csv`, downloadUrl: null } });
    expect(fake.exports).toEqual([['csv', `${chosen}.csv`]]);

    const browser = new StudioHost({
      backend: fakeBackend().backend,
      preferences: new PreferencesStore(join(dir, 'data2')),
      exportFolder: join(dir, 'exports'),
      allowExportPaths: false,
      exportDownloadUrl: (name) => `/exports/${name}`,
    });
    expect(await browser.invoke('logs:choose-export-path', { format: 'jsonl' })).toEqual({
      ok: true,
      value: { path: null, available: false },
    });
  });
});
