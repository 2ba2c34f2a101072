import { describe, expect, it } from 'vitest';
import { loadDraft, saveDraft } from './draft-storage';
import { DEFAULT_ENDPOINT } from './endpoint';

function memoryStorage(initial?: string) {
  const items = new Map<string, string>();
  if (initial !== undefined) items.set('hds.connect.draft', initial);
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

describe('Connect form across reloads', () => {
  it('gives back what was saved', () => {
    const storage = memoryStorage();
    const draft = { ...DEFAULT_ENDPOINT, kind: 'tcp' as const, host: '10.0.0.2', port: '5555', baud: 57600 };
    saveDraft(storage, draft);
    expect(loadDraft(storage)).toEqual(draft);
  });

  it('falls back to the defaults field by field on damaged storage', () => {
    expect(loadDraft(memoryStorage('{not json'))).toEqual(DEFAULT_ENDPOINT);
    expect(loadDraft(memoryStorage('42'))).toEqual(DEFAULT_ENDPOINT);
    expect(loadDraft(memoryStorage(JSON.stringify({ kind: 'ftp', baud: 7, host: 3, port: '99' })))).toEqual({
      ...DEFAULT_ENDPOINT,
      port: '99',
    });
  });
});
