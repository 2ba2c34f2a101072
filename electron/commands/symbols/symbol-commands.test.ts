import { describe, expect, it } from 'vitest';
import { CommandDispatcher } from '../dispatcher';
import type { DebuggeeLink, RequestFrame, ResumeOptions } from '../../session/link';
import type { SessionSettings } from '../../ports/services';
import { createSymbolCommandHandlers } from './symbol-commands';
import { PdbSymbolResolver } from '../../symbols/symbol-resolver';
import {
  cacheWithFixturePdb,
  FIXTURE_BASE,
  FIXTURE_GUID_AND_AGE,
  fixtureModule,
} from '../../symbols/testing/fixture-pdb';

const record = fixtureModule();

function setup(state: 'paused' | 'running' = 'paused') {
  const cache = cacheWithFixturePdb();
  const resolver = new PdbSymbolResolver({ symbolPath: '', allowDownload: false });
  const resumed: RequestFrame[] = [];
  const link = {
    state,
    resume: async (frame: RequestFrame, options: ResumeOptions) => {
      resumed.push(frame);
      expect(options.awaitPause).toBe(true);
      resolver.setModules([record, record]);
      return { logs: [], collected: [] };
    },
  } as unknown as DebuggeeLink;
  let output = '';
  const dispatcher = new CommandDispatcher({
    link,
    output: (text) => (output += text),
    settings: {} as SessionSettings,
    symbols: resolver,
    script: { compile: () => ({ ok: false, error: 'unused' }) },
    events: { reset() {}, observeLog() {}, observePause() {}, observeResume() {} },
    pools: { reset() {} },
    logs: { append() {} },
  });
  for (const handler of createSymbolCommandHandlers({ resolver })) dispatcher.register(handler);
  return { dispatcher, resolver, cache, resumed, output: () => output, clear: () => (output = '') };
}

describe('symbol commands', () => {
  it('.sympath shows, validates and sets the path like HyperDbg', async () => {
    const t = setup();
    await t.dispatcher.execute('.sympath');
    expect(t.output()).toBe("symbol server is not configured, please use '.help .sympath'\n");
    t.clear();
    expect((await t.dispatcher.execute('.sympath c:\\symbols')).ok).toBe(false);
    expect(t.output()).toContain('symbol path is invalid');
    t.clear();
    await t.dispatcher.execute(`.sympath "srv*${t.cache}*https://example.invalid"`);
    expect(t.output()).toBe(
      "symbol server/path is configured successfully\nuse '.sym load', '.sym reload', or '.sym download' to load pdb files\n",
    );
    t.clear();
    await t.dispatcher.execute('.sympath');
    expect(t.output()).toBe(`current symbol server is : srv*${t.cache}*https://example.invalid\n`);
  });

  it('.sym reload sends SYMBOL_RELOAD with the pid and the new table is used; x and .sym table print HyperDbg lines', async () => {
    const t = setup();
    await t.dispatcher.execute('.sym table');
    expect(t.output()).toContain(
      "err, symbol table is empty. please use '.sym reload' to build the symbol table",
    );
    await t.dispatcher.execute(`.sympath srv*${t.cache}*https://example.invalid`);
    t.clear();
    await t.dispatcher.execute('.sym reload pid 1f34');
    expect(t.resumed.map((f) => [f.packetType, f.action, Buffer.from(f.payload).toString('hex')])).toEqual([
      [1, 26, '341f0000'],
    ]);
    expect(t.output()).toBe('symbol table updated successfully\n');
    t.clear();
    await t.dispatcher.execute('x fixture!*Add*');
    expect(t.output()).toBe('fffff801`63a01010  fixture!HelperAdd\n');
    t.clear();
    await t.dispatcher.execute('x fixture!*NoSuchName*');
    expect(t.output()).toBe("no symbols match 'fixture!*NoSuchName*' in the loaded PDBs\n");
    t.clear();
    await t.dispatcher.execute('x nt!*Alloc*');
    expect(t.output()).toBe(
      "no symbols match 'nt!*Alloc*': no module is named 'nt' ('lm' lists the modules)\n",
    );
    t.clear();
    await t.dispatcher.execute('.sym table');
    expect(t.output().split('\n').slice(0, 8)).toEqual([
      'is pdb details available? : true',
      'is pdb a path instead of module name? : false',
      'base address : fffff80163a00000',
      'file path : \\SystemRoot\\system32\\drivers\\fixture.sys',
      `guid and age : ${FIXTURE_GUID_AND_AGE}`,
      'module symbol path/name : fixture.pdb',
      'is user-mode? : false - is 32-bit? false',
      '========================================================================',
    ]);
    expect(t.output().match(/guid and age/g)).toHaveLength(1);
  });

  it('.sym unload forgets PDBs, .sym load reads them again, .sym download refuses when disabled', async () => {
    const t = setup();
    await t.dispatcher.execute(`.sympath srv*${t.cache}*https://example.invalid`);
    t.resolver.setModules([record]);
    await t.dispatcher.execute('.sym unload');
    expect(t.resolver.resolveSymbol('fixture!HelperAdd')).toMatchObject({
      ok: false,
      error: expect.stringContaining("use '.sym load'"),
    });
    t.clear();
    // Without a PDB, x says why it finds nothing instead of printing nothing.
    await t.dispatcher.execute('x fixture!*Add*');
    expect(t.output()).toBe(
      "no symbols match 'fixture!*Add*': fixture has no symbols loaded (symbols of fixture.pdb were unloaded; use '.sym load' to load them again); set the symbol path with '.sympath', then '.sym load' or '.sym download'\n",
    );
    t.clear();
    await t.dispatcher.execute('.sym load');
    expect(t.output()).toBe('symbols loaded for 1 of 1 modules\n');
    expect(t.resolver.resolveSymbol('fixture!HelperAdd')).toEqual({
      ok: true,
      value: FIXTURE_BASE + 0x1010n,
    });
    expect((await t.dispatcher.execute('.sym download')).ok).toBe(false);
    expect(t.output()).toContain('symbol download is disabled');
  });

  it('.sym reload refuses while the debuggee runs and sends nothing', async () => {
    const t = setup('running');
    expect((await t.dispatcher.execute('.sym reload')).ok).toBe(false);
    expect(t.resumed).toEqual([]);
  });
});
