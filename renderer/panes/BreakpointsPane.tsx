// Breakpoints: the debuggee's table read through `debug:breakpoints` (nothing is printed to the
// console), with be / bd / bc per row and a bp form. Those commands run in the console like typed.
import { useCallback, useState } from 'react';
import { useServices, useSession } from '../app/context';
import { breakpointFilters } from '../ui/breakpoint-filters';
import { formatAddress } from '../ui/format';
import { usePausedQuery } from './use-paused-query';

export function BreakpointsPane() {
  const { client, session, ui } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const [address, setAddress] = useState('');
  const load = useCallback(async () => (await client.invoke('debug:breakpoints', {})).breakpoints, [client]);
  const { value: rows, error, loading, refresh } = usePausedQuery(load);
  const run = async (text: string) => {
    await session.getState().execute(text);
    refresh();
  };
  return (
    <div className="cmdout scroll" data-testid="breakpoints">
      <div className="row">
        <button onClick={refresh} disabled={!paused || loading}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (address.trim()) void run(`bp ${address.trim()}`);
          }}
        >
          <input
            aria-label="breakpoint address"
            placeholder="address or symbol"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            size={18}
          />
          <button type="submit" disabled={!paused}>
            bp
          </button>
        </form>
      </div>
      {!paused && rows === null && (
        <div className="empty">Breakpoints are listed while the debuggee is paused.</div>
      )}
      {error !== null && <div className="error">{error}</div>}
      {rows !== null && (
        <table className="grid mono" aria-label="breakpoints">
          <thead>
            <tr>
              <th>id</th>
              <th>address</th>
              <th>state</th>
              <th>only on</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const id = row.id.toString(16);
              return (
                <tr
                  key={row.id}
                  data-testid="breakpoint-row"
                  data-id={row.id}
                  data-address={row.address}
                  data-enabled={row.enabled}
                >
                  <td className="num">{id}</td>
                  <td>
                    <a
                      href="#"
                      className="addr"
                      onClick={(e) => {
                        e.preventDefault();
                        ui.getState().showDisassembly(row.address);
                      }}
                    >
                      {formatAddress(row.address)}
                    </a>
                  </td>
                  <td>{row.enabled ? 'enabled' : 'disabled'}</td>
                  <td>{breakpointFilters(row) || <span className="dim">everywhere</span>}</td>
                  <td>
                    <button
                      disabled={!paused}
                      onClick={() => void run(`${row.enabled ? 'bd' : 'be'} ${id}`)}
                      aria-label={`${row.enabled ? 'disable' : 'enable'} breakpoint ${id}`}
                    >
                      {row.enabled ? 'bd' : 'be'}
                    </button>
                    <button
                      disabled={!paused}
                      onClick={() => void run(`bc ${id}`)}
                      aria-label={`clear breakpoint ${id}`}
                    >
                      bc
                    </button>
                  </td>
                </tr>
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No breakpoints.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
