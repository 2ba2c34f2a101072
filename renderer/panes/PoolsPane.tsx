// Pools: hyperkd's pre-allocated pool counts (refreshed by `test pool`, run quietly: the console
// is not flooded), the host's warnings before 0xc0000042-class errors, and one-click `prealloc`
// behind a confirmation that says it resumes the debuggee.
import { useState } from 'react';
import { useServices, useSession } from '../app/context';
import { ManualPrealloc } from '../pools/ManualPrealloc';
import { PoolWarnings } from '../pools/PoolWarnings';
import { PreallocConfirm } from '../pools/PreallocConfirm';
import { usePrealloc } from '../pools/use-prealloc';
import { errorText } from '../ui/errors';

/** A pool's enum name with line-break chances after each `_`, so a narrow column wraps it at words. */
function PoolName({ name }: { name: string }) {
  return name.split(/(?<=_)/).map((word, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {word}
    </span>
  ));
}

export function PoolsPane() {
  const { client, session } = useServices();
  const pools = useSession((s) => s.pools);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [refreshing, setRefreshing] = useState(false);
  const prealloc = usePrealloc();
  const busy = refreshing || prealloc.running;

  const refresh = async () => {
    setRefreshing(true);
    try {
      await client.invoke('pool:refresh', {});
    } catch (e) {
      session.getState().note('error', errorText(e));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div className="pools scroll">
      <div className="row">
        <button onClick={() => void refresh()} disabled={!paused || busy} data-testid="pool-refresh">
          {refreshing ? 'Refreshing…' : 'Refresh (test pool)'}
        </button>
        <span className="dim">
          {pools.refreshedAt
            ? `refreshed ${new Date(pools.refreshedAt).toLocaleTimeString()}`
            : 'not refreshed yet'}
          {' · '}counts in decimal; intentions and prealloc counts in hex
        </span>
      </div>
      <table className="grid pools-grid" aria-label="pools">
        <colgroup>
          <col className="col-intention" />
          <col />
          <col className="col-count" span={5} />
        </colgroup>
        <thead>
          <tr>
            <th title="POOL_ALLOCATION_INTENTION (hex)">int.</th>
            <th>pool</th>
            <th className="num">free</th>
            <th className="num">in use</th>
            <th className="num" title="freed by the debuggee on its next drain (pending free)">
              to free
            </th>
            <th className="num">total</th>
            <th
              className="num"
              title="taken since drain: takes by events applied since the last drain; refilled when the debuggee runs"
            >
              taken
            </th>
          </tr>
        </thead>
        <tbody>
          {pools.counts.map((c) => (
            <tr
              key={c.intention}
              className={c.free <= 0 && (c.pendingNew > 0 || c.inUse > 0) ? 'row-bad' : ''}
            >
              <td className="mono">{c.intention.toString(16)}</td>
              <td title={c.name}>
                <PoolName name={c.name} />
              </td>
              <td className="num">{c.free}</td>
              <td className="num">{c.inUse}</td>
              <td className="num">{c.pendingFree}</td>
              <td className="num">{c.total}</td>
              <td className="num">{c.pendingNew}</td>
            </tr>
          ))}
          {pools.counts.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No counts yet: pause the debuggee and refresh.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <PoolWarnings warnings={pools.warnings} disabled={!paused || busy} onPrealloc={prealloc.ask} />
      {prealloc.pending && (
        <PreallocConfirm
          request={prealloc.pending}
          onConfirm={() => void prealloc.confirm()}
          onCancel={prealloc.cancel}
        />
      )}
      <ManualPrealloc disabled={!paused || busy} onPrealloc={prealloc.ask} />
    </div>
  );
}
