// Command history for the console: ↑/↓ walk the entries that start with what was typed
// before the walk began (prefix search, like a shell's history-search-backward), and the
// line being edited is restored when the walk comes back past the newest entry.

export interface HistoryState {
  /** Oldest first, no consecutive duplicates, bounded. */
  readonly entries: readonly string[];
  /** Index into entries while walking, or -1 when editing a fresh line. */
  readonly cursor: number;
  /** The text typed before the walk started: both the prefix filter and what ↓ returns to. */
  readonly draft: string;
}

export const HISTORY_LIMIT = 1000;

export function emptyHistory(): HistoryState {
  return { entries: [], cursor: -1, draft: '' };
}

export function pushHistory(state: HistoryState, command: string): HistoryState {
  const trimmed = command.trim();
  if (trimmed === '') return { ...state, cursor: -1, draft: '' };
  const last = state.entries[state.entries.length - 1];
  const entries = last === trimmed ? state.entries : [...state.entries, trimmed].slice(-HISTORY_LIMIT);
  return { entries, cursor: -1, draft: '' };
}

/** ↑: the next older entry that starts with the draft. Returns the text to show. */
export function historyUp(state: HistoryState, currentText: string): { state: HistoryState; text: string } {
  const draft = state.cursor === -1 ? currentText : state.draft;
  const start = state.cursor === -1 ? state.entries.length - 1 : state.cursor - 1;
  for (let i = start; i >= 0; i--) {
    const entry = state.entries[i];
    if (entry.startsWith(draft) && entry !== currentText) {
      return { state: { ...state, cursor: i, draft }, text: entry };
    }
  }
  return { state: { ...state, draft, cursor: state.cursor }, text: currentText };
}

/** ↓: the next newer matching entry, or the draft once the walk passes the newest one. */
export function historyDown(state: HistoryState, currentText: string): { state: HistoryState; text: string } {
  if (state.cursor === -1) return { state, text: currentText };
  for (let i = state.cursor + 1; i < state.entries.length; i++) {
    const entry = state.entries[i];
    if (entry.startsWith(state.draft) && entry !== currentText) {
      return { state: { ...state, cursor: i }, text: entry };
    }
  }
  return { state: { ...state, cursor: -1, draft: '' }, text: state.draft };
}
