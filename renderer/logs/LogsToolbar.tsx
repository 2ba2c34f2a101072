// The Logs pane's bar: stage tabs, event/core/text filters, follow, exports, the Sessions toggle
// and the counters (rows, messages per second, rows elided from the live push).
import type { EventRow, LinkStats } from '../../shared/ipc/model';
import type { LogFilterControls, LogTab, SearchMode } from './use-log-filter';

interface Props {
  readonly controls: LogFilterControls;
  readonly events: readonly EventRow[];
  readonly follow: boolean;
  /** Browsing an archived session: following the live tail does not apply. */
  readonly archived: boolean;
  readonly showSessions: boolean;
  /** What the row counter says (totals, matches or rows loaded). */
  readonly totalText: string;
  readonly link: LinkStats;
  onFollow(follow: boolean): void;
  onExport(format: 'jsonl' | 'csv'): void;
  onToggleSessions(): void;
}

const TABS: readonly LogTab[] = ['all', 'pre', 'post', 'pairs'];
const SEARCH_PLACEHOLDER: Record<SearchMode, string> = {
  substring: 'contains…',
  fts: 'words, "phrase", prefix*',
  regex: 'regular expression',
};

export function LogsToolbar({
  controls: c,
  events,
  follow,
  archived,
  showSessions,
  totalText,
  link,
  ...on
}: Props) {
  return (
    <div className="logs-bar">
      <div role="tablist" aria-label="log stage">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={c.tab === t}
            className={c.tab === t ? 'tab active' : 'tab'}
            onClick={() => c.setTab(t)}
            data-testid={`logs-tab-${t}`}
          >
            {t === 'pairs' ? 'pre ⇄ post' : t}
          </button>
        ))}
      </div>
      <select aria-label="filter by event" value={c.eventTag} onChange={(e) => c.setEventTag(e.target.value)}>
        <option value="">all events</option>
        {events.map((ev) => (
          <option key={ev.tag} value={ev.tag}>
            event {ev.id.toString(16)} {ev.type}
          </option>
        ))}
      </select>
      <input
        aria-label="filter by core"
        placeholder="core"
        value={c.core}
        onChange={(e) => c.setCore(e.target.value)}
        size={4}
      />
      <input
        aria-label="search logs"
        type="search"
        placeholder={SEARCH_PLACEHOLDER[c.mode]}
        value={c.text}
        onChange={(e) => c.setText(e.target.value)}
      />
      <select
        aria-label="search mode"
        value={c.mode}
        onChange={(e) => c.setMode(e.target.value as SearchMode)}
      >
        <option value="substring">substring</option>
        <option value="fts">words (FTS)</option>
        <option value="regex">regex</option>
      </select>
      <label className="check">
        <input
          type="checkbox"
          aria-label="follow tail"
          checked={follow}
          disabled={archived}
          onChange={(e) => on.onFollow(e.target.checked)}
        />{' '}
        follow
      </label>
      <button onClick={() => on.onExport('jsonl')}>Export JSONL</button>
      <button onClick={() => on.onExport('csv')}>CSV</button>
      <button aria-pressed={showSessions} onClick={on.onToggleSessions} data-testid="logs-sessions">
        Sessions
      </button>
      <span className="spacer" />
      <span className="counter" data-testid="logs-total">
        {totalText}
      </span>
      <span className="counter">{Math.round(link.messagesPerSec).toLocaleString()} msg/s</span>
      {link.elidedLogs > 0 && (
        <span className="counter warn" title="stored but not pushed live; scroll up to read them">
          {link.elidedLogs.toLocaleString()} elided live
        </span>
      )}
    </div>
  );
}
