// Dock areas: a tab strip per area (click or ←/→ on a focused tab; Alt+Shift+←/→/↑/↓ moves the
// active pane to the neighbouring area) and draggable splitters that resize the grid.
import {
  Activity,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { useServices, useUi } from './context';
import { PANE_TITLES, type AreaId, type PaneId } from '../state/layout';
import { PaneHost } from './PaneHost';

const MOVE_TARGET: Record<string, AreaId> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowDown: 'bottom',
  ArrowUp: 'center',
};

export function DockArea({ area }: { area: AreaId }) {
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
    <section className={`dock dock-${area}`} data-testid={`dock-${area}`}>
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
            title="Alt+Shift+arrow moves this pane to another area"
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

export function Splitter({ which }: { which: 'leftWidth' | 'rightWidth' | 'bottomHeight' }) {
  const { ui } = useServices();
  const start = useRef<{ pos: number; size: number } | null>(null);
  const vertical = which !== 'bottomHeight';
  const onDown = (e: ReactPointerEvent) => {
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    start.current = { pos: vertical ? e.clientX : e.clientY, size: ui.getState().layout[which] };
  };
  const onMove = (e: ReactPointerEvent) => {
    if (!start.current) return;
    const delta = (vertical ? e.clientX : e.clientY) - start.current.pos;
    const sign = which === 'leftWidth' ? 1 : -1;
    ui.getState().resize(which, start.current.size + sign * delta);
  };
  const onKey = (e: ReactKeyboardEvent) => {
    const step = e.shiftKey ? 50 : 10;
    const size = ui.getState().layout[which];
    const grow = which === 'leftWidth' ? 'ArrowRight' : which === 'rightWidth' ? 'ArrowLeft' : 'ArrowUp';
    const shrink = which === 'leftWidth' ? 'ArrowLeft' : which === 'rightWidth' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === grow) ui.getState().resize(which, size + step);
    else if (e.key === shrink) ui.getState().resize(which, size - step);
  };
  return (
    <div
      className={`splitter splitter-${which}`}
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={`resize ${which}`}
      tabIndex={0}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => (start.current = null)}
      onKeyDown={onKey}
    />
  );
}
