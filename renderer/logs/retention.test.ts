import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/ipc/model';
import { draftOf, parseRetention } from './retention';

describe('the retention form', () => {
  it('shows the saved limits and reads them back unchanged', () => {
    const draft = draftOf(DEFAULT_SETTINGS.logRetention);
    expect(draft).toEqual({ maxSessions: '100', maxAgeDays: '30', maxTotalMb: '4096', minFreeMb: '512' });
    expect(parseRetention(draft)).toEqual(DEFAULT_SETTINGS.logRetention);
  });

  it('reads typed whole numbers, 0 included, and names the first field that is not one', () => {
    const draft = { maxSessions: ' 5 ', maxAgeDays: '0', maxTotalMb: '250', minFreeMb: '64' };
    expect(parseRetention(draft)).toEqual({ maxSessions: 5, maxAgeDays: 0, maxTotalMb: 250, minFreeMb: 64 });
    expect(parseRetention({ ...draft, maxAgeDays: '-1' })).toEqual({
      invalid: '"delete ended sessions after … days" needs a whole number (0: no limit)',
    });
    expect(parseRetention({ ...draft, maxTotalMb: '1.5' })).toMatchObject({
      invalid: /keep the archive under/,
    });
    expect(parseRetention({ ...draft, minFreeMb: '' })).toMatchObject({ invalid: /stop storing below/ });
  });
});
