import { describe, expect, it } from 'vitest';
import { planSignature, signaturePlaceholder } from './signature-plan';

const BUILD = '0.2.0-20250312.1542';
const DEFAULT = '0.2.0-20250101.1200';

describe('what Connect sends as the build signature', () => {
  it('sends nothing for the simulator, whatever was typed (it answers with its own build)', () => {
    expect(planSignature(BUILD, true, DEFAULT)).toEqual({
      ok: true,
      send: null,
      says: expect.stringContaining('simulator'),
    });
    expect(signaturePlaceholder(true, null)).toMatch(/not needed/);
  });

  it('sends the typed signature, trimmed', () => {
    expect(planSignature(`  ${BUILD} `, false, DEFAULT)).toEqual({
      ok: true,
      send: BUILD,
      says: `sends ${BUILD}`,
    });
  });

  it('refuses a malformed signature before sending, with the expected shape', () => {
    const plan = planSignature('0.2.0', false, DEFAULT);
    expect(plan.ok).toBe(false);
    if (!plan.ok)
      expect(plan.problem).toMatch(
        /'0\.2\.0' is not a build signature; it looks like \d\.\d\.\d-\d{8}\.\d{4}/,
      );
  });

  it('an empty field sends the configured default, and the placeholder says which', () => {
    expect(planSignature('', false, DEFAULT)).toEqual({
      ok: true,
      send: DEFAULT,
      says: `sends ${DEFAULT} (the configured default)`,
    });
    expect(signaturePlaceholder(false, DEFAULT)).toBe(`empty: sends ${DEFAULT} (default)`);
  });

  it('an empty field with no default says a real link needs one (never promises a default that is not there)', () => {
    const plan = planSignature('', false, null);
    expect(plan).toEqual({ ok: false, problem: expect.stringMatching(/needs its build signature.*Detect/) });
    expect(signaturePlaceholder(false, null)).toMatch(/^required/);
  });
});
