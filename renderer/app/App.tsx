// The window: toolbar, the four dock areas with splitters, and the status bar. Global shortcuts
// are handled here (capture phase) so they work whichever pane has focus.
import { useEffect } from 'react';
import { useServices, useUi } from './context';
import { shortcutFor } from './shortcuts';
import { Toolbar } from './Toolbar';
import { StatusBar } from './StatusBar';
import { DockArea, Splitter } from './Dock';
import { runScriptEditor } from '../script/script-actions';
import { breakpointToggleCommand } from '../state/breakpoint-toggle';
import { gridTemplate } from '../state/layout';

export function App() {
  const services = useServices();
  const layout = useUi((s) => s.layout);
  const grid = gridTemplate(layout);

  useEffect(() => {
    document.documentElement.dataset.theme = layout.theme;
  }, [layout.theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      const session = services.session.getState();
      switch (action.kind) {
        case 'run':
          void session.run(action.action);
          break;
        case 'pause':
          void session.pause();
          break;
        case 'toggle-breakpoint': {
          const address = services.ui.getState().disassemblySelection ?? session.paused?.rip;
          if (address && session.paused)
            void session.execute(breakpointToggleCommand(session.breakpoints, address));
          else session.note('info', 'F9 sets a breakpoint while the debuggee is paused');
          break;
        }
        case 'run-script':
          void runScriptEditor(services);
          break;
        case 'focus':
          services.ui.getState().focus(action.pane);
          break;
        case 'toggle-theme':
          services.ui.getState().toggleTheme();
          break;
      }
    };
    window.addEventListener('keydown', onKey, true);
    const offAction = services.client.on('ui:action', ({ action }) => {
      const session = services.session.getState();
      if (action === 'pause') void session.pause();
      else if (action === 'run-script') void runScriptEditor(services);
      else if (action === 'focus-console') services.ui.getState().focus('console');
      else if (action === 'open-connect') services.ui.getState().focus('connect');
      else void session.run(action);
    });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      offAction();
    };
  }, [services]);

  return (
    <div className="app" style={{ gridTemplateColumns: grid.columns, gridTemplateRows: grid.rows }}>
      <Toolbar />
      <DockArea area="left" />
      <Splitter which="left" />
      <DockArea area="center" />
      <Splitter which="right" />
      <DockArea area="right" />
      <Splitter which="bottom" />
      <DockArea area="bottom" />
      <StatusBar />
    </div>
  );
}
