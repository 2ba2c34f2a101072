import { describe, expect, it } from 'vitest';
import { defaultDraft } from './event-draft';
import { DRAFT_STORAGE_KEY, loadDraft, saveDraft } from './draft-storage';
import { memoryStorage } from '../state/testing/memory-storage';

describe('designer draft storage', () => {
  it('restores what was saved', () => {
    const s = memoryStorage();
    const draft = { ...defaultDraft('syscall'), target: '55', action: 'script' as const, script: 'x = 1;' };
    saveDraft(s, draft);
    expect(loadDraft(s)).toEqual(draft);
  });

  it('falls back to the defaults for broken or foreign entries, field by field', () => {
    expect(loadDraft(memoryStorage({ [DRAFT_STORAGE_KEY]: '{not json' }))).toEqual(defaultDraft('monitor'));
    expect(loadDraft(memoryStorage({ [DRAFT_STORAGE_KEY]: '{"kind":"nope","target":"1"}' }))).toEqual({
      ...defaultDraft('monitor'),
      target: '1',
    });
    expect(loadDraft(memoryStorage({ [DRAFT_STORAGE_KEY]: '{"kind":"cpuid","imm":"yes"}' }))).toEqual(
      defaultDraft('cpuid'),
    );
  });
});
