// UI-only state: the dock layout and the open script (both read from localStorage when the store
// is created, before any pane mounts, and saved on every change), plus the cross-pane navigation
// requests ("show this address in Memory / Disassembly", "focus pane").
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  activatePane,
  movePane,
  parseLayout,
  resize,
  toggleCollapsed,
  toggleTheme,
  type AreaId,
  type Layout,
  type PaneId,
  type Split,
} from './layout';
import { loadOpenScript, saveOpenScript } from './script-storage';

export const LAYOUT_STORAGE_KEY = 'hds.layout.v1';

export interface UiState {
  readonly layout: Layout;
  /** "Show this address" requests; `n` makes a repeated request for the same address count. */
  readonly memoryRequest: { readonly address: string; readonly n: number } | null;
  readonly disassemblyRequest: { readonly address: string; readonly n: number } | null;
  /** The Disassembly line the user picked (F9 toggles a breakpoint there; RIP when null). */
  readonly disassemblySelection: string | null;
  /** Bumped on each focus request so the pane can move keyboard focus into itself. */
  readonly focusRequest: { readonly pane: PaneId; readonly n: number } | null;
  /** Script text the editor should load (e.g. "edit this event's script"). */
  readonly scriptToLoad: { readonly text: string; readonly n: number } | null;
  /** Current text of the Script pane (Ctrl+Enter runs it as `?`), restored at startup. */
  readonly scriptText: string;
  /** The name the open script was opened or is saved under. */
  readonly scriptFileName: string;
  /** A script the event designer should take as its script action. */
  readonly scriptToAttach: { readonly text: string; readonly n: number } | null;
  focus(pane: PaneId): void;
  move(pane: PaneId, to: AreaId): void;
  /** Sets a splitter as a fraction of the window. */
  resize(which: Split, fraction: number): void;
  toggleCollapsed(side: 'left' | 'right'): void;
  toggleTheme(): void;
  showMemory(address: string): void;
  showDisassembly(address: string): void;
  selectDisassembly(address: string | null): void;
  loadScript(text: string): void;
  /** Changes the open script (and its file name, when opened from a file); kept across reloads. */
  setScriptText(text: string, fileName?: string): void;
  attachScript(text: string): void;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function createUiStore(storage: KeyValueStorage): StoreApi<UiState> {
  let counter = 0;
  const restoredScript = loadOpenScript(storage);
  const store = createStore<UiState>()((set, get) => {
    const update = (layout: Layout) => {
      set({ layout });
      try {
        storage.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
      } catch {
        // Storage full or disabled: the layout still works for this session.
      }
    };
    return {
      layout: parseLayout(storage.getItem(LAYOUT_STORAGE_KEY)),
      memoryRequest: null,
      disassemblyRequest: null,
      disassemblySelection: null,
      focusRequest: null,
      scriptToLoad: null,
      scriptText: restoredScript?.text ?? '',
      scriptFileName: restoredScript?.fileName ?? 'script.ds',
      scriptToAttach: null,
      focus(pane) {
        update(activatePane(get().layout, pane));
        set({ focusRequest: { pane, n: ++counter } });
      },
      move(pane, to) {
        update(movePane(get().layout, pane, to));
      },
      resize(which, fraction) {
        update(resize(get().layout, which, fraction));
      },
      toggleCollapsed(side) {
        update(toggleCollapsed(get().layout, side));
      },
      toggleTheme() {
        update(toggleTheme(get().layout));
      },
      showMemory(address) {
        set({ memoryRequest: { address, n: ++counter } });
        get().focus('memory');
      },
      showDisassembly(address) {
        set({ disassemblyRequest: { address, n: ++counter } });
        get().focus('disassembly');
      },
      selectDisassembly(address) {
        set({ disassemblySelection: address });
      },
      loadScript(text) {
        set({ scriptToLoad: { text, n: ++counter } });
        get().focus('script');
      },
      setScriptText(text, fileName = get().scriptFileName) {
        set({ scriptText: text, scriptFileName: fileName });
        saveOpenScript(storage, { fileName, text });
      },
      attachScript(text) {
        set({ scriptToAttach: { text, n: ++counter } });
        get().focus('events');
      },
    };
  });
  return store;
}
