/** The editor calls these on every keystroke with arbitrary text: they must never throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completionsAt, handleLanguageRequest, hoverAt, signatureHelpAt } from './index';

const scriptLike = fc.stringMatching(/^[a-z0-9@$_.(){}[\];,"\\/* +\-=<>&|!~\n]{0,80}$/);

describe('language service robustness', () => {
  it('completion, hover and signature help accept any text and position', () => {
    fc.assert(
      fc.property(
        fc.oneof(scriptLike, fc.string({ maxLength: 80 })),
        fc.integer({ min: -5, max: 100 }),
        (source, at) => {
          expect(Array.isArray(completionsAt(source, at))).toBe(true);
          hoverAt(source, Math.max(1, at % 4), at);
          signatureHelpAt(source, at);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('the worker handler answers any message without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (message) => {
        expect(typeof handleLanguageRequest(message).kind).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
