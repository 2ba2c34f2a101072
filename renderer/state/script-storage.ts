// The open script (its file name and text) kept across reloads and restarts, so a page reload or
// a new window does not lose what was being written.
const KEY = 'hds.script.open';
/** Far beyond any hand-written script; a bigger text is not kept rather than filling the storage. */
const MAX_TEXT = 1_000_000;

export interface OpenScript {
  readonly fileName: string;
  readonly text: string;
}

export function loadOpenScript(storage: Pick<Storage, 'getItem'>): OpenScript | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { fileName, text } = value as Record<string, unknown>;
    if (typeof fileName !== 'string' || typeof text !== 'string' || text.length > MAX_TEXT) return null;
    return { fileName: fileName.slice(0, 255) || 'script.ds', text };
  } catch {
    return null;
  }
}

export function saveOpenScript(storage: Pick<Storage, 'setItem'>, script: OpenScript): void {
  if (script.text.length > MAX_TEXT) return;
  try {
    storage.setItem(KEY, JSON.stringify(script));
  } catch {
    // A full or disabled storage only loses the convenience.
  }
}
