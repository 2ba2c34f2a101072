// Events: the live table of every event (row keys e/d/c enable, disable, clear) and the event
// designer that builds any event command, shows its exact text, and checks pool headroom.
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useServices, useSession, useUi, type AppServices } from '../app/context';
import type { EventRow } from '../../shared/ipc/model';
import {
  defaultDraft,
  draftToCommand,
  validateDraft,
  EVENT_KIND_NAMES,
  EVENT_KINDS,
  type ActionKind,
  type EventDraft,
  type EventKind,
  type MonitorAccess,
  type Stage,
} from '../events/event-draft';
import {
  createPoolForecaster,
  NO_FORECAST,
  type ForecastState,
  type PoolForecaster,
} from '../events/pool-forecast';
import { errorText } from '../ui/errors';

const ScriptEditor = lazy(() => import('../script/ScriptEditor'));

type ModifyAction = 'enable' | 'disable' | 'clear';

function useModify() {
  const { client, session } = useServices();
  return async (action: ModifyAction, tag: number | 'all') => {
    try {
      const r = await client.invoke('events:modify', { action, tag });
      if (!r.ok && r.message) session.getState().note('error', r.message);
    } catch (e) {
      session.getState().note('error', errorText(e));
    }
  };
}

function actionsText(row: EventRow): string {
  return (
    row.actions
      .map((a) => (a.bufferSize ? `${a.kind}(buffer ${a.bufferSize.toString(16)})` : a.kind))
      .join(', ') || 'break'
  );
}

function filtersText(row: EventRow): string {
  const parts: string[] = [];
  if (row.pid !== null) parts.push(`pid ${row.pid.toString(16)}`);
  if (row.core !== null) parts.push(`core ${row.core.toString(16)}`);
  if (row.condition) parts.push('condition');
  if (row.shortCircuit) parts.push('sc');
  if (!row.immediate) parts.push('imm no');
  return parts.join(' · ');
}

function EventsTable() {
  const events = useSession((s) => s.events);
  const paused = useSession((s) => s.session.phase === 'paused');
  const modify = useModify();
  const { ui } = useServices();
  const onRowKey = (e: ReactKeyboardEvent, row: EventRow) => {
    const map: Record<string, ModifyAction> = { e: 'enable', d: 'disable', c: 'clear' };
    const action = map[e.key.toLowerCase()];
    if (action && paused) {
      e.preventDefault();
      void modify(action, row.tag);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const sibling = (
        e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
      ) as HTMLElement | null;
      sibling?.focus();
    }
  };
  return (
    <div className="events-table scroll">
      <table className="grid" aria-label="events">
        <thead>
          <tr>
            <th>id</th>
            <th>type</th>
            <th>target</th>
            <th>stage</th>
            <th>filters</th>
            <th>actions</th>
            <th>state</th>
            <th>pre</th>
            <th>post</th>
            <th aria-label="row actions" />
          </tr>
        </thead>
        <tbody>
          {events.map((row) => (
            <tr
              key={row.tag}
              tabIndex={0}
              data-testid={`event-row-${row.id.toString(16)}`}
              data-state={row.state}
              onKeyDown={(e) => onRowKey(e, row)}
              title={row.commandText}
            >
              <td className="mono">{row.id.toString(16)}</td>
              <td>{row.type}</td>
              <td className="mono ellipsis">{row.target}</td>
              <td>{row.stage ?? '—'}</td>
              <td>{filtersText(row)}</td>
              <td>{actionsText(row)}</td>
              <td className={`st-${row.state}`} data-testid="event-state">
                {row.state === 'clear-pending' ? 'clear pending (until g)' : row.state}
              </td>
              <td className="num" data-testid="hits-pre">
                {row.hits.pre}
              </td>
              <td className="num" data-testid="hits-post">
                {row.hits.post}
              </td>
              <td className="row-actions">
                <button
                  disabled={!paused || row.state !== 'disabled'}
                  onClick={() => void modify('enable', row.tag)}
                  title="enable (e)"
                >
                  e
                </button>
                <button
                  disabled={!paused || row.state !== 'enabled'}
                  onClick={() => void modify('disable', row.tag)}
                  title="disable (d)"
                >
                  d
                </button>
                <button
                  disabled={!paused || row.state === 'clear-pending'}
                  onClick={() => void modify('clear', row.tag)}
                  title="clear (c): removed after the next g"
                >
                  c
                </button>
                {row.actions.some((a) => a.kind === 'script') && (
                  <button
                    onClick={() =>
                      ui.getState().loadScript(row.actions.find((a) => a.kind === 'script')?.body ?? '')
                    }
                    title="open the script in the editor"
                  >
                    ✎
                  </button>
                )}
              </td>
            </tr>
          ))}
          {events.length === 0 && (
            <tr>
              <td colSpan={10} className="empty">
                No events. Build one below or type an event command in the console.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {events.length > 0 && (
        <div className="row">
          <button disabled={!paused} onClick={() => void modify('enable', 'all')}>
            enable all
          </button>
          <button disabled={!paused} onClick={() => void modify('disable', 'all')}>
            disable all
          </button>
          <button disabled={!paused} onClick={() => void modify('clear', 'all')}>
            clear all
          </button>
          <span className="dim">
            Clearing disables at once; HyperDbg removes the event after the next continue.
          </span>
        </div>
      )}
    </div>
  );
}

function EventDesigner() {
  const { session, ui, client } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const connected = useSession((s) => s.session.phase === 'paused' || s.session.phase === 'running');
  // Pool counts change as events are applied and pools refreshed: forecast again when they do.
  const pools = useSession((s) => s.pools);
  const [d, setD] = useState<EventDraft>(defaultDraft('monitor'));
  const [applying, setApplying] = useState(false);
  // Fields are marked invalid once edited; untouched empty fields are listed below the form only.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const set = (patch: Partial<EventDraft>) => {
    setD((x) => ({ ...x, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
  };
  const attach = useUi((s) => s.scriptToAttach);
  const [scriptRevision, setScriptRevision] = useState(0);
  useEffect(() => {
    if (!attach) return;
    setD((x) => ({ ...x, action: 'script', script: attach.text }));
    setScriptRevision((r) => r + 1);
  }, [attach]);
  const info = EVENT_KINDS[d.kind];
  const problems = validateDraft(d);
  const command = draftToCommand(d);
  const forecast = usePoolForecast(client, connected && problems.length === 0 ? command : null, pools);
  const problemFor = (field: keyof EventDraft) =>
    touched.has(field) ? problems.find((p) => p.field === field)?.message : undefined;

  const apply = async () => {
    setApplying(true);
    await session.getState().execute(command);
    setApplying(false);
  };

  return (
    <form
      className="designer"
      aria-label="event designer"
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length === 0 && paused) void apply();
      }}
    >
      <div className="form-grid">
        <label>
          Type
          <select
            aria-label="event type"
            value={d.kind}
            onChange={(e) =>
              set({
                kind: e.target.value as EventKind,
                stage: EVENT_KINDS[e.target.value as EventKind].preOnly ? 'pre' : d.stage,
              })
            }
          >
            {EVENT_KIND_NAMES.map((k) => (
              <option key={k} value={k}>
                !{k} — {EVENT_KINDS[k].help}
              </option>
            ))}
          </select>
        </label>
        {d.kind === 'monitor' && (
          <label>
            Access
            <select
              aria-label="monitor access"
              value={d.monitorAccess}
              onChange={(e) => set({ monitorAccess: e.target.value as MonitorAccess })}
            >
              {['r', 'w', 'x', 'rw', 'rx', 'wx', 'rwx'].map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
        )}
        {info.target && (
          <label className={problemFor('target') ? 'invalid' : ''}>
            {info.target}
            <input
              aria-label="event target"
              value={d.target}
              onChange={(e) => set({ target: e.target.value })}
              title={problemFor('target')}
            />
          </label>
        )}
        {d.kind === 'monitor' && (
          <>
            <label className={problemFor('monitorEnd') ? 'invalid' : ''}>
              {d.monitorByLength ? 'length (hex)' : 'to address (inclusive)'}
              <input
                aria-label="monitor end"
                value={d.monitorEnd}
                onChange={(e) => set({ monitorEnd: e.target.value })}
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={d.monitorByLength}
                onChange={(e) => set({ monitorByLength: e.target.checked })}
              />{' '}
              by length
            </label>
          </>
        )}
        {d.kind === 'crwrite' && (
          <label>
            mask (hex, optional)
            <input aria-label="crwrite mask" value={d.mask} onChange={(e) => set({ mask: e.target.value })} />
          </label>
        )}
        <label className={problemFor('stage') ? 'invalid' : ''}>
          Stage
          <select
            aria-label="stage"
            value={d.stage}
            disabled={info.preOnly}
            onChange={(e) => set({ stage: e.target.value as Stage })}
            title={info.preOnly ? `!${d.kind} runs in the pre stage only` : ''}
          >
            <option value="pre">pre</option>
            <option value="post">post</option>
            <option value="all">all</option>
          </select>
        </label>
        <label className={problemFor('pid') ? 'invalid' : ''}>
          pid (hex)
          <input
            aria-label="pid"
            value={d.pid}
            onChange={(e) => set({ pid: e.target.value })}
            placeholder="all"
          />
        </label>
        <label className={problemFor('core') ? 'invalid' : ''}>
          core (hex)
          <input
            aria-label="core"
            value={d.core}
            onChange={(e) => set({ core: e.target.value })}
            placeholder="all"
          />
        </label>
        <label className={problemFor('buffer') ? 'invalid' : ''}>
          buffer (hex)
          <input
            aria-label="safe buffer"
            value={d.buffer}
            onChange={(e) => set({ buffer: e.target.value })}
            placeholder="none"
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            aria-label="immediate messages"
            checked={d.imm}
            onChange={(e) => set({ imm: e.target.checked })}
          />{' '}
          imm
        </label>
        <label className={`check ${problemFor('shortCircuit') ? 'invalid' : ''}`}>
          <input
            type="checkbox"
            aria-label="short-circuit"
            checked={d.shortCircuit}
            onChange={(e) => set({ shortCircuit: e.target.checked })}
          />{' '}
          sc on
        </label>
        <label className={`wide ${problemFor('condition') ? 'invalid' : ''}`}>
          condition (hex bytes, optional)
          <input
            aria-label="condition bytes"
            value={d.condition}
            onChange={(e) => set({ condition: e.target.value })}
            placeholder="e.g. 48 31 c0"
          />
        </label>
        <label>
          Action
          <select
            aria-label="event action"
            value={d.action}
            onChange={(e) => set({ action: e.target.value as ActionKind })}
          >
            <option value="break">break to debugger</option>
            <option value="script">script</option>
            <option value="code">custom code</option>
          </select>
        </label>
      </div>
      {d.action === 'script' && (
        <div className="designer-script" data-testid="designer-script">
          <Suspense
            fallback={
              <textarea
                aria-label="event script"
                value={d.script}
                onChange={(e) => set({ script: e.target.value })}
              />
            }
          >
            <ScriptEditor
              value={d.script}
              revision={scriptRevision}
              onChange={(script) => set({ script })}
              ariaLabel="event script"
              height={140}
            />
          </Suspense>
          <button type="button" onClick={() => ui.getState().loadScript(d.script)}>
            open in Script pane
          </button>
        </div>
      )}
      {d.action === 'code' && (
        <label className={`wide ${problemFor('code') ? 'invalid' : ''}`}>
          custom code (hex bytes; HyperDbg appends ret)
          <textarea
            aria-label="custom code bytes"
            value={d.code}
            onChange={(e) => set({ code: e.target.value })}
          />
        </label>
      )}
      <div className="command-preview" aria-label="command text">
        <pre data-testid="designer-command">{command}</pre>
      </div>
      {problems.map((p) => (
        <div key={p.field + p.message} className={touched.has(p.field) ? 'error' : 'dim'}>
          {p.message}
        </div>
      ))}
      <PoolForecastView forecast={forecast} />
      <div className="row">
        <button
          type="submit"
          className="primary"
          data-testid="designer-apply"
          disabled={problems.length > 0 || !paused || applying}
        >
          {applying ? 'Applying…' : 'Apply event'}
        </button>
        {!paused && <span className="dim">Events are applied while the debuggee is paused.</span>}
        <button
          type="button"
          onClick={() => {
            setD(defaultDraft(d.kind));
            setTouched(new Set());
            setScriptRevision((r) => r + 1);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}

/** The ledger's forecast for `commandText`, asked again when it or the pool counts change. */
function usePoolForecast(
  client: AppServices['client'],
  commandText: string | null,
  pools: unknown,
): ForecastState {
  const [state, setState] = useState<ForecastState>(NO_FORECAST);
  const forecaster = useRef<PoolForecaster | null>(null);
  useEffect(() => {
    const created = createPoolForecaster(
      async (text) => (await client.invoke('pool:forecast', { commandText: text })).warnings,
      setState,
    );
    forecaster.current = created;
    return () => created.dispose();
  }, [client, pools]);
  useEffect(() => forecaster.current?.update(commandText), [commandText, pools]);
  return state;
}

function PoolForecastView({ forecast }: { forecast: ForecastState }) {
  if (forecast.error !== null) return <div className="dim">Pool headroom not checked: {forecast.error}</div>;
  return (
    <>
      {forecast.warnings.map((w, i) => (
        <div key={i} className={w.severity === 'error' ? 'warn' : 'dim'} data-testid="designer-pool-warning">
          <pre className="forecast">{w.message}</pre>
          {w.remedy.length > 0 && (
            <div>
              Remedy:{' '}
              {w.remedy.map((r) => (
                <code key={r.type} data-testid="designer-pool-remedy">
                  prealloc {r.type} {r.count.toString(16)}{' '}
                </code>
              ))}
              (Pools pane). Running prealloc resumes the debuggee, which halts again inside HyperDbg&apos;s
              own process: the current context is lost.
            </div>
          )}
        </div>
      ))}
    </>
  );
}

export function EventsPane() {
  return (
    <div className="events">
      <EventsTable />
      <details open className="designer-box">
        <summary>Event designer</summary>
        <EventDesigner />
      </details>
    </div>
  );
}
