// Link endpoint, run state, current core/process, link throughput and anything elided.
import { useSession } from './context';
import { formatRate } from '../ui/format';
import { withoutErrPrefix } from '../ui/errors';
import { pausedContextText, pausedObjectsTitle } from '../ui/paused-context-text';

export function StatusBar() {
  const state = useSession((s) => s.session);
  const paused = useSession((s) => s.paused);
  const link = useSession((s) => s.link);
  return (
    <footer className="statusbar" role="status" aria-label="status bar">
      <span data-testid="status-state" className={`state state-${state.phase}`}>
        {state.phase}
      </span>
      <span data-testid="status-endpoint">{state.endpoint ?? 'no link'}</span>
      {paused && (
        <span data-testid="status-context" title={pausedObjectsTitle(paused)}>
          {pausedContextText(paused)}
        </span>
      )}
      {state.detail && <span className="detail">{withoutErrPrefix(state.detail)}</span>}
      <span className="spacer" />
      <span title="bytes received / sent per second">
        ↓ {formatRate(link.bytesInPerSec)}/s ↑ {formatRate(link.bytesOutPerSec)}/s
      </span>
      <span title="messages per second">{Math.round(link.messagesPerSec)} msg/s</span>
      {link.droppedFrames > 0 && <span className="warn">{link.droppedFrames} bad frames</span>}
      {link.elidedLogs > 0 && (
        <span className="warn" title="stored, not shown live">
          {link.elidedLogs} logs elided
        </span>
      )}
    </footer>
  );
}
