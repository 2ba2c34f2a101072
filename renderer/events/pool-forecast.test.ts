import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerWarning } from '../../shared/ipc/model';
import { createPoolForecaster, type ForecastState } from './pool-forecast';

const rejection: LedgerWarning = {
  severity: 'error',
  message: 'warning: the pool ledger predicts no free regular event buffer; … 0xc0000042.',
  errorCode: 0xc0000042,
  remedy: [{ type: 'regular-event', count: 3 }],
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createPoolForecaster', () => {
  it('asks the ledger once per typing pause, for the newest text only', async () => {
    const asked: string[] = [];
    const states: ForecastState[] = [];
    const forecaster = createPoolForecaster(
      async (text) => {
        asked.push(text);
        return text.endsWith('3') ? [rejection] : [];
      },
      (state) => states.push(state),
      100,
    );
    forecaster.update('!msrread 1');
    vi.advanceTimersByTime(50);
    forecaster.update('!msrread 12');
    vi.advanceTimersByTime(50);
    forecaster.update('!msrread 123');
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual(['!msrread 123']);
    expect(states).toEqual([{ commandText: '!msrread 123', warnings: [rejection], error: null }]);
    forecaster.update('!msrread 123');
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toHaveLength(1);
  });

  it('drops an answer that arrives after the text changed, and clears at once for null', async () => {
    let release: (warnings: LedgerWarning[]) => void = () => undefined;
    const states: ForecastState[] = [];
    const forecaster = createPoolForecaster(
      (text) =>
        text === 'slow'
          ? new Promise<LedgerWarning[]>((resolve) => (release = resolve))
          : Promise.resolve([]),
      (state) => states.push(state),
      10,
    );
    forecaster.update('slow');
    await vi.advanceTimersByTimeAsync(10);
    forecaster.update(null);
    expect(states).toEqual([{ commandText: null, warnings: [], error: null }]);
    release([rejection]);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toHaveLength(1);
  });

  it("reports the host's failure as the forecast error", async () => {
    const states: ForecastState[] = [];
    const forecaster = createPoolForecaster(
      () => Promise.reject(new Error("err, you're not connected to any debuggee")),
      (state) => states.push(state),
      10,
    );
    forecaster.update('!cpuid');
    await vi.advanceTimersByTimeAsync(10);
    expect(states).toEqual([
      { commandText: '!cpuid', warnings: [], error: "err, you're not connected to any debuggee" },
    ]);
    forecaster.dispose();
  });
});
