// Logs: the live tail from the entries main pushes (a bounded ring, filtered here), and — when the
// user scrolls away, searches or opens an archived session — a window of stored rows paged by
// keyset. Totals come from main's counters (no COUNT polling); a search counts once, with
// progress and a cancel. Logs → Sessions lists the archive: open, delete, export.
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import { filterLive, LogWindow } from './log-window';
import { pairPrePost } from './pairs';
import { virtualWindow } from '../ui/virtual-window';
import { errorText } from '../ui/errors';
import { LOG_ROW as ROW, LogHeader, LogLine } from './LogLine';
import { LogSessionsPanel } from './LogSessionsPanel';
import { LogsNotices } from './LogsNotices';
import { LogsToolbar } from './LogsToolbar';
import { useLogFilter } from './use-log-filter';
import { useTrackedCalls } from './use-tracked-calls';
import { useLogExport } from './use-log-export';
import { liveTotal, totalText } from './log-totals';

export function LogsPane() {
  const { client, session } = useServices();
  const events = useSession((s) => s.events);
  const liveLogs = useSession((s) => s.liveLogs);
  const counts = useSession((s) => s.logCounts);
  const link = useSession((s) => s.link);
  const controls = useLogFilter();
  const { tab, filter } = controls;
  const calls = useTrackedCalls(client);
  const { problem, setProblem, progress, tracked, mounted } = calls;
  const { exported, dismissExported, exportLogs } = useLogExport(client, session, calls);
  const [follow, setFollow] = useState(true);
  /** An archived session being browsed, or null for the live one. */
  const [source, setSource] = useState<string | null>(null);
  const [showSessions, setShowSessions] = useState(false);
  const [matches, setMatches] = useState<number | null>(null);
  const [, repaint] = useReducer((n: number) => n + 1, 0);
  const [view, setView] = useState({ top: 0, height: 300 });
  const scroller = useRef<HTMLDivElement>(null);
  const userScroll = useRef(false);

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

  return (
    <div className="logs">
      <LogsToolbar
        controls={controls}
        events={events}
        follow={follow}
        archived={source !== null}
        showSessions={showSessions}
        totalText={totalText(
          searching || filter.core !== undefined,
          matches,
          searching,
          source === null ? liveTotal(counts, filter) : null,
          total,
        )}
        link={link}
        onFollow={setFollow}
        onExport={(format) => void exportLogs(format, source, filter)}
        onToggleSessions={() => setShowSessions((v) => !v)}
      />
      <LogsNotices
        source={source}
        counts={counts}
        problem={problem}
        progress={progress}
        exported={exported}
        onBackToLive={() => setSource(null)}
        onDismissProblem={() => setProblem(null)}
        onCancel={(requestId) => void client.invoke('logs:cancel', { requestId })}
        onDismissExport={dismissExported}
      />
      {showSessions && (
        <LogSessionsPanel
          source={source}
          onOpen={(id) => {
            setSource(id);
            setShowSessions(false);
          }}
          onSourceDeleted={() => setSource(null)}
          onExport={(format, id) => void exportLogs(format, id, filter)}
          onProblem={setProblem}
        />
      )}
      <LogHeader />
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
