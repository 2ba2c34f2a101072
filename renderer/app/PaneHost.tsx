// Mounts one pane and moves keyboard focus into it when a focus request names it. The script
// editor (Monaco) is loaded on first use so cold start stays small.
import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
import { useUi } from './context';
import { PANE_TITLES, type PaneId } from '../state/layout';
import { PaneErrorBoundary } from './PaneErrorBoundary';
import { ConnectPane } from '../connect/ConnectPane';
import { ConsolePane } from '../panes/ConsolePane';
import { EventsPane } from '../panes/EventsPane';
import { PoolsPane } from '../panes/PoolsPane';
import { LogsPane } from '../logs/LogsPane';
import { RegistersPane } from '../panes/RegistersPane';
import { MemoryPane } from '../panes/MemoryPane';
import { DisassemblyPane } from '../panes/DisassemblyPane';
import { CallStackPane } from '../panes/CallStackPane';
import { BreakpointsPane } from '../panes/BreakpointsPane';
import { ProcessesPane } from '../panes/ProcessesPane';

const ScriptPane = lazy(() => import('../script/ScriptPane'));

/** Frames a focus request keeps trying while its pane becomes visible (about half a second). */
const MAX_FOCUS_FRAMES = 30;

const PANES: Record<PaneId, ComponentType> = {
  connect: ConnectPane,
  console: ConsolePane,
  events: EventsPane,
  pools: PoolsPane,
  logs: LogsPane,
  script: ScriptPane,
  registers: RegistersPane,
  memory: MemoryPane,
  disassembly: DisassemblyPane,
  callstack: CallStackPane,
  breakpoints: BreakpointsPane,
  processes: ProcessesPane,
};

export function PaneHost({ pane }: { pane: PaneId }) {
  const Pane = PANES[pane];
  const ref = useRef<HTMLDivElement>(null);
  const request = useUi((s) => s.focusRequest);
  useEffect(() => {
    if (request?.pane !== pane || !ref.current) return;
    const el = ref.current;
    // A pane that was hidden, or is mounting, cannot take focus yet: try again on the next frames.
    let frames = 0;
    let id = 0;
    const focusInside = () => {
      const target =
        el.querySelector<HTMLElement>('[data-autofocus]') ??
        el.querySelector<HTMLElement>(
          'input:not(:disabled), textarea:not(:disabled), [tabindex="0"], button:not(:disabled)',
        );
      target?.focus();
      // Nothing focusable inside yet (rows still loading): the pane itself takes focus.
      if (!el.contains(document.activeElement)) el.focus();
      if (!el.contains(document.activeElement) && ++frames < MAX_FOCUS_FRAMES)
        id = requestAnimationFrame(focusInside);
    };
    id = requestAnimationFrame(focusInside);
    return () => cancelAnimationFrame(id);
  }, [request, pane]);
  return (
    <div className={`pane pane-${pane}`} data-testid={`pane-${pane}`} ref={ref} tabIndex={-1}>
      <PaneErrorBoundary name={PANE_TITLES[pane]}>
        <Suspense fallback={<div className="empty">Loading…</div>}>
          <Pane />
        </Suspense>
      </PaneErrorBoundary>
    </div>
  );
}
