// Logs: a virtualized view over the session's log store. Only the visible rows exist in the DOM;
// rows come from `logs:query` pages. Tabs for all / pre / post / side-by-side pairs, filters per
// event, core and text (substring or full-text), follow-tail, export, and msgs/s + elided counters.
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import type { LogEntry, LogFilter } from '../../shared/ipc/model';
import { LogPager, pairPrePost } from './log-pager';
import { scrollTopForRow, virtualWindow } from '../ui/virtual-window';
import { formatTime } from '../ui/format';
import { errorText } from '../ui/errors';

const ROW = 18;
const COUNT_INTERVAL_MS = 250;
type Tab = 'all' | 'pre' | 'post' | 'pairs';

function LogLine({ e }: { e: LogEntry | undefined }) {
  if (!e)
    return (
      <div className="lrow loading" style={{ height: ROW }}>
        …
      </div>
    );
  return (
    <div
      className={`lrow k-${e.kind}`}
      style={{ height: ROW }}
      data-testid="log-row"
      data-event={e.eventTag ?? ''}
      data-stage={e.stage ?? ''}
    >
      <span className="lt">{formatTime(e.time)}</span>
      <span className="lc">{e.core ?? ''}</span>
      <span className="le">{e.eventTag !== null ? (e.eventTag - 0x1000000).toString(16) : ''}</span>
      <span className={`ls s-${e.stage ?? 'none'}`}>{e.stage ?? ''}</span>
      <span className="lx">{e.text}</span>
    </div>
  );
}

export function LogsPane() {
  const { client, session } = useServices();
  const events = useSession((s) => s.events);
  const liveLogCount = useSession((s) => s.liveLogCount);
  const link = useSession((s) => s.link);
  const [tab, setTab] = useState<Tab>('all');
  const [eventTag, setEventTag] = useState<string>('');
  const [core, setCore] = useState('');
  const [text, setText] = useState('');
  const [fts, setFts] = useState(false);
  const [follow, setFollow] = useState(true);
  const [exported, setExported] = useState<{ path: string; url: string | null; count: number } | null>(null);
  const [, repaint] = useReducer((n: number) => n + 1, 0);
  const [view, setView] = useState({ top: 0, height: 300 });
  const scroller = useRef<HTMLDivElement>(null);
  const userScroll = useRef(false);

  const filter = useMemo<LogFilter>(() => {
    const f: LogFilter = { stage: tab === 'pairs' ? 'all' : tab };
    if (eventTag !== '') f.eventTag = Number(eventTag);
    if (core.trim() !== '' && /^\d+$/.test(core.trim())) f.core = Number(core.trim());
    if (text.trim() !== '') {
      f.text = text.trim();
      f.textMode = fts ? 'fts' : 'substring';
    }
    return f;
  }, [tab, eventTag, core, text, fts]);

  const pager = useMemo(
    () =>
      new LogPager(
        (f, offset, limit) => client.invoke('logs:query', { filter: f, offset, limit }),
        filter,
        repaint,
      ),
    // One pager per pane; filter changes go through setFilter below.
    [client],
  );

  // Recount when the filter changes or new rows arrive: at most one count in flight and at most
  // one every COUNT_INTERVAL_MS, however many batches arrive meanwhile.
  const lastCountAt = useRef(0);
  const inFlight = useRef(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  useEffect(() => {
    pager.setFilter(filter);
    lastCountAt.current = 0;
    repaint();
  }, [pager, filter]);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  useEffect(() => {
    const count = async () => {
      if (inFlight.current) return;
      inFlight.current = true;
      lastCountAt.current = performance.now();
      const asked = filterRef.current;
      try {
        const r = await client.invoke('logs:count', { filter: asked });
        // A newer batch does not make this answer stale; a different filter does.
        if (mounted.current && asked === filterRef.current) {
          pager.setTotal(r.total);
          repaint();
        }
      } catch (e) {
        if (mounted.current) session.getState().note('error', `logs: ${errorText(e)}`);
      } finally {
        inFlight.current = false;
      }
    };
    const wait = Math.max(0, lastCountAt.current + COUNT_INTERVAL_MS - performance.now());
    const timer = setTimeout(() => void count(), wait);
    return () => clearTimeout(timer);
  }, [client, pager, filter, liveLogCount, session]);

  const total = pager.total;
  // Follow the tail: keep the last row in view whenever the total grows.
  useEffect(() => {
    const el = scroller.current;
    if (!follow || !el) return;
    el.scrollTop = scrollTopForRow(Math.max(0, total - 1), el.clientHeight, total, ROW) + el.clientHeight;
  }, [follow, total]);

  const win = virtualWindow(view.top, view.height, total, ROW);
  const rows = pager.rows(win.first, win.count);
  const pairs = tab === 'pairs' ? pairPrePost(rows.filter((r): r is LogEntry => r !== undefined)) : [];

  const doExport = async (format: 'jsonl' | 'csv') => {
    try {
      const r = await client.invoke('logs:export', { format, filter, path: null });
      setExported({ path: r.path, url: r.downloadUrl, count: r.count });
    } catch (e) {
      session.getState().note('error', `export: ${errorText(e)}`);
    }
  };

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
          placeholder={fts ? 'full-text search' : 'contains…'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={fts} onChange={(e) => setFts(e.target.checked)} /> FTS
        </label>
        <label className="check">
          <input
            type="checkbox"
            aria-label="follow tail"
            checked={follow}
            onChange={(e) => setFollow(e.target.checked)}
          />{' '}
          follow
        </label>
        <button onClick={() => void doExport('jsonl')}>Export JSONL</button>
        <button onClick={() => void doExport('csv')}>CSV</button>
        <span className="spacer" />
        <span className="counter" data-testid="logs-total">
          {total.toLocaleString()} rows
        </span>
        <span className="counter">{Math.round(link.messagesPerSec).toLocaleString()} msg/s</span>
        {link.elidedLogs > 0 && (
          <span className="counter warn" title="stored but not pushed live; scroll to read them">
            {link.elidedLogs.toLocaleString()} elided live
          </span>
        )}
      </div>
      {exported && (
        <div className="note">
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
        onScroll={(e) => {
          const el = e.currentTarget;
          setView({ top: el.scrollTop, height: el.clientHeight });
          // Programmatic tail-following also fires scroll events; only the user's own scrolling
          // turns following off (away from the end) or back on (at the end).
          if (!userScroll.current) return;
          userScroll.current = false;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atBottom !== follow) setFollow(atBottom);
        }}
      >
        <div style={{ height: win.scrollHeight, position: 'relative' }}>
          <div style={{ position: 'absolute', top: view.top + win.offset, left: 0, right: 0 }}>
            {tab !== 'pairs'
              ? rows.map((e, i) => <LogLine key={win.first + i} e={e} />)
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
