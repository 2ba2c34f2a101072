// The event designer: builds any event command from a form, shows its exact text, checks pool
// headroom with the session's ledger (with the prealloc remedy as buttons), and applies it as a
// console command. The draft survives tab switches and reloads (localStorage).
import { useState } from 'react';
import type { ActionKind } from '../../shared/ipc';
import { useServices, useSession } from '../app/context';
import {
  draftToCommand,
  validateDraft,
  EVENT_KIND_NAMES,
  EVENT_KINDS,
  type EventDraft,
  type EventKind,
} from './event-draft';
import { DesignerActionBody } from './DesignerActionBody';
import { DesignerFilterFields } from './DesignerFilterFields';
import { DesignerTargetFields } from './DesignerTargetFields';
import { PoolForecastView } from './PoolForecastView';
import { usePoolForecast } from './use-pool-forecast';
import { useEventDraft } from './use-event-draft';

export function EventDesigner() {
  const { session, client } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const connected = useSession((s) => s.session.phase === 'paused' || s.session.phase === 'running');
  // Pool counts change as events are applied and pools refreshed: forecast again when they do.
  const pools = useSession((s) => s.pools);
  const draft = useEventDraft();
  const { draft: d, touched, set } = draft;
  const [applying, setApplying] = useState(false);
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
            onChange={(e) => draft.changeKind(e.target.value as EventKind)}
          >
            {EVENT_KIND_NAMES.map((k) => (
              <option key={k} value={k}>
                !{k} — {EVENT_KINDS[k].help}
              </option>
            ))}
          </select>
        </label>
        <DesignerTargetFields draft={d} set={set} problemFor={problemFor} />
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
      <DesignerActionBody draft={d} scriptRevision={draft.scriptRevision} set={set} problemFor={problemFor} />
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
        <button type="button" onClick={draft.reset}>
          Reset
        </button>
      </div>
    </form>
  );
}
