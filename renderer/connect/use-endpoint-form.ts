// The endpoint and signature being edited. Kept across reloads; while a session is open the form
// shows that session's endpoint (and the signature its recent entry recorded), not a stale default.
import { useEffect, useState } from 'react';
import { useSession } from '../app/context';
import { draftFromEndpoint, type EndpointDraft } from './endpoint';
import { loadDraft, saveDraft } from './draft-storage';
import type { RecentConnection } from './use-connect-settings';

export interface EndpointForm {
  readonly draft: EndpointDraft;
  readonly signature: string;
  update(patch: Partial<EndpointDraft>): void;
  setSignature(text: string): void;
  /** Fills the whole form from a recent connection: endpoint, baud and signature. */
  restore(entry: Pick<RecentConnection, 'endpoint' | 'signature'>): void;
}

export function useEndpointForm(recent: readonly RecentConnection[]): EndpointForm {
  const state = useSession((s) => s.session);
  const [draft, setDraft] = useState<EndpointDraft>(() => loadDraft(localStorage));
  const [signature, setSignature] = useState('');
  useEffect(() => saveDraft(localStorage, draft), [draft]);

  const restore = (entry: Pick<RecentConnection, 'endpoint' | 'signature'>) => {
    setDraft(draftFromEndpoint(entry.endpoint));
    setSignature(entry.signature ?? '');
  };

  const live = state.phase !== 'disconnected' ? state.endpoint : null;
  useEffect(() => {
    if (live === null) return;
    setDraft(draftFromEndpoint(live));
    const entry = recent.find((r) => r.endpoint === live);
    if (entry) setSignature(entry.signature ?? '');
  }, [live, recent]);

  return {
    draft,
    signature,
    update: (patch) => setDraft((d) => ({ ...d, ...patch })),
    setSignature,
    restore,
  };
}
