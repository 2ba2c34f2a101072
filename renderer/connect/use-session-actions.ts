// Connect, disconnect and force-disconnect, with the outcome of the last one (null when it went well).
import { useState } from 'react';
import { useServices } from '../app/context';
import { errorText } from '../ui/errors';
import type { CommandOutcome } from '../../shared/ipc/channels';

export interface SessionActions {
  readonly busy: boolean;
  /** The last action's failure, as the host said it. */
  readonly failure: string | null;
  connect(endpoint: string, signature: string | null): Promise<boolean>;
  disconnect(): Promise<void>;
  forceDisconnect(): Promise<void>;
}

export function useSessionActions(): SessionActions {
  const { client, session } = useServices();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (call: () => Promise<CommandOutcome>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await call();
      setFailure(outcome.ok ? null : (outcome.message ?? 'the host refused without a reason'));
      return outcome.ok;
    } catch (e) {
      setFailure(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    busy,
    failure,
    connect: (endpoint, signature) => run(() => client.invoke('session:connect', { endpoint, signature })),
    disconnect: async () => {
      await run(() => client.invoke('session:disconnect', {}));
      session.getState().note('info', 'session closed (.debug close)');
    },
    /** Ends the session here without waiting for the debuggee (a frozen VM never answers `.debug close`). */
    forceDisconnect: async () => {
      await run(() => client.invoke('session:force-disconnect', {}));
      session.getState().note('info', 'session ended without waiting for the debuggee');
    },
  };
}
