/**
 * The evaluator's dispatch switches use numeric case labels annotated with the symbol or
 * function name (`case 80 /* FUNC_POI_PA *\/`). This holds every such label to the generated
 * v0.23 tables, so a renumbering in a regenerated table cannot silently break dispatch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptFunc, SymbolType } from '../generated/tables';

const source = readFileSync(new URL('./evaluator.ts', import.meta.url), 'utf8');
const labels = [...source.matchAll(/case (\d+) \/\* ([A-Z_0-9]+) \*\//g)].map(([, value, name]) => ({
  value: Number(value),
  name: name!,
}));

describe('evaluator case labels', () => {
  it('are annotated throughout the dispatch', () => {
    expect(labels.length).toBeGreaterThan(150);
  });

  it('equal the generated value of the name they carry', () => {
    const generated: Record<string, number> = { ...ScriptFunc, ...SymbolType } as Record<string, number>;
    const wrong = labels.filter(({ name, value }) => Number(generated[name]) !== value);
    expect(wrong).toEqual([]);
  });
});
