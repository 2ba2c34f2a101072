// The host's pool warnings (empty or low pools, exhausted EPT records, stale counts), each with the
// prealloc that refills it.
import type { LedgerWarning } from '../../shared/ipc/model';
import type { PreallocRequest } from './use-prealloc';

interface Props {
  readonly warnings: readonly LedgerWarning[];
  readonly disabled: boolean;
  onPrealloc(request: PreallocRequest): void;
}

export function PoolWarnings({ warnings, disabled, onPrealloc }: Props) {
  return (
    <section aria-label="pool warnings">
      {warnings.map((w, i) => (
        <div key={i} className={`pool-warning sev-${w.severity}`} data-testid="pool-warning">
          <div>
            {w.errorCode !== null && !w.message.includes(w.errorCode.toString(16)) && (
              <code>0x{w.errorCode.toString(16)} </code>
            )}
            {w.message}
          </div>
          {w.remedy.map((r) => (
            <button
              key={r.type}
              data-testid={`prealloc-${r.type}`}
              disabled={disabled}
              onClick={() => onPrealloc(r)}
            >
              prealloc {r.type} {r.count.toString(16)}
            </button>
          ))}
        </div>
      ))}
    </section>
  );
}
