// Global keyboard shortcuts, WinDbg-style. A pure mapping from a key event to an action so it
// can be tested without a DOM and documented from one table.
import type { PaneId } from '../state/layout';

export type ShortcutAction =
  | { kind: 'run'; action: 'go' | 'step-over' | 'step-into' | 'step-out' }
  | { kind: 'pause' }
  | { kind: 'run-script' }
  | { kind: 'focus'; pane: PaneId }
  | { kind: 'toggle-theme' };

export interface KeyLike {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

/** Alt+digit focuses a pane; the order is also the order of the View menu. */
export const FOCUS_KEYS: readonly (readonly [string, PaneId])[] = [
  ['1', 'console'],
  ['2', 'disassembly'],
  ['3', 'registers'],
  ['4', 'memory'],
  ['5', 'events'],
  ['6', 'logs'],
  ['7', 'pools'],
  ['8', 'script'],
  ['9', 'connect'],
  ['0', 'callstack'],
  ['b', 'breakpoints'],
];

export const SHORTCUT_TABLE: readonly (readonly [string, string])[] = [
  ['F5', 'go (g)'],
  ['F10', 'step over (p)'],
  ['F11', 'step into (t)'],
  ['Shift+F11', 'step out (gu)'],
  ['Ctrl+Break / Ctrl+Shift+C', 'pause (break in)'],
  ['Ctrl+Enter', 'run the script editor as ?'],
  [
    'Alt+1..9, 0, B',
    'focus Console, Disassembly, Registers, Memory, Events, Logs, Pools, Script, Connect, Call stack, Breakpoints',
  ],
  ['Ctrl+Shift+L', 'toggle dark/light theme'],
];

export function shortcutFor(e: KeyLike): ShortcutAction | null {
  const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
  if (e.key === 'F5' && plain && !e.shiftKey) return { kind: 'run', action: 'go' };
  if (e.key === 'F10' && plain && !e.shiftKey) return { kind: 'run', action: 'step-over' };
  if (e.key === 'F11' && plain) return { kind: 'run', action: e.shiftKey ? 'step-out' : 'step-into' };
  // Ctrl+Break arrives as key "Cancel" in Chromium; laptops without Break get Ctrl+Shift+C.
  if (e.ctrlKey && (e.key === 'Cancel' || e.key === 'Pause' || e.code === 'Pause')) return { kind: 'pause' };
  if (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c') return { kind: 'pause' };
  if (e.ctrlKey && !e.shiftKey && !e.altKey && e.key === 'Enter') return { kind: 'run-script' };
  if (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l') return { kind: 'toggle-theme' };
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    const digit = e.code?.startsWith('Digit')
      ? e.code.slice(5)
      : e.code === 'KeyB'
        ? 'b'
        : e.key.toLowerCase();
    const hit = FOCUS_KEYS.find(([k]) => k === digit);
    if (hit) return { kind: 'focus', pane: hit[1] };
  }
  return null;
}
