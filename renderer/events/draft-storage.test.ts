import { describe, expect, it } from 'vitest';
import { defaultDraft } from './event-draft';
import { DRAFT_STORAGE_KEY, loadDraft, saveDraft } from './draft-storage';

function storage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe('designer draft storage', () => {
  it('restores what was saved', () => {
    const s = storage();
    const draft = { ...defaultDraft('syscall'), target: '55', action: 'script' as const, script: 'x = 1;' };
    saveDraft(s, draft);
    expect(loadDraft(s)).toEqual(draft);
  });

  it('falls back to the defaults for broken or foreign entries, field by field', () => {
    expect(loadDraft(storage({ [DRAFT_STORAGE_KEY]: '{not json' }))).toEqual(defaultDraft('monitor'));
    expect(loadDraft(storage({ [DRAFT_STORAGE_KEY]: '{"kind":"nope","target":"1"}' }))).toEqual({
      ...defaultDraft('monitor'),
      target: '1',
    });
    expect(loadDraft(storage({ [DRAFT_STORAGE_KEY]: '{"kind":"cpuid","imm":"yes"}' }))).toEqual(
      defaultDraft('cpuid'),
    );
  });
});
