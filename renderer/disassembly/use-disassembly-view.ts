// The Disassembly pane's data: a window of instructions around an anchor (RIP, or an address the
// user went to), grown upwards (back-decoded by the debuggee side from the function start) and
// downwards as the user scrolls, plus a back/forward history. Reads go through
// `debug:disassemble`, so nothing is printed to the console.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InstructionRow } from '../../shared/ipc/model';
import { useServices, useSession, useUi } from '../app/context';
import { errorText } from '../ui/errors';
import { addHex } from '../ui/format';
import { back, current, forward, START, visit, type NavigationHistory } from './navigation';

/** Instructions read around the anchor, and per scroll step. */
const BEFORE = 12;
const AFTER = 40;
const STEP = 24;
/** Lines kept in the window; the far end is dropped beyond this. */
const MAX_LINES = 400;

export interface DisassemblyView {
  readonly lines: readonly InstructionRow[];
  readonly anchor: string | null;
  readonly error: string | null;
  readonly loading: boolean;
  readonly canBack: boolean;
  readonly canForward: boolean;
  goTo(address: string): void;
  followRip(): void;
  back(): void;
  forward(): void;
  loadEarlier(): Promise<number>;
  loadLater(): Promise<number>;
}

export function useDisassemblyView(): DisassemblyView {
  const { client, ui } = useServices();
  const paused = useSession((s) => s.paused);
  const generation = useSession((s) => s.pauseGeneration);
  const requested = useUi((s) => s.disassemblyRequest);
  const [history, setHistory] = useState<NavigationHistory>(START);
  const [lines, setLines] = useState<readonly InstructionRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const busy = useRef(false);
  const target = current(history);
  const anchor = target ?? paused?.rip ?? null;

  useEffect(() => {
    if (requested) setHistory((h) => visit(h, requested.address));
  }, [requested]);

  // A new halt brings the view back to RIP, as WinDbg's disassembly window does.
  const seenGeneration = useRef(generation);
  useEffect(() => {
    if (generation === seenGeneration.current) return;
    seenGeneration.current = generation;
    setHistory((h) => visit(h, null));
  }, [generation]);

  useEffect(() => {
    if (!anchor || !paused) return;
    let stale = false;
    setLoading(true);
    client.invoke('debug:disassemble', { address: anchor, count: AFTER, before: BEFORE }).then(
      (r) => {
        if (stale) return;
        setLines(r.lines);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (stale) return;
        setLines([]);
        setError(errorText(e));
        setLoading(false);
      },
    );
    return () => {
      stale = true;
    };
  }, [anchor, paused, generation, client]);

  const loadEarlier = useCallback(async () => {
    const first = lines[0];
    if (!first || busy.current) return 0;
    busy.current = true;
    try {
      const r = await client.invoke('debug:disassemble', { address: first.address, count: 1, before: STEP });
      const earlier = r.lines.slice(
        0,
        r.lines.findIndex((l) => l.address === first.address),
      );
      if (earlier.length > 0) setLines((ls) => [...earlier, ...ls].slice(0, MAX_LINES));
      return earlier.length;
    } catch {
      return 0;
    } finally {
      busy.current = false;
    }
  }, [client, lines]);

  const loadLater = useCallback(async () => {
    const last = lines[lines.length - 1];
    if (!last || busy.current) return 0;
    busy.current = true;
    try {
      const next = addHex(last.address, last.bytes.length / 2);
      const r = await client.invoke('debug:disassemble', { address: next, count: STEP });
      setLines((ls) => [...ls, ...r.lines].slice(-MAX_LINES));
      return r.lines.length;
    } catch {
      return 0;
    } finally {
      busy.current = false;
    }
  }, [client, lines]);

  return {
    lines: paused || lines.length > 0 ? lines : [],
    anchor,
    error,
    loading,
    canBack: history.index > 0,
    canForward: history.index < history.entries.length - 1,
    goTo: (address) => ui.getState().showDisassembly(address),
    followRip: () => setHistory((h) => visit(h, null)),
    back: () => setHistory(back),
    forward: () => setHistory(forward),
    loadEarlier,
    loadLater,
  };
}
