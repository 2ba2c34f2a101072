// Debugger controls with their shortcuts in the tooltip; enabled according to the run state.
import { useServices, useSession, useUi } from './context';

export function Toolbar() {
  const { session, ui } = useServices();
  const phase = useSession((s) => s.session.phase);
  const theme = useUi((s) => s.layout.theme);
  const paused = phase === 'paused';
  const running = phase === 'running';
  return (
    <header className="toolbar" role="toolbar" aria-label="Debugger controls">
      <span className="brand">HyperDbg Studio</span>
      <button onClick={() => void session.getState().run('go')} disabled={!paused} title="Go (F5)">
        ▶ Go
      </button>
      <button onClick={() => void session.getState().pause()} disabled={!running} title="Pause (Ctrl+Break)">
        ❚❚ Pause
      </button>
      <button
        onClick={() => void session.getState().run('step-over')}
        disabled={!paused}
        title="Step over (F10)"
      >
        Step over
      </button>
      <button
        onClick={() => void session.getState().run('step-into')}
        disabled={!paused}
        title="Step into (F11)"
      >
        Step into
      </button>
      <button
        onClick={() => void session.getState().run('step-out')}
        disabled={!paused}
        title="Step out (Shift+F11)"
      >
        Step out
      </button>
      <span className="spacer" />
      <button onClick={() => ui.getState().focus('connect')} title="Connect (Alt+9)">
        Connect…
      </button>
      <button
        onClick={() => ui.getState().toggleTheme()}
        title="Toggle theme (Ctrl+Shift+L)"
        aria-label="toggle theme"
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
