// The designer's pool-headroom check: the host's pool ledger predicts what applying the command
// text would do (`pool:forecast`). Asked at most once per pause in typing (debounced), and only
// the answer for the newest text is kept, so a slow answer never overwrites a newer one.
import type { LedgerWarning } from '../../shared/ipc/model';
import { errorText } from '../ui/errors';

/** Typing pause before the ledger is asked (the command text changes on every key). */
export const FORECAST_DELAY_MS = 250;

export interface ForecastState {
  /** The command text the warnings are for; null when nothing is being forecast. */
  readonly commandText: string | null;
  readonly warnings: readonly LedgerWarning[];
  /** Why the host could not forecast (e.g. not connected). */
  readonly error: string | null;
}

export const NO_FORECAST: ForecastState = { commandText: null, warnings: [], error: null };

export interface PoolForecaster {
  /** The designer's current command text, or null when the draft cannot be applied anyway. */
  update(commandText: string | null): void;
  dispose(): void;
}

export function createPoolForecaster(
  forecast: (commandText: string) => Promise<readonly LedgerWarning[]>,
  onChange: (state: ForecastState) => void,
  delayMs = FORECAST_DELAY_MS,
): PoolForecaster {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let last: string | null = null;
  return {
    update(commandText) {
      if (commandText === last) return;
      last = commandText;
      clearTimeout(timer);
      const mine = ++generation;
      if (commandText === null) {
        onChange(NO_FORECAST);
        return;
      }
      timer = setTimeout(() => {
        forecast(commandText).then(
          (warnings) => {
            if (mine === generation) onChange({ commandText, warnings, error: null });
          },
          (error: unknown) => {
            if (mine === generation) onChange({ commandText, warnings: [], error: errorText(error) });
          },
        );
      }, delayMs);
    },
    dispose() {
      clearTimeout(timer);
      generation++;
    },
  };
}
