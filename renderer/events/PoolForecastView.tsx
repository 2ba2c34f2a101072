// The designer's pool forecast: the ledger's prediction, then its remedy once, as prealloc buttons
// that go through the same confirmation as the Pools pane's.
import { useSession } from '../app/context';
import { PreallocConfirm } from '../pools/PreallocConfirm';
import { usePrealloc } from '../pools/use-prealloc';
import type { ForecastState } from './pool-forecast';

export function PoolForecastView({ forecast }: { forecast: ForecastState }) {
  const paused = useSession((s) => s.session.phase === 'paused');
  const prealloc = usePrealloc();
  if (forecast.error !== null) return <div className="dim">Pool headroom not checked: {forecast.error}</div>;
  return (
    <>
      {forecast.warnings.map((w, i) => (
        <div key={i} className={w.severity === 'error' ? 'warn' : 'dim'} data-testid="designer-pool-warning">
          <pre className="forecast">{w.message}</pre>
          {w.remedy.length > 0 && (
            <div className="row">
              Remedy:
              {w.remedy.map((r) => (
                <button
                  key={r.type}
                  type="button"
                  data-testid="designer-pool-remedy"
                  disabled={!paused || prealloc.running}
                  onClick={() => prealloc.ask(r)}
                >
                  prealloc {r.type} {r.count.toString(16)}
                </button>
              ))}
              <span className="dim">resumes the debuggee: the current context is lost</span>
            </div>
          )}
        </div>
      ))}
      {prealloc.pending && (
        <PreallocConfirm
          request={prealloc.pending}
          onConfirm={() => void prealloc.confirm()}
          onCancel={prealloc.cancel}
        />
      )}
    </>
  );
}
