// Long logs calls (search counts, exports) with a request id: their progress for the bar, the
// error of a failed one, and whether the pane is still shown when an answer arrives.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcClient } from '../../shared/ipc/client';
import { errorText } from '../ui/errors';

export interface LogProgress {
  readonly requestId: number;
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

let nextRequestId = 1;

export function useTrackedCalls(client: IpcClient) {
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<LogProgress | null>(null);
  const mounted = useRef(true);
  // Set again on every show: a pane hidden by a tab switch (React Activity) runs this cleanup too.
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  useEffect(
    () =>
      client.on('logs:progress', (p) =>
        setProgress((current) =>
          current && current.requestId === p.requestId ? { ...current, ...p } : current,
        ),
      ),
    [client],
  );

  /** Runs a long call with a request id: progress shows in the bar, Cancel stops it. */
  const tracked = useCallback(
    async <T>(label: string, run: (requestId: number) => Promise<T>): Promise<T | undefined> => {
      const requestId = nextRequestId++;
      setProgress({ requestId, label, done: 0, total: 0 });
      try {
        return await run(requestId);
      } catch (e) {
        const message = errorText(e);
        if (mounted.current && !/cancelled/.test(message)) setProblem(message);
        return undefined;
      } finally {
        if (mounted.current) setProgress((p) => (p?.requestId === requestId ? null : p));
      }
    },
    [],
  );

  return { problem, setProblem, progress, tracked, mounted };
}
