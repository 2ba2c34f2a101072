// The ledger's forecast for the designer's command text, asked again when it or the pool counts change.
import { useEffect, useRef, useState } from 'react';
import type { AppServices } from '../app/context';
import { createPoolForecaster, NO_FORECAST, type ForecastState, type PoolForecaster } from './pool-forecast';

export function usePoolForecast(
  client: AppServices['client'],
  commandText: string | null,
  pools: unknown,
): ForecastState {
  const [state, setState] = useState<ForecastState>(NO_FORECAST);
  const forecaster = useRef<PoolForecaster | null>(null);
  useEffect(() => {
    const created = createPoolForecaster(
      async (text) => (await client.invoke('pool:forecast', { commandText: text })).warnings,
      setState,
    );
    forecaster.current = created;
    return () => created.dispose();
  }, [client, pools]);
  useEffect(() => forecaster.current?.update(commandText), [commandText, pools]);
  return state;
}
