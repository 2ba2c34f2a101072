// Pools: hyperkd's pre-allocated pool counts (refreshed by `test pool`), the ledger's warnings
// before 0xc0000042-class errors, and one-click `prealloc` with the warning that it resumes.
import { useState } from 'react';
import { useServices, useSession } from '../app/context';
import { PreallocType } from '../../shared/ipc/model';
import { errorText } from '../ui/errors';

const PREALLOC_TYPES = PreallocType.options;
type Prealloc = (typeof PREALLOC_TYPES)[number];

export function PoolsPane() {
  const { client, session } = useServices();
  const pools = useSession((s) => s.pools);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ type: Prealloc; count: number } | null>(null);
  // The host derives them from the session's pool ledger (empty or low pools, stale counts).
  const warnings = pools.warnings;
  const [manual, setManual] = useState<{ type: Prealloc; count: string }>({
    type: 'regular-event',
    count: '10',
  });

  const refresh = async () => {
    setBusy('refresh');
    try {
      await client.invoke('pool:refresh', {});
    } catch (e) {
      session.getState().note('error', errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const prealloc = async (type: Prealloc, count: number) => {
    setConfirm(null);
    setBusy('prealloc');
    try {
      const r = await client.invoke('pool:prealloc', { type, count });
      if (!r.ok && r.message) session.getState().note('error', r.message);
    } catch (e) {
      session.getState().note('error', errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="pools scroll">
      <div className="row">
        <button onClick={() => void refresh()} disabled={!paused || busy !== null} data-testid="pool-refresh">
          {busy === 'refresh' ? 'Refreshing…' : 'Refresh (test pool)'}
        </button>
        <span className="dim">
          {pools.refreshedAt
            ? `refreshed ${new Date(pools.refreshedAt).toLocaleTimeString()}`
            : 'not refreshed yet'}
        </span>
      </div>
      <table className="grid" aria-label="pools">
        <thead>
          <tr>
            <th>intention</th>
            <th>pool</th>
            <th>free</th>
            <th>in use</th>
            <th>pending free</th>
            <th>total</th>
            <th title="takes by events applied since the last drain; refilled when the debuggee runs">
              taken since drain
            </th>
          </tr>
        </thead>
        <tbody>
          {pools.counts.map((c) => {
            return (
              <tr key={c.intention} className={c.free <= 0 && c.pendingNew > 0 ? 'row-bad' : ''}>
                <td className="mono">{c.intention.toString(16)}</td>
                <td>{c.name}</td>
                <td className="num">{c.free}</td>
                <td className="num">{c.inUse}</td>
                <td className="num">{c.pendingFree}</td>
                <td className="num">{c.total}</td>
                <td className="num">{c.pendingNew}</td>
              </tr>
            );
          })}
          {pools.counts.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No counts yet: pause the debuggee and refresh.
              </td>
            </tr>
          )}
        </tbody>
      </table>
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
                disabled={!paused || busy !== null}
                onClick={() => setConfirm({ type: r.type, count: r.count })}
              >
                prealloc {r.type} {r.count.toString(16)}
              </button>
            ))}
          </div>
        ))}
      </section>
      {confirm && (
        <div className="confirm" role="alertdialog" aria-label="confirm prealloc">
          <p>
            <b>
              prealloc {confirm.type} {confirm.count.toString(16)}
            </b>{' '}
            resumes the debuggee until the pools are allocated. It halts again inside HyperDbg's own process,
            so the current context (registers, stack) is lost.
          </p>
          <button
            className="primary"
            data-testid="prealloc-confirm"
            autoFocus
            onClick={() => void prealloc(confirm.type, confirm.count)}
          >
            Resume and allocate
          </button>
          <button onClick={() => setConfirm(null)}>Cancel</button>
        </div>
      )}
      <form
        className="row"
        aria-label="manual prealloc"
        onSubmit={(e) => {
          e.preventDefault();
          const n = parseInt(manual.count, 16);
          if (n > 0) setConfirm({ type: manual.type, count: n });
        }}
      >
        <select
          aria-label="prealloc type"
          value={manual.type}
          onChange={(e) => setManual({ ...manual, type: e.target.value as Prealloc })}
        >
          {PREALLOC_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <input
          aria-label="prealloc count (hex)"
          value={manual.count}
          onChange={(e) => setManual({ ...manual, count: e.target.value })}
          size={6}
        />
        <button type="submit" disabled={!paused || busy !== null}>
          prealloc…
        </button>
      </form>
    </div>
  );
}
