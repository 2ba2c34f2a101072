// Data a pane reads from the paused debuggee (call stack, breakpoint table), refreshed on every
// halt. Only the newest request's answer is kept: a refresh that was overtaken by another halt
// never overwrites fresher rows.
import { errorText } from '../ui/errors';

export interface PausedQueryState<T> {
  readonly value: T | null;
  /** The host's message when the last read failed (HyperDbg's own text). */
  readonly error: string | null;
  readonly loading: boolean;
}

export const IDLE_QUERY: PausedQueryState<never> = { value: null, error: null, loading: false };

export interface PausedQuery {
  refresh(): void;
  dispose(): void;
}

export function createPausedQuery<T>(
  load: () => Promise<T>,
  onChange: (state: PausedQueryState<T>) => void,
): PausedQuery {
  let generation = 0;
  let current: PausedQueryState<T> = IDLE_QUERY;
  const set = (state: PausedQueryState<T>) => {
    current = state;
    onChange(state);
  };
  return {
    refresh() {
      const mine = ++generation;
      set({ ...current, loading: true });
      load().then(
        (value) => {
          if (mine === generation) set({ value, error: null, loading: false });
        },
        (error: unknown) => {
          if (mine === generation) set({ value: null, error: errorText(error), loading: false });
        },
      );
    },
    dispose() {
      generation++;
    },
  };
}
