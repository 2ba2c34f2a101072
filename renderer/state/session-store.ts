// The renderer's session store: the reduced session view plus the actions panes call. Batches
// pushed by main go through the frame coalescer; a gap in batch sequence numbers triggers a
// fresh snapshot so a renderer that missed pushes (or a browser tab that joined late) recovers.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionBatch } from '../../shared/ipc/channels';
import type { IpcClient } from '../../shared/ipc/client';
import { createFrameCoalescer, type CoalescerOptions, type FrameRequest } from './frame-scheduler';
import {
  appendConsole,
  applyBatches,
  applySnapshot,
  initialSessionView,
  type SessionView,
} from './session-reducer';

export interface SessionActions {
  /** Runs console text; failures are written to the console as errors. Resolves with ok. */
  execute(text: string): Promise<boolean>;
  run(action: 'go' | 'step-over' | 'step-into' | 'step-out'): Promise<boolean>;
  pause(): Promise<boolean>;
  note(stream: 'info' | 'error', text: string): void;
  resync(): Promise<void>;
}

export type SessionStore = StoreApi<SessionView & SessionActions>;

export function createSessionStore(
  client: IpcClient,
  requestFrame: FrameRequest,
  coalescing: CoalescerOptions = {},
): SessionStore {
  const store: SessionStore = createStore<SessionView & SessionActions>()((set) => {
    const reportFailure = (what: string, error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      set((s) => appendConsole(s, 'error', `${what}: ${message}`));
      return false;
    };
    const outcome = (what: string, result: { ok: boolean; message: string | null }) => {
      if (!result.ok && result.message) set((s) => appendConsole(s, 'error', result.message ?? what));
      return result.ok;
    };
    return {
      ...initialSessionView(),
      async execute(text) {
        try {
          return outcome(text, await client.invoke('console:execute', { text }));
        } catch (error) {
          return reportFailure(text, error);
        }
      },
      async run(action) {
        try {
          return outcome(action, await client.invoke('debug:run', { action }));
        } catch (error) {
          return reportFailure(action, error);
        }
      },
      async pause() {
        try {
          return outcome('pause', await client.invoke('debug:pause', {}));
        } catch (error) {
          return reportFailure('pause', error);
        }
      },
      note(stream, text) {
        set((s) => appendConsole(s, stream, text));
      },
      async resync() {
        coalescer.flush();
        try {
          const snap = await client.invoke('session:snapshot', {});
          set((s) => applySnapshot(s, snap));
        } catch (error) {
          reportFailure('session snapshot', error);
        }
      },
    };
  });
  const coalescer = createFrameCoalescer<SessionBatch>(
    (batches, elided) => {
      const before = store.getState();
      let after = applyBatches(before, batches);
      // The sequence gap the elided batches leave makes the reducer ask for a fresh snapshot.
      if (elided > 0) {
        after = appendConsole(
          { ...after, needsResync: true },
          'info',
          `${elided} update batches were dropped while the window could not draw; the view is re-read from the host`,
        );
      }
      store.setState(after);
      if (after.needsResync && !before.needsResync) void store.getState().resync();
    },
    requestFrame,
    coalescing,
  );
  client.on('session:batch', (batch) => coalescer.push(batch));
  return store;
}
