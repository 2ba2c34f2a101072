import { describe, expect, it } from 'vitest';
import { loadDraft, saveDraft } from './draft-storage';
import { DEFAULT_ENDPOINT } from './endpoint';
import { memoryStorage } from '../state/testing/memory-storage';

/** Storage holding `text` as the saved draft. */
const withDraft = (text: string) => memoryStorage({ 'hds.connect.draft': text });

describe('Connect form across reloads', () => {
  it('gives back what was saved', () => {
    const storage = memoryStorage();
    const draft = { ...DEFAULT_ENDPOINT, kind: 'tcp' as const, host: '10.0.0.2', port: '5555', baud: 57600 };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('falls back to the defaults field by field on damaged storage', () => {
    expect(loadDraft(withDraft('{not json'))).toEqual(DEFAULT_ENDPOINT);
    expect(loadDraft(withDraft('42'))).toEqual(DEFAULT_ENDPOINT);
    expect(loadDraft(withDraft(JSON.stringify({ kind: 'ftp', baud: 7, host: 3, port: '99' })))).toEqual({
      ...DEFAULT_ENDPOINT,
      port: '99',
    });
  });
});
