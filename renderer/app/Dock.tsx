// Dock areas: a tab strip per area (click or ←/→ on a focused tab; Alt+Shift+←/→/↑/↓ moves the
// active pane to the neighbouring area), draggable splitters that resize the grid in fractions of
// the window, and side columns that collapse to a strip.
import {
  Activity,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useServices, useUi } from './context';
import { PANE_TITLES, type AreaId, type PaneId, type Split } from '../state/layout';
import { PaneHost } from './PaneHost';

const MOVE_TARGET: Record<string, AreaId> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowDown: 'bottom',
  ArrowUp: 'center',
};

export function DockArea({ area }: { area: AreaId }) {
  const collapsed = useUi((s) => (area === 'left' || area === 'right') && s.layout.collapsed[area]);
  // A collapsed column stays mounted (hidden), so its panes keep their state.
  return (
    <>
      {collapsed && (area === 'left' || area === 'right') && <CollapsedArea area={area} />}
      <OpenArea area={area} hidden={collapsed} />
    </>
  );
}

function OpenArea({ area, hidden }: { area: AreaId; hidden: boolean }) {
  const { ui } = useServices();
  const state = useUi((s) => s.layout.areas[area]);
  // Every pane opened here stays mounted but hidden (React's Activity keeps its state and pauses
  // its effects), so a tab switch keeps filters, drafts and scroll positions.
  const [opened, setOpened] = useState<readonly PaneId[]>([]);
  if (state.active && !opened.includes(state.active)) setOpened([...opened, state.active]);
  const kept = opened.filter((pane) => state.panes.includes(pane));
  const onTabKey = (e: ReactKeyboardEvent, pane: PaneId) => {
    if (e.altKey && e.shiftKey && MOVE_TARGET[e.key]) {
      e.preventDefault();
      ui.getState().move(pane, MOVE_TARGET[e.key]);
      return;
    }
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const i = state.panes.indexOf(pane);
      const next =
        state.panes[(i + (e.key === 'ArrowLeft' ? -1 : 1) + state.panes.length) % state.panes.length];
      ui.getState().focus(next);
    }
  };
  return (
    <section className={`dock dock-${area}`} data-testid={`dock-${area}`} hidden={hidden}>
      <div className="tabs" role="tablist" aria-label={`${area} panes`}>
        {state.panes.map((pane) => (
          <button
            key={pane}
            role="tab"
            aria-selected={state.active === pane}
            className={state.active === pane ? 'tab active' : 'tab'}
            data-testid={`tab-${pane}`}
            tabIndex={state.active === pane ? 0 : -1}
            onClick={() => ui.getState().focus(pane)}
            onKeyDown={(e) => onTabKey(e, pane)}
            title={`${PANE_TITLES[pane]} · Alt+Shift+arrow moves this pane to another area`}
          >
            {PANE_TITLES[pane]}
          </button>
        ))}
        <select
          className="dock-move"
          aria-label={`Move a pane into the ${area} area`}
          value=""
          onChange={(e) => e.target.value && ui.getState().move(e.target.value as PaneId, area)}
        >
          <option value="">+</option>
          {(Object.keys(PANE_TITLES) as PaneId[])
            .filter((p) => !state.panes.includes(p))
            .map((p) => (
              <option key={p} value={p}>
                {PANE_TITLES[p]}
              </option>
            ))}
        </select>
      </div>
      <div className="dock-body" role="tabpanel">
        {kept.map((pane) => (
          <Activity key={pane} mode={pane === state.active ? 'visible' : 'hidden'}>
            <PaneHost pane={pane} />
          </Activity>
        ))}
        {!state.active && <div className="empty">Empty area: use + to dock a pane here.</div>}
      </div>
    </section>
  );
}

/** A collapsed side column: a narrow strip naming its panes; a click opens it again. */
function CollapsedArea({ area }: { area: 'left' | 'right' }) {
  const { ui } = useServices();
  const panes = useUi((s) => s.layout.areas[area].panes);
  return (
    <section className={`dock dock-${area} dock-collapsed`} data-testid={`dock-${area}-collapsed`}>
      <button
        className="dock-expand"
        data-testid={`expand-${area}`}
        aria-label={`expand the ${area} area`}
        title={`Expand (${panes.map((p) => PANE_TITLES[p]).join(', ')})`}
        onClick={() => ui.getState().toggleCollapsed(area)}
      >
        {area === 'left' ? '»' : '«'}
        <span className="dock-expand-names">{panes.map((p) => PANE_TITLES[p]).join(' · ')}</span>
      </button>
    </section>
  );
}

/**
 * A splitter. Dragging or the arrow keys (Shift: bigger steps) move it as a fraction of the
 * window; a double-click or Enter on a side splitter collapses that side column (and opens it).
 */
export function Splitter({ which }: { which: Split }) {
  const { ui } = useServices();
  const start = useRef<{ pos: number; fraction: number; total: number } | null>(null);
  const vertical = which !== 'bottom';
  const total = () => (vertical ? window.innerWidth : window.innerHeight) || 1;
  const onDown = (e: ReactPointerEvent) => {
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    // Start from what is on screen (the grid may hold a side below its share on a small window).
    const dock = document.querySelector<HTMLElement>(`.dock-${which}`);
    const shown = dock ? (vertical ? dock.offsetWidth : dock.offsetHeight) : 0;
    const size = total();
    start.current = {
      pos: vertical ? e.clientX : e.clientY,
      fraction: shown > 0 ? shown / size : ui.getState().layout.fractions[which],
      total: size,
    };
  };
  const onMove = (e: ReactPointerEvent) => {
    if (!start.current) return;
    const delta = ((vertical ? e.clientX : e.clientY) - start.current.pos) / start.current.total;
    const sign = which === 'left' ? 1 : -1;
    ui.getState().resize(which, start.current.fraction + sign * delta);
  };
  const onKey = (e: ReactKeyboardEvent) => {
    if (e.key === 'Enter' && which !== 'bottom') {
      ui.getState().toggleCollapsed(which);
      return;
    }
    const step = e.shiftKey ? 0.05 : 0.01;
    const fraction = ui.getState().layout.fractions[which];
    const grow = which === 'left' ? 'ArrowRight' : which === 'right' ? 'ArrowLeft' : 'ArrowUp';
    const shrink = which === 'left' ? 'ArrowLeft' : which === 'right' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === grow) ui.getState().resize(which, fraction + step);
    else if (e.key === shrink) ui.getState().resize(which, fraction - step);
  };
  return (
    <div
      className={`splitter splitter-${which}`}
      data-testid={`splitter-${which}`}
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={`resize the ${which} area${vertical ? ' (double-click or Enter collapses it)' : ''}`}
      tabIndex={0}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => (start.current = null)}
      onDoubleClick={() => which !== 'bottom' && ui.getState().toggleCollapsed(which)}
      onKeyDown={onKey}
    />
  );
}
