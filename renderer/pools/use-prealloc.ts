// `prealloc TYPE COUNT` behind a confirmation (it resumes the debuggee, so the current context is
// lost): one hook for the Pools pane's warnings, its manual form and the event designer's remedy.
import { useState } from 'react';
import type { PreallocType } from '../../shared/ipc/model';
import { useServices } from '../app/context';
import { errorText } from '../ui/errors';

export interface PreallocRequest {
  readonly type: PreallocType;
  readonly count: number;
}

export function usePrealloc() {
  const { client, session } = useServices();
  const [pending, setPending] = useState<PreallocRequest | null>(null);
  const [running, setRunning] = useState(false);
  const confirm = async () => {
    if (!pending) return;
    const { type, count } = pending;
    setPending(null);
    setRunning(true);
    try {
      const r = await client.invoke('pool:prealloc', { type, count });
      if (!r.ok && r.message) session.getState().note('error', r.message);
    } catch (e) {
      session.getState().note('error', errorText(e));
    } finally {
      setRunning(false);
    }
  };
  return { pending, running, ask: setPending, cancel: () => setPending(null), confirm };
}
