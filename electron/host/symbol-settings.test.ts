// The Settings' symbol path reaches the session: at connect and when the setting changes, through
// the real host, backend, façade and PDB resolver against the in-process simulator. The folder
// holds the repo's fixture PDB under the name of a simulator module's PDB (hal.pdb), so the
// resolver can only report "another build" if it really looked in the configured folder.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreferencesStore } from './preferences';
import { createSessionBackend } from './session-backend';
import { StudioHost } from './studio-host';
import { simulatorSymbolPath } from '../app/in-process-simulator';

const FIXTURE_PDB = new URL('../symbols/testdata/fixture.pdb', import.meta.url).pathname;

let folder: string;
let symbols: string;
let host: StudioHost;
let printed = '';

/** Console text printed by one console command (the host batches it; flush sends it now). */
async function run(command: string): Promise<string> {
  const from = printed.length;
  const outcome = await host.invoke('console:execute', { text: command });
  expect(outcome.ok).toBe(true);
  host.flush();
  return printed.slice(from);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'hds-symbol-settings-'));
  symbols = join(folder, 'symbols');
  mkdirSync(symbols);
  copyFileSync(FIXTURE_PDB, join(symbols, 'hal.pdb'));
  host = new StudioHost({
    backend: createSessionBackend({ simOptions: { seed: 5, rate: 100 }, logs: { folder } }),
    preferences: new PreferencesStore(join(folder, 'data')),
    exportFolder: join(folder, 'exports'),
    allowExportPaths: false,
  });
  host.onPush((channel, payload) => {
    if (channel === 'session:batch' && 'console' in payload && payload.console)
      printed += payload.console.map((chunk) => chunk.text).join('');
  });
  expect(await host.invoke('settings:set', { patch: { symbolPath: symbols } })).toMatchObject({ ok: true });
  expect(await host.invoke('session:connect', { endpoint: 'sim', signature: null })).toMatchObject({
    value: { ok: true },
  });
  expect(await host.invoke('debug:pause', {})).toMatchObject({ value: { ok: true } });
}, 30_000);

afterAll(async () => {
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("the Settings' symbol path in the session", () => {
  it("is the session's symbol path from the connect on, and the resolver searches it", async () => {
    expect(await run('.sympath')).toContain(`current symbol server is : ${symbols}\n`);
    await run('.sym reload');
    const loaded = await run('.sym load');
    expect(loaded).toContain(`${join(symbols, 'hal.pdb')} belongs to another build`);
  });

  it('reconfigures the running session when the setting changes', async () => {
    const other = join(folder, 'elsewhere');
    expect(await host.invoke('settings:set', { patch: { symbolPath: other } })).toMatchObject({ ok: true });
    expect(await run('.sympath')).toContain(`current symbol server is : ${other}\n`);
    const loaded = await run('.sym load');
    expect(loaded).not.toContain('belongs to another build');
    expect(loaded).toMatch(/hal\.pdb \([0-9a-f]+\) for hal\.dll is not in the symbol path \(.*elsewhere\)/i);

    // cleared on the built-in simulator: its own modules' PDB folder, as at a first start
    expect(await host.invoke('settings:set', { patch: { symbolPath: null } })).toMatchObject({ ok: true });
    expect(await run('.sympath')).toContain(`current symbol server is : ${simulatorSymbolPath()}\n`);
  });
});
