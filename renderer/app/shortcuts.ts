// Global keyboard shortcuts, WinDbg-style. A pure mapping from a key event to an action so it
// can be tested without a DOM and documented from one table.
import type { PaneId } from '../state/layout';

export type ShortcutAction =
  | { kind: 'run'; action: 'go' | 'step-over' | 'step-into' | 'step-out' }
  | { kind: 'pause' }
  | { kind: 'toggle-breakpoint' }
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

/**
 * Alt+digit focuses a pane with WinDbg's numbers (1 Command, 4 Registers, 5 Memory, 6 Call
 * Stack, 7 Disassembly, 8 Scratch Pad → Script); panes WinDbg has no number for take a letter.
 */
export const FOCUS_KEYS: readonly (readonly [string, PaneId])[] = [
  ['1', 'console'],
  ['4', 'registers'],
  ['5', 'memory'],
  ['6', 'callstack'],
  ['7', 'disassembly'],
  ['8', 'script'],
  ['e', 'events'],
  ['l', 'logs'],
  ['p', 'pools'],
  ['b', 'breakpoints'],
  ['c', 'connect'],
];

export function shortcutFor(e: KeyLike): ShortcutAction | null {
  const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
  if (e.key === 'F5' && plain && !e.shiftKey) return { kind: 'run', action: 'go' };
  if (e.key === 'F9' && plain && !e.shiftKey) return { kind: 'toggle-breakpoint' };
  if (e.key === 'F10' && plain && !e.shiftKey) return { kind: 'run', action: 'step-over' };
  if (e.key === 'F11' && plain) return { kind: 'run', action: e.shiftKey ? 'step-out' : 'step-into' };
  // Ctrl+Break arrives as key "Cancel" in Chromium; laptops without Break get Ctrl+Shift+C.
  if (e.ctrlKey && (e.key === 'Cancel' || e.key === 'Pause' || e.code === 'Pause')) return { kind: 'pause' };
  if (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c') return { kind: 'pause' };
  if (e.ctrlKey && !e.shiftKey && !e.altKey && e.key === 'Enter') return { kind: 'run-script' };
  if (e.ctrlKey && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l') return { kind: 'toggle-theme' };
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    // The physical key: Alt+letter produces other characters on macOS and some layouts.
    const digit = e.code?.startsWith('Digit')
      ? e.code.slice(5)
      : e.code?.startsWith('Key')
        ? e.code.slice(3).toLowerCase()
        : e.key.toLowerCase();
    const hit = FOCUS_KEYS.find(([k]) => k === digit);
    if (hit) return { kind: 'focus', pane: hit[1] };
  }
  return null;
}
