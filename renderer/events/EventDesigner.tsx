// The event designer: builds any event command from a form, shows its exact text, checks pool
// headroom with the session's ledger (with the prealloc remedy as buttons), and applies it as a
// console command. The draft survives tab switches and reloads (localStorage).
import { lazy, Suspense, useEffect, useState } from 'react';
import type { ActionKind } from '../../shared/ipc';
import { useServices, useSession, useUi } from '../app/context';
import {
  changeKind,
  defaultDraft,
  draftToCommand,
  validateDraft,
  EVENT_KIND_NAMES,
  EVENT_KINDS,
  type EventDraft,
  type EventKind,
  type MonitorAccess,
} from './event-draft';
import { loadDraft, saveDraft } from './draft-storage';
import { DesignerFilterFields } from './DesignerFilterFields';
import { PoolForecastView } from './PoolForecastView';
import { usePoolForecast } from './use-pool-forecast';

const ScriptEditor = lazy(() => import('../script/ScriptEditor'));

export function EventDesigner() {
  const { session, ui, client } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const connected = useSession((s) => s.session.phase === 'paused' || s.session.phase === 'running');
  // Pool counts change as events are applied and pools refreshed: forecast again when they do.
  const pools = useSession((s) => s.pools);
  const [d, setD] = useState<EventDraft>(() => loadDraft(localStorage));
  useEffect(() => saveDraft(localStorage, d), [d]);
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
            onChange={(e) => {
              const kind = e.target.value as EventKind;
              setD((x) => changeKind(x, kind));
              setTouched(new Set());
            }}
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
        <DesignerFilterFields draft={d} set={set} problemFor={problemFor} />
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
