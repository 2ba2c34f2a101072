// Breakpoints: the debuggee's table as the session last read it (pushed after every bp/bc/bd/be,
// wherever it was typed or clicked), with be / bd / bc per row and a bp form whose address box
// takes any expression (evaluated by the debuggee, the error shown here). The commands run in the
// console like typed ones.
import { useState } from 'react';
import { useServices, useSession } from '../app/context';
import { resolveAddress } from '../state/address-expression';
import { breakpointFilters } from '../ui/breakpoint-filters';
import { formatAddress } from '../ui/format';

export function BreakpointsPane() {
  const { client, session, ui } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const rows = useSession((s) => s.breakpoints);
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (text: string) => void session.getState().execute(text);
  const add = async () => {
    const result = await resolveAddress(client, address);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    run(`bp ${result.value}`);
  };
  return (
    <div className="cmdout scroll" data-testid="breakpoints">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          aria-label="breakpoint address"
          placeholder="address, nt!Foo or @rip+5"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          size={22}
        />
        <button type="submit" disabled={!paused}>
          bp
        </button>
        {!paused && <span className="dim">pause the debuggee to change breakpoints</span>}
      </form>
      {error !== null && (
        <div className="error" data-testid="breakpoint-address-error">
          {error}
        </div>
      )}
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
                    onClick={() => run(`${row.enabled ? 'bd' : 'be'} ${id}`)}
                    aria-label={`${row.enabled ? 'disable' : 'enable'} breakpoint ${id}`}
                  >
                    {row.enabled ? 'bd' : 'be'}
                  </button>
                  <button
                    disabled={!paused}
                    onClick={() => run(`bc ${id}`)}
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
    </div>
  );
}
