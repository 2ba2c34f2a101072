// The designer's draft across reloads and restarts: one JSON object in localStorage, checked field
// by field so an old or damaged entry falls back to the defaults instead of breaking the form.
import { defaultDraft, EVENT_KINDS, type EventDraft } from './event-draft';

export const DRAFT_STORAGE_KEY = 'hds.designer-draft.v1';

interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadDraft(storage: KeyValue): EventDraft {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(DRAFT_STORAGE_KEY) ?? 'null');
  } catch {
    saved = null;
  }
  if (typeof saved !== 'object' || saved === null) return defaultDraft('monitor');
  const record = saved as Record<string, unknown>;
  const kind =
    typeof record.kind === 'string' && Object.hasOwn(EVENT_KINDS, record.kind) ? record.kind : 'monitor';
  const draft: Record<string, unknown> = { ...defaultDraft(kind as EventDraft['kind']) };
  for (const [key, fallback] of Object.entries(draft)) {
    if (key !== 'kind' && typeof record[key] === typeof fallback) draft[key] = record[key];
  }
  return draft as unknown as EventDraft;
}

export function saveDraft(storage: KeyValue, draft: EventDraft): void {
  try {
    storage.setItem(DRAFT_STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft still lives for this session.
  }
}
