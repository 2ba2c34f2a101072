// Logs: the live tail from the entries main pushes (a bounded ring, filtered here), and — when the
// user scrolls away, searches or opens an archived session — a window of stored rows paged by
// keyset. Totals come from main's counters (no COUNT polling); a search counts once, with
// progress and a cancel. Logs → Sessions lists the archive: open, delete, export.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';
import type { ArchivedSession, LogEntry, LogFilter } from '../../shared/ipc/model';
import { filterLive, LogWindow } from './log-window';
import { pairPrePost } from './pairs';
import { virtualWindow } from '../ui/virtual-window';
import { formatLogTime } from '../ui/format';
import { errorText } from '../ui/errors';

const ROW = 18;
type Tab = 'all' | 'pre' | 'post' | 'pairs';
type TextMode = 'substring' | 'fts' | 'regex';

let nextRequestId = 1;

function LogLine({ e }: { e: LogEntry | undefined }) {
  if (!e) return <div className="lrow" style={{ height: ROW }} />;
  return (
    <div
      className={`lrow k-${e.kind}`}
      style={{ height: ROW }}
      data-testid="log-row"
      data-id={e.id}
      data-time={e.time}
      data-event={e.eventTag ?? ''}
      data-stage={e.stage ?? ''}
    >
      <span className="lt">{formatLogTime(e.time)}</span>
      <span className="lc">{e.core ?? ''}</span>
      <span className="le">
        {e.eventTag !== null ? (e.eventTag - DebuggerEventTagStartSeed).toString(16) : ''}
      </span>
      <span className={`ls s-${e.stage ?? 'none'}`}>{e.stage ?? ''}</span>
      <span className="lx">{e.text}</span>
    </div>
  );
}

interface Progress {
  readonly requestId: number;
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

export function LogsPane() {
  const { client, session } = useServices();
  const events = useSession((s) => s.events);
  const liveLogs = useSession((s) => s.liveLogs);
  const counts = useSession((s) => s.logCounts);
  const link = useSession((s) => s.link);
  const [tab, setTab] = useState<Tab>('all');
  const [eventTag, setEventTag] = useState<string>('');
  const [core, setCore] = useState('');
  const [text, setText] = useState('');
  const [mode, setMode] = useState<TextMode>('substring');
  const [follow, setFollow] = useState(true);
  /** An archived session being browsed, or null for the live one. */
  const [source, setSource] = useState<string | null>(null);
  const [showSessions, setShowSessions] = useState(false);
  const [sessions, setSessions] = useState<{ folder: string; list: ArchivedSession[] } | null>(null);
  const [matches, setMatches] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [exported, setExported] = useState<{ path: string; url: string | null; count: number } | null>(null);
  const [, repaint] = useReducer((n: number) => n + 1, 0);
  const [view, setView] = useState({ top: 0, height: 300 });
  const scroller = useRef<HTMLDivElement>(null);
  const userScroll = useRef(false);
  const mounted = useRef(true);
  // Set again on every show: a pane hidden by a tab switch (React Activity) runs this cleanup too.
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  const filter = useMemo<LogFilter>(() => {
    const f: LogFilter = { stage: tab === 'pairs' ? 'all' : tab };
    if (eventTag !== '') f.eventTag = Number(eventTag);
    if (/^\d+$/.test(core.trim())) f.core = Number(core.trim());
    if (text.trim() !== '') {
      f.text = text.trim();
      f.textMode = mode;
    }
    return f;
  }, [tab, eventTag, core, text, mode]);
  const searching = filter.text !== undefined;
  /** The followed live tail is drawn from the push; everything else from stored pages. */
  const live = source === null && follow && !searching;

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const win = useMemo(
    () =>
      new LogWindow(async (page) => {
        const r = await client.invoke('logs:query', {
          session: sourceRef.current,
          filter: filterRef.current,
          afterId: page.afterId ?? null,
          beforeId: page.beforeId ?? null,
          limit: page.limit,
          requestId: null,
        });
        return r.entries;
      }),
    [client],
  );

  useEffect(
    () =>
      client.on('logs:progress', (p) =>
        setProgress((current) =>
          current && current.requestId === p.requestId ? { ...current, ...p } : current,
        ),
      ),
    [client],
  );

  /** Runs a long call with a request id: progress shows in the bar, Cancel stops it. */
  const tracked = useCallback(
    async <T,>(label: string, run: (requestId: number) => Promise<T>): Promise<T | undefined> => {
      const requestId = nextRequestId++;
      setProgress({ requestId, label, done: 0, total: 0 });
      try {
        return await run(requestId);
      } catch (e) {
        const message = errorText(e);
        if (mounted.current && !/cancelled/.test(message)) setProblem(message);
        return undefined;
      } finally {
        if (mounted.current) setProgress((p) => (p?.requestId === requestId ? null : p));
      }
    },
    [],
  );

  // A new filter or source: reload the stored window (unless following live) and count a search.
  useEffect(() => {
    setProblem(null);
    setMatches(null);
    if (live) return;
    const load = searching || source !== null ? win.fromStart() : win.fromEnd();
    load.then(repaint, (e: unknown) => mounted.current && setProblem(errorText(e)));
    if (!searching && filter.core === undefined) return;
    let cancelledId: number | null = null;
    void tracked(searching ? 'searching' : 'counting', async (requestId) => {
      cancelledId = requestId;
      const r = await client.invoke('logs:count', { session: source, filter, requestId });
      if (mounted.current && filterRef.current === filter) setMatches(r.total);
    });
    return () => {
      if (cancelledId !== null)
        void client.invoke('logs:cancel', { requestId: cancelledId }).catch(() => undefined);
    };
  }, [client, filter, live, searching, source, tracked, win]);

  const liveRows = useMemo(() => (live ? filterLive(liveLogs, filter) : []), [live, liveLogs, filter]);
  const rows = live ? liveRows : win.rows;
  const total = rows.length;

  // Following: keep the newest row in view.
  useEffect(() => {
    const el = scroller.current;
    if (live && el) el.scrollTop = el.scrollHeight;
  }, [live, liveRows]);

  const vw = virtualWindow(view.top, view.height, total, ROW);
  const shown = rows.slice(vw.first, vw.first + vw.count);
  const pairs = tab === 'pairs' ? pairPrePost(shown) : [];

  const onScroll = (el: HTMLDivElement) => {
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (!userScroll.current) return;
    userScroll.current = false;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
    const atTop = el.scrollTop < ROW * 5;
    if (source === null && !searching && atBottom !== follow && (atBottom ? win.atEnd || live : true)) {
      setFollow(atBottom);
      return;
    }
    if (live) return;
    if (atTop && !win.atStart) {
      void win.older().then((added) => {
        if (added > 0 && scroller.current) scroller.current.scrollTop += added * ROW;
        repaint();
      });
    } else if (atBottom && !win.atEnd) {
      void win.newer().then((dropped) => {
        if (dropped > 0 && scroller.current) scroller.current.scrollTop -= dropped * ROW;
        repaint();
      });
    }
  };

  const loadSessions = useCallback(async () => {
    try {
      const r = await client.invoke('logs:sessions', {});
      if (mounted.current) setSessions({ folder: r.folder, list: r.sessions });
    } catch (e) {
      setProblem(errorText(e));
    }
  }, [client]);
  useEffect(() => {
    if (showSessions) void loadSessions();
  }, [showSessions, loadSessions]);

  const doExport = async (format: 'jsonl' | 'csv', from: string | null = source) => {
    let path: string | null = null;
    try {
      const chosen = await client.invoke('logs:choose-export-path', { format });
      if (chosen.available) {
        if (chosen.path === null) return; // the user cancelled the save dialog
        path = chosen.path;
      }
    } catch (e) {
      session.getState().note('error', `export: ${errorText(e)}`);
      return;
    }
    const r = await tracked(`exporting ${format.toUpperCase()}`, (requestId) =>
      client.invoke('logs:export', { session: from, format, filter, path, requestId }),
    );
    if (r && mounted.current) setExported({ path: r.path, url: r.downloadUrl, count: r.count });
  };

  const deleteSession = async (id: string) => {
    try {
      await client.invoke('logs:delete-session', { session: id });
      if (source === id) setSource(null);
      await loadSessions();
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  const liveTotal = (() => {
    if (!counts) return null;
    if (filter.eventTag !== undefined) {
      const c = counts.byEvent.find((e) => e.tag === filter.eventTag)?.counts;
      if (!c) return 0;
      return filter.stage === 'all' ? c.pre + c.post + c.none : c[filter.stage];
    }
    return filter.stage === 'all' ? counts.total : counts.byStage[filter.stage];
  })();
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;

  return (
    <div className="logs">
      <div className="logs-bar">
        <div role="tablist" aria-label="log stage">
          {(['all', 'pre', 'post', 'pairs'] as Tab[]).map((t) => (
            <button
              key={t}
              role="tab"
              aria-selected={tab === t}
              className={tab === t ? 'tab active' : 'tab'}
              onClick={() => setTab(t)}
              data-testid={`logs-tab-${t}`}
            >
              {t === 'pairs' ? 'pre ⇄ post' : t}
            </button>
          ))}
        </div>
        <select aria-label="filter by event" value={eventTag} onChange={(e) => setEventTag(e.target.value)}>
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
          value={core}
          onChange={(e) => setCore(e.target.value)}
          size={4}
        />
        <input
          aria-label="search logs"
          type="search"
          placeholder={
            mode === 'fts'
              ? 'words, "phrase", prefix*'
              : mode === 'regex'
                ? 'regular expression'
                : 'contains…'
          }
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select aria-label="search mode" value={mode} onChange={(e) => setMode(e.target.value as TextMode)}>
          <option value="substring">substring</option>
          <option value="fts">words (FTS)</option>
          <option value="regex">regex</option>
        </select>
        <label className="check">
          <input
            type="checkbox"
            aria-label="follow tail"
            checked={follow}
            disabled={source !== null}
            onChange={(e) => setFollow(e.target.checked)}
          />{' '}
          follow
        </label>
        <button onClick={() => void doExport('jsonl')}>Export JSONL</button>
        <button onClick={() => void doExport('csv')}>CSV</button>
        <button
          aria-pressed={showSessions}
          onClick={() => setShowSessions((v) => !v)}
          data-testid="logs-sessions"
        >
          Sessions
        </button>
        <span className="spacer" />
        <span className="counter" data-testid="logs-total">
          {searching || filter.core !== undefined
            ? matches === null
              ? '…'
              : `${matches.toLocaleString()} ${searching ? 'matches' : 'rows'}`
            : source === null && liveTotal !== null
              ? `${liveTotal.toLocaleString()} rows`
              : `${total.toLocaleString()} loaded`}
        </span>
        <span className="counter">{Math.round(link.messagesPerSec).toLocaleString()} msg/s</span>
        {link.elidedLogs > 0 && (
          <span className="counter warn" title="stored but not pushed live; scroll up to read them">
            {link.elidedLogs.toLocaleString()} elided live
          </span>
        )}
      </div>
      {source !== null && (
        <div className="note" data-testid="logs-source">
          Archived session <code>{source}</code>
          <button onClick={() => setSource(null)}>back to live</button>
        </div>
      )}
      {counts?.storageStopped && source === null && (
        <div className="note error" role="alert">
          Storing stopped: {counts.storageStopped}. The session continues; new rows are shown live only.
        </div>
      )}
      {counts && counts.notStored > 0 && !counts.storageStopped && source === null && (
        <div className="note error" role="alert" data-testid="logs-not-stored">
          {counts.notStored.toLocaleString()} rows were shown live but not stored: the log store fell behind
          (see the console). Searches and exports do not have them.
        </div>
      )}
      {problem && (
        <div className="note error" role="alert" data-testid="logs-problem">
          {problem}
          <button onClick={() => setProblem(null)} aria-label="dismiss">
            ×
          </button>
        </div>
      )}
      {progress && (
        <div className="note" data-testid="logs-progress">
          {progress.label}… {percent !== null ? `${percent} %` : ''}
          <progress max={100} value={percent ?? undefined} />
          <button onClick={() => void client.invoke('logs:cancel', { requestId: progress.requestId })}>
            Cancel
          </button>
        </div>
      )}
      {exported && (
        <div className="note" data-testid="logs-exported">
          Exported {exported.count.toLocaleString()} entries to <code>{exported.path}</code>
          {exported.url && (
            <>
              {' '}
              ·{' '}
              <a href={exported.url} download>
                download
              </a>
            </>
          )}
          <button onClick={() => setExported(null)} aria-label="dismiss">
            ×
          </button>
        </div>
      )}
      {showSessions && (
        <div className="logs-sessions" data-testid="logs-session-list">
          <div className="note">
            Archive: <code>{sessions?.folder ?? '…'}</code>
          </div>
          <table>
            <thead>
              <tr>
                <th>started</th>
                <th>endpoint</th>
                <th>rows</th>
                <th>size</th>
                <th>state</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(sessions?.list ?? []).map((s) => (
                <tr key={s.id} data-testid="logs-session" data-session={s.id}>
                  <td>{new Date(s.started).toLocaleString()}</td>
                  <td>{s.endpoint}</td>
                  <td>{s.rows.toLocaleString()}</td>
                  <td>{(s.bytes / 1024 / 1024).toFixed(1)} MB</td>
                  <td>{s.status}</td>
                  <td>
                    <button
                      onClick={() => {
                        setSource(s.status === 'live' ? null : s.id);
                        setShowSessions(false);
                      }}
                    >
                      Open
                    </button>
                    <button onClick={() => void doExport('jsonl', s.id)}>JSONL</button>
                    <button onClick={() => void doExport('csv', s.id)}>CSV</button>
                    <button disabled={s.status === 'live'} onClick={() => void deleteSession(s.id)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="lrow lhead" aria-hidden="true">
        <span className="lt">time</span>
        <span className="lc">core</span>
        <span className="le">event</span>
        <span className="ls">stage</span>
        <span className="lx">message</span>
      </div>
      <div
        className="logs-scroller"
        ref={scroller}
        data-testid="logs-list"
        tabIndex={0}
        onWheel={() => (userScroll.current = true)}
        onPointerDown={() => (userScroll.current = true)}
        onKeyDown={(e) => {
          if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(e.key))
            userScroll.current = true;
        }}
        onScroll={(e) => onScroll(e.currentTarget)}
      >
        <div style={{ height: vw.scrollHeight, position: 'relative' }}>
          <div style={{ position: 'absolute', top: view.top + vw.offset, left: 0, right: 0 }}>
            {tab !== 'pairs'
              ? shown.map((e) => <LogLine key={e.id} e={e} />)
              : pairs.map((p, i) => (
                  <div key={i} className="pair" data-testid="log-pair">
                    <LogLine e={p.pre ?? undefined} />
                    <LogLine e={p.post ?? undefined} />
                  </div>
                ))}
          </div>
        </div>
      </div>
    </div>
  );
}
