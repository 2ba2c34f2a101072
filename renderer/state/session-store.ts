// The renderer's session store: the reduced session view plus the actions panes call. Batches
// pushed by main go through the frame coalescer; a gap in batch sequence numbers triggers a
// fresh snapshot so a renderer that missed pushes (or a browser tab that joined late) recovers.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionBatch } from '../../shared/ipc/channels';
import type { IpcClient } from '../../shared/ipc/client';
import { createFrameCoalescer, type CoalescerOptions, type FrameRequest } from './frame-scheduler';
import {
  appendChunks,
  appendConsole,
  applyBatches,
  applySnapshot,
  initialSessionView,
  type SessionView,
} from './session-reducer';

export interface SessionStoreActions {
  /** Runs console text (its output, errors included, streams into the console once). Resolves with ok. */
  execute(text: string): Promise<boolean>;
  run(action: 'go' | 'step-over' | 'step-into' | 'step-out'): Promise<boolean>;
  pause(): Promise<boolean>;
  note(stream: 'info' | 'error', text: string): void;
  /** `.cls` / the clear button: empties this window's console (the log store keeps everything). */
  clearConsole(): void;
  resync(): Promise<void>;
}

export type SessionStore = StoreApi<SessionView & SessionStoreActions>;

/** Console scrollback restored at start and saved after changes (browser: localStorage). */
export interface ScrollbackStore {
  load(): Pick<SessionView['console'][number], 'stream' | 'text'>[];
  save(lines: SessionView['console']): void;
}

const SCROLLBACK_SAVE_MS = 1000;

export function createSessionStore(
  client: IpcClient,
  requestFrame: FrameRequest,
  coalescing: CoalescerOptions = {},
  scrollback?: ScrollbackStore,
): SessionStore {
  const restored = scrollback?.load() ?? [];
  const store: SessionStore = createStore<SessionView & SessionStoreActions>()((set) => {
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
      ...(restored.length > 0
        ? appendChunks(
            initialSessionView(),
            restored.map((l) => ({ stream: l.stream, text: `${l.text}\n` })),
          )
        : initialSessionView()),
      async execute(text) {
        try {
          // The host streams the command's output, its error included: not written a second time.
          return (await client.invoke('console:execute', { text })).ok;
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
      clearConsole() {
        set({ console: [], consoleDropped: 0 });
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
  if (scrollback) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    store.subscribe((state, previous) => {
      if (state.console === previous.console || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        scrollback.save(store.getState().console);
      }, SCROLLBACK_SAVE_MS);
    });
  }
  return store;
}
