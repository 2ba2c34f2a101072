import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptCompileSession, bytesToHex, formatListing, hexToBytes } from './index';

interface Golden {
  id: string;
  script: string;
  ok: boolean | null;
  hex?: string;
  error?: string;
  prelude?: string[];
  undefined?: [number, number][];
}

const goldens = readFileSync(new URL('./testdata/goldens.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Golden)
  .filter((g) => g.ok !== null);

/** Golden bytes with HyperDbg's never-written string padding zeroed (we always write zeros). */
function expectedBytes(g: Golden): Uint8Array {
  const bytes = hexToBytes(g.hex ?? '') ?? new Uint8Array(0);
  for (const [offset, length] of g.undefined ?? []) bytes.fill(0, offset, offset + length);
  return bytes;
}

/** The reference listings.txt, keyed by golden id. */
const listings = new Map(
  readFileSync(new URL('./testdata/listings.txt', import.meta.url), 'utf8')
    .split('### ')
    .slice(1)
    .map(
      (block) =>
        [block.slice(0, block.indexOf('\n')), block.slice(block.indexOf('\n') + 1).trimEnd()] as const,
    ),
);

describe('HyperDbg v0.23 golden compilations', () => {
  it('formats every accepted golden exactly like the reference listings', () => {
    const accepted = goldens.filter((g) => g.ok);
    expect(accepted.length).toBeGreaterThan(0);
    for (const g of accepted) expect(formatListing(expectedBytes(g)), g.id).toBe(listings.get(g.id));
  });

  it('agrees with the real compiler (accept/reject 100%, bytes >= 99.5%, messages >= 95%)', () => {
    let agree = 0;
    let accepted = 0;
    let identical = 0;
    let messages = 0;
    let sameMessage = 0;
    for (const g of goldens) {
      const session = new ScriptCompileSession();
      for (const p of g.prelude ?? []) session.compile(p);
      const r = session.compile(g.script);
      if (r.ok === g.ok) agree++;
      if (g.ok) {
        accepted++;
        if (r.ok && bytesToHex(r.bytes) === bytesToHex(expectedBytes(g))) identical++;
      } else if (g.error !== undefined) {
        messages++;
        if (!r.ok && r.error.message === g.error) sameMessage++;
      }
    }
    const pct = (a: number, b: number) => (100 * a) / b;
    console.log(
      `goldens: accept/reject ${agree}/${goldens.length} (${pct(agree, goldens.length).toFixed(2)}%), ` +
        `byte-identical ${identical}/${accepted} (${pct(identical, accepted).toFixed(2)}%), ` +
        `messages ${sameMessage}/${messages} (${pct(sameMessage, messages).toFixed(2)}%)`,
    );
    expect(pct(agree, goldens.length)).toBe(100);
    expect(pct(identical, accepted)).toBeGreaterThanOrEqual(99.5);
    expect(pct(sameMessage, messages)).toBeGreaterThanOrEqual(95);
  });
});
