// React side of `createPausedQuery`: reads once per halt while the debuggee is paused.
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/context';
import {
  createPausedQuery,
  IDLE_QUERY,
  type PausedQuery,
  type PausedQueryState,
} from '../state/paused-query';

export function usePausedQuery<T>(load: () => Promise<T>): PausedQueryState<T> & { refresh(): void } {
  const generation = useSession((s) => s.pauseGeneration);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [state, setState] = useState<PausedQueryState<T>>(IDLE_QUERY);
  const query = useRef<PausedQuery | null>(null);
  useEffect(() => {
    const created = createPausedQuery(load, setState);
    query.current = created;
    return () => created.dispose();
  }, [load]);
  useEffect(() => {
    if (paused) query.current?.refresh();
  }, [paused, generation, load]);
  return { ...state, refresh: () => query.current?.refresh() };
}
