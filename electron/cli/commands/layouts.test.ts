import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './layouts';

interface OracleRecord {
  size: number;
  fields: { name: string; offset: number; size: number }[];
}
const oracle = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/hyperdbg-v0.23/layouts.json', import.meta.url), 'utf8'),
) as Record<string, OracleRecord>;

async function run(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const status = await command.run(args);
  vi.restoreAllMocks();
  return { status, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('hds layouts', () => {
  it('--json prints every structure with the size and top-level fields of layouts.json', async () => {
    const { status, out } = await run(['--json']);
    expect(status).toBe(0);
    const printed = JSON.parse(out) as Record<string, OracleRecord>;
    expect(Object.keys(printed).length).toBeGreaterThanOrEqual(40);
    for (const [name, layout] of Object.entries(printed)) {
      expect(layout.size, name).toBe(oracle[name].size);
      const topLevel = layout.fields.filter((f) => !f.name.includes('.'));
      expect(topLevel, name).toEqual(
        oracle[name].fields.map(({ name: n, offset, size }) => ({ name: n, offset, size })),
      );
    }
    expect(printed.DEBUGGER_GENERAL_EVENT_DETAIL.fields).toContainEqual({
      name: 'Options.OptionalParam6',
      offset: 144,
      size: 8,
    });
  });

  it('prints a readable table for selected structures and rejects unknown names', async () => {
    const { status, out } = await run(['DEBUGGEE_CHANGE_CORE_PACKET']);
    expect(status).toBe(0);
    expect(out).toContain('DEBUGGEE_CHANGE_CORE_PACKET (8 bytes)');
    expect(out).toMatch(/^\s+4\s+4\s+Result$/m);
    const bad = await run(['NOT_A_STRUCT']);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('unknown structure NOT_A_STRUCT');
  });
});
