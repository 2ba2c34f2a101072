// The endpoint form as last edited, kept across reloads (the session's own endpoint wins while a
// session is open). Anything unreadable falls back to the defaults field by field.
import { HYPERDBG_BAUD_RATES } from '../../shared/endpoint';
import { DEFAULT_ENDPOINT, type EndpointDraft, type EndpointKind } from './endpoint';

const KEY = 'hds.connect.draft';
const KINDS: readonly EndpointKind[] = ['sim', 'serial', 'pipe', 'unix', 'tcp'];
const TEXT_FIELDS = ['serialPort', 'pipe', 'unixPath', 'host', 'port'] as const;

export function loadDraft(storage: Pick<Storage, 'getItem'>): EndpointDraft {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    return DEFAULT_ENDPOINT;
  }
  if (typeof stored !== 'object' || stored === null) return DEFAULT_ENDPOINT;
  const raw = stored as Record<string, unknown>;
  const draft: { -readonly [K in keyof EndpointDraft]: EndpointDraft[K] } = { ...DEFAULT_ENDPOINT };
  if (KINDS.includes(raw.kind as EndpointKind)) draft.kind = raw.kind as EndpointKind;
  if ((HYPERDBG_BAUD_RATES as readonly unknown[]).includes(raw.baud)) draft.baud = raw.baud as number;
  for (const field of TEXT_FIELDS) {
    const value = raw[field];
    if (typeof value === 'string' && value.length <= 1024) draft[field] = value;
  }
  return draft;
}

export function saveDraft(storage: Pick<Storage, 'setItem'>, draft: EndpointDraft): void {
  try {
    storage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the convenience.
  }
}
