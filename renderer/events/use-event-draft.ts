// The designer's draft: kept across tab switches and reloads (localStorage), fields marked as
// touched once edited (only those show their problem in place), a script sent from the Script
// pane taken as the action, and Reset.
import { useEffect, useState } from 'react';
import { useUi } from '../app/context';
import { changeKind, defaultDraft, type EventDraft, type EventKind } from './event-draft';
import { loadDraft, saveDraft } from './draft-storage';

export function useEventDraft() {
  const [draft, setDraft] = useState<EventDraft>(() => loadDraft(localStorage));
  useEffect(() => saveDraft(localStorage, draft), [draft]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  /** Bumped when the script changes from outside the editor, so the editor takes the new text. */
  const [scriptRevision, setScriptRevision] = useState(0);
  const attach = useUi((s) => s.scriptToAttach);
  useEffect(() => {
    if (!attach) return;
    setDraft((x) => ({ ...x, action: 'script', script: attach.text }));
    setScriptRevision((r) => r + 1);
  }, [attach]);

  return {
    draft,
    touched,
    scriptRevision,
    set(patch: Partial<EventDraft>) {
      setDraft((x) => ({ ...x, ...patch }));
      setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    },
    changeKind(kind: EventKind) {
      setDraft((x) => changeKind(x, kind));
      setTouched(new Set());
    },
    reset() {
      setDraft(defaultDraft(draft.kind));
      setTouched(new Set());
      setScriptRevision((r) => r + 1);
    },
  };
}
