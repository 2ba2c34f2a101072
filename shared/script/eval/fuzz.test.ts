/**
 * The evaluator must never throw and never hang, whatever bytes it is given: random slot
 * sequences, mutated real compiler output, and every compiled golden against a host where
 * nothing is mapped.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes, SYMBOL_SIZE } from '../wire';
import { createGlobalState, createMemoryHost, evaluateScript } from './index';

/** The reference goldens the compiler's tests also use (one JSON object per line). */
const goldens = readFileSync(new URL('../testdata/goldens.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { ok: boolean | null; hex?: string })
  .filter((golden) => golden.ok === true && golden.hex !== undefined);

const BUDGET = 2_000;

function slot(type: bigint, len: bigint, value: bigint): Uint8Array {
  const bytes = new Uint8Array(SYMBOL_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, type, true);
  view.setBigUint64(8, len, true);
  view.setBigUint64(16, value, true);
  return bytes;
}

const smallOrAny = fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
const slotArbitrary = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: 22n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
    fc.oneof(fc.constantFrom(0n, 1n, 2n), smallOrAny),
    fc.oneof(fc.bigInt({ min: 0n, max: 170n }), smallOrAny),
  )
  .map(([type, len, value]) => slot(type, len, value));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function runSafely(bytes: Uint8Array) {
  const host = createMemoryHost({ regions: [{ address: 0x1000n, bytes: new Uint8Array(0x100) }] });
  const result = evaluateScript(bytes, host, createGlobalState(), { maxInstructions: BUDGET });
  expect(result.instructions).toBeLessThanOrEqual(BUDGET + 1);
  expect(typeof result.ok).toBe('boolean');
  return result;
}

const compiled = goldens.map((g) => hexToBytes(g.hex!)!);

describe('evaluator robustness', () => {
  it('never throws on random slot sequences', () => {
    fc.assert(
      fc.property(fc.array(slotArbitrary, { maxLength: 40 }), (slots) => {
        runSafely(concat(slots));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on raw random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        runSafely(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated compiler output', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: compiled.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (which, edits) => {
          const bytes = compiled[which]!.slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          runSafely(bytes);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('runs every compiled golden to an end within the budget', () => {
    expect(compiled.length).toBeGreaterThan(250);
    let completed = 0;
    for (const bytes of compiled) {
      if (runSafely(bytes).ok) completed++;
    }
    // Most goldens read unmapped memory or registers; a good part must still run to the end.
    expect(completed).toBeGreaterThan(compiled.length / 3);
  });
});
