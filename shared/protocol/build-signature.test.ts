import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_BUILD_SIGNATURE,
  isBuildSignature,
  notASignatureMessage,
  SIGNATURE_NEEDED_MESSAGE,
} from './build-signature';
import { encodeVersionPayload } from './payloads';

describe('build signature', () => {
  it('accepts A.B.C-YYYYMMDD.HHMM and nothing else', () => {
    expect(isBuildSignature(EXAMPLE_BUILD_SIGNATURE)).toBe(true);
    expect(isBuildSignature('0.23.0')).toBe(false);
    expect(isBuildSignature('0.2.0-20250101.1200 ')).toBe(false);
    expect(isBuildSignature('0.2.0-2025011.1200')).toBe(false);
  });
  it('says what is wrong and how to find the right one, in one wording everywhere', () => {
    expect(notASignatureMessage('latest')).toMatch(
      /^err, 'latest' is not a HyperDbg build signature; it looks like 0\.2\.0-/,
    );
    expect(notASignatureMessage('latest')).toContain('--detect-signature');
    expect(SIGNATURE_NEEDED_MESSAGE).toMatch(/build signature is needed.*--detect-signature/);
    expect(() => encodeVersionPayload('latest')).toThrow(notASignatureMessage('latest'));
  });
});
