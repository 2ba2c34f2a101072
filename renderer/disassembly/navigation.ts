// Back/forward history of the Disassembly pane, like a browser's: going somewhere new drops the
// forward entries. `null` stands for "follow RIP".
export interface NavigationHistory {
  readonly entries: readonly (string | null)[];
  readonly index: number;
}

export const START: NavigationHistory = { entries: [null], index: 0 };
const MAX_ENTRIES = 100;

export function current(history: NavigationHistory): string | null {
  return history.entries[history.index] ?? null;
}

export function visit(history: NavigationHistory, address: string | null): NavigationHistory {
  if (current(history) === address) return history;
  const entries = [...history.entries.slice(0, history.index + 1), address].slice(-MAX_ENTRIES);
  return { entries, index: entries.length - 1 };
}

export function back(history: NavigationHistory): NavigationHistory {
  return history.index > 0 ? { ...history, index: history.index - 1 } : history;
}

export function forward(history: NavigationHistory): NavigationHistory {
  return history.index < history.entries.length - 1 ? { ...history, index: history.index + 1 } : history;
}
