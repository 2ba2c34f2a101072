// Recent connections (newest first, recorded by the host on each successful link); a click fills
// the whole form back: link, port or path, baud and the signature that worked.
import type { RecentConnection } from './use-connect-settings';

interface Props {
  readonly recent: readonly RecentConnection[];
  readonly disabled: boolean;
  restore(entry: RecentConnection): void;
}

export function RecentConnections({ recent, disabled, restore }: Props) {
  if (recent.length === 0) return null;
  return (
    <section aria-label="recent connections">
      <h4>Recent</h4>
      <ul className="recent">
        {recent.map((r) => (
          <li key={r.endpoint}>
            <button disabled={disabled} onClick={() => restore(r)} title="fill the form with this connection">
              {r.endpoint}
            </button>{' '}
            <span className="dim">
              {r.signature ?? (r.endpoint === 'sim' ? 'simulator build' : 'default signature')} ·{' '}
              {new Date(r.lastUsed).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
