// Call stack of the paused thread: the calls `k` would list, read through `debug:callstack`
// (nothing is printed to the console). Each frame is named `module!symbol+0x..`, or
// `module+0x..` in a module without symbols; the name opens the call site in Disassembly. The
// table wraps rather than cuts in a narrow column: the addresses sit under the name.
import { useCallback } from 'react';
import { useServices, useSession } from '../app/context';
import { formatAddress } from '../ui/format';
import { usePausedQuery } from './use-paused-query';

/**
 * `module!symbol+0x..` with line-break chances after `!`, before `+0x`, after `_` and between the
 * words of a camel-case name, so a long name wraps at a word instead of mid-word.
 */
function BreakableName({ name }: { name: string }) {
  const parts = name.split(/(?<=[!_])|(?=\+0x)|(?<=[a-z])(?=[A-Z])/);
  return parts.map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

export function CallStackPane() {
  const { client, ui } = useServices();
  const paused = useSession((s) => s.session.phase === 'paused');
  const load = useCallback(async () => (await client.invoke('debug:callstack', {})).frames, [client]);
  const { value: frames, error, loading, refresh } = usePausedQuery(load);
  return (
    <div className="cmdout scroll" data-testid="callstack">
      <div className="row">
        {/* Not disabled while reading: a disabled button would drop the focus Alt+6 gave it. */}
        <button onClick={() => loading || refresh()} disabled={!paused} aria-busy={loading}>
          {loading ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {!paused && frames === null && (
        <div className="empty">The call stack appears when the debuggee is paused.</div>
      )}
      {error !== null && <div className="error">{error}</div>}
      {frames !== null && (
        <table className="grid mono callstack-table" aria-label="call stack">
          <colgroup>
            <col className="col-frame" />
            <col />
            <col className="col-slot" />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>call site</th>
              <th title="stack slot holding the return address, from RSP">slot</th>
            </tr>
          </thead>
          <tbody>
            {frames.map((frame, i) => (
              <tr key={frame.slot} data-testid="callstack-row" data-address={frame.callSite}>
                <td className="num">{i.toString(16).padStart(2, '0')}</td>
                <td className="frame-site">
                  <a
                    href="#"
                    className="addr"
                    data-testid="frame-name"
                    title={`call at ${formatAddress(frame.callSite)}: open in Disassembly`}
                    onClick={(e) => {
                      e.preventDefault();
                      ui.getState().showDisassembly(frame.callSite);
                    }}
                  >
                    {frame.symbol ? <BreakableName name={frame.symbol} /> : formatAddress(frame.callSite)}
                  </a>
                  <div className="dim" data-testid="frame-addresses">
                    <div>call {formatAddress(frame.callSite)}</div>
                    <div>ret&nbsp; {formatAddress(frame.returnAddress)}</div>
                  </div>
                </td>
                <td className="num">$+{frame.slot.toString(16)}</td>
              </tr>
            ))}
            {frames.length === 0 && (
              <tr>
                <td colSpan={3} className="empty">
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
