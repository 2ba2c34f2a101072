// The body of the designed event's action: a script (in the Monaco editor, a plain text box
// while it loads, with a way to open it in the Script pane) or custom code bytes.
import { lazy, Suspense } from 'react';
import { useServices } from '../app/context';
import type { EventDraft } from './event-draft';

const ScriptEditor = lazy(() => import('../script/ScriptEditor'));

interface Props {
  readonly draft: EventDraft;
  /** Changes when the script was replaced from outside the editor. */
  readonly scriptRevision: number;
  set(patch: Partial<EventDraft>): void;
  problemFor(field: keyof EventDraft): string | undefined;
}

export function DesignerActionBody({ draft: d, scriptRevision, set, problemFor }: Props) {
  const { ui } = useServices();
  if (d.action === 'script') {
    return (
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
    );
  }
  if (d.action === 'code') {
    return (
      <label className={`wide ${problemFor('code') ? 'invalid' : ''}`}>
        custom code (hex bytes; HyperDbg appends ret)
        <textarea
          aria-label="custom code bytes"
          value={d.code}
          onChange={(e) => set({ code: e.target.value })}
        />
      </label>
    );
  }
  return null;
}
