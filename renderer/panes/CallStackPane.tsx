// Call stack of the paused thread: the calls `k` would list, read through `debug:callstack`
// (nothing is printed to the console). Call sites open in Disassembly.
import { useCallback } from 'react';
import { useServices, useSession } from '../app/context';
import { formatAddress } from '../ui/format';
import { usePausedQuery } from './use-paused-query';

export function CallStackPane() {
  const { client, ui } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const load = useCallback(async () => (await client.invoke('debug:callstack', {})).frames, [client]);
  const { value: frames, error, loading, refresh } = usePausedQuery(load);
  return (
    <div className="cmdout scroll" data-testid="callstack">
      <div className="row">
        <button onClick={refresh} disabled={!paused || loading}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {!paused && frames === null && (
        <div className="empty">The call stack appears when the debuggee is paused.</div>
      )}
      {error !== null && <div className="error">{error}</div>}
      {frames !== null && (
        <table className="grid mono" aria-label="call stack">
          <thead>
            <tr>
              <th>#</th>
              <th>call site</th>
              <th>symbol</th>
              <th>return address</th>
              <th>stack slot</th>
            </tr>
          </thead>
          <tbody>
            {frames.map((frame, i) => (
              <tr key={frame.slot} data-testid="callstack-row" data-address={frame.callSite}>
                <td className="num">{i}</td>
                <td>
                  <a
                    href="#"
                    className="addr"
                    onClick={(e) => {
                      e.preventDefault();
                      ui.getState().showDisassembly(frame.callSite);
                    }}
                  >
                    {formatAddress(frame.callSite)}
                  </a>
                </td>
                <td>{frame.symbol ?? <span className="dim">no symbol</span>}</td>
                <td>{formatAddress(frame.returnAddress)}</td>
                <td>$+{frame.slot.toString(16)}</td>
              </tr>
            ))}
            {frames.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No return addresses found on the stack.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
