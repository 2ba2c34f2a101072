// Processes, threads and cores of the paused debuggee: the data of `.process list` and
// `.thread list` (read on every halt, nothing printed), and every core the session heard of (main's
// roster: v0.23 never sends the core count). Each switch
// sends the real command (`.process pid X`, `.thread tid X`, `~ N`) through the console, so it is
// echoed and kept in the history like a typed one; the lists read again on the next halt.
import { useCallback, useState, type ReactNode } from 'react';
import { useServices, useSession } from '../app/context';
import { formatAddress } from '../ui/format';
import { usePausedQuery } from './use-paused-query';

export function ProcessesPane() {
  const { client, session } = useServices();
  const paused = useSession((s) => s.paused);
  const cores = useSession((s) => s.cores);
  const phase = useSession((s) => s.session.phase);
  const [core, setCore] = useState('');
  const loadProcesses = useCallback(
    async () => (await client.invoke('debug:processes', {})).processes,
    [client],
  );
  const loadThreads = useCallback(async () => (await client.invoke('debug:threads', {})).threads, [client]);
  const processes = usePausedQuery(loadProcesses);
  const threads = usePausedQuery(loadThreads);
  const refresh = () => {
    processes.refresh();
    threads.refresh();
  };
  return (
    <div className="cmdout scroll processes-pane" data-testid="processes">
      <section className="reg-group" aria-label="cores">
        <h4>
          Cores <span className="dim">({cores.length} heard of)</span>
        </h4>
        <div className="dim note" data-testid="cores-note">
          HyperDbg v0.23 never sends the core count, so this list grows as cores report: the core of each
          halt, of each core-tagged log row, and every core switched to. While halted, every core waits; the
          operating core is the one registers, steps and memory reads act on.
        </div>
        {cores.length > 0 && (
          <table className="grid mono" aria-label="core list">
            <thead>
              <tr>
                <th>core</th>
                <th>state</th>
                <th>RIP at its last halt</th>
                <th>last halt</th>
                <th>logged</th>
                <th aria-label="switch" />
              </tr>
            </thead>
            <tbody>
              {cores.map((c) => {
                const operating = paused?.core === c.core;
                return (
                  <SwitchRow
                    key={c.core}
                    testId="core-row"
                    data={{ 'data-core': c.core.toString(16) }}
                    current={operating}
                    command={`~ ${c.core.toString(16)}`}
                    effect="makes it the operating core"
                  >
                    <td>{c.core.toString(16)}</td>
                    <td>{operating ? 'operating' : paused ? 'halted' : phase}</td>
                    <td>{c.lastHaltRip === null ? '—' : formatAddress(c.lastHaltRip)}</td>
                    <td>{c.lastHaltReason ?? 'never operating'}</td>
                    <td>{c.logged ? 'yes' : 'no'}</td>
                  </SwitchRow>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="row">
          <span>
            operating core <b data-testid="current-core">{paused ? paused.core.toString(16) : '—'}</b>
          </span>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (/^[0-9a-f]+$/i.test(core.trim())) void session.getState().execute(`~ ${core.trim()}`);
              else session.getState().note('error', `'${core}' is not a hex core number for ~`);
            }}
          >
            <input
              aria-label="switch to core"
              placeholder="other core, hex"
              size={14}
              value={core}
              onChange={(e) => setCore(e.target.value)}
            />
            <button type="submit" disabled={!paused} data-testid="switch-core">
              ~ switch
            </button>
          </form>
          <button onClick={refresh} disabled={!paused}>
            Refresh
          </button>
        </div>
      </section>

      <section className="reg-group" aria-label="processes">
        <h4>Processes</h4>
        {processes.error !== null && <div className="error">{processes.error}</div>}
        {!paused && processes.value === null && (
          <div className="empty">Listed when the debuggee is paused.</div>
        )}
        {processes.value !== null && (
          <table className="grid mono" aria-label="process list">
            <thead>
              <tr>
                <th>pid</th>
                <th>image</th>
                <th>_EPROCESS</th>
                <th>dir base (cr3)</th>
                <th aria-label="switch" />
              </tr>
            </thead>
            <tbody>
              {processes.value.map((p) => {
                const current = paused?.processId === p.pid;
                return (
                  <SwitchRow
                    key={p.process}
                    testId="process-row"
                    data={{ 'data-pid': p.pid.toString(16) }}
                    current={current}
                    command={`.process pid ${p.pid.toString(16)}`}
                    effect="halts in this process after g"
                  >
                    <td>{p.pid.toString(16)}</td>
                    <td>{p.name}</td>
                    <td>{formatAddress(p.process)}</td>
                    <td>{formatAddress(p.cr3)}</td>
                  </SwitchRow>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="reg-group" aria-label="threads">
        <h4>
          Threads{' '}
          <span className="dim">
            of {paused?.processName ?? 'the current process'}
            {paused?.processId != null && ` (pid ${paused.processId.toString(16)})`}
          </span>
        </h4>
        {threads.error !== null && <div className="error">{threads.error}</div>}
        {threads.value !== null && (
          <table className="grid mono" aria-label="thread list">
            <thead>
              <tr>
                <th>tid</th>
                <th>pid</th>
                <th>_ETHREAD</th>
                <th aria-label="switch" />
              </tr>
            </thead>
            <tbody>
              {threads.value.map((t) => {
                const current = paused?.threadId === t.tid;
                return (
                  <SwitchRow
                    key={t.thread}
                    testId="thread-row"
                    data={{ 'data-tid': t.tid.toString(16) }}
                    current={current}
                    command={`.thread tid ${t.tid.toString(16)}`}
                    effect="halts in this thread after g"
                  >
                    <td>{t.tid.toString(16)}</td>
                    <td>{t.pid.toString(16)}</td>
                    <td>{formatAddress(t.thread)}</td>
                  </SwitchRow>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/**
 * A core, process or thread row: its cells, then "current" or the button (enabled while paused)
 * that sends its switch command through the console, echoed like a typed one.
 */
function SwitchRow(props: {
  testId: string;
  data: Record<`data-${string}`, string>;
  current: boolean;
  command: string;
  effect: string;
  children: ReactNode;
}) {
  const { session } = useServices();
  const paused = useSession((s) => s.paused !== null);
  return (
    <tr data-testid={props.testId} {...props.data} className={props.current ? 'current' : ''}>
      {props.children}
      <td>
        {props.current ? (
          <span className="dim">current</span>
        ) : (
          <button
            disabled={!paused}
            title={`${props.command}: ${props.effect}`}
            onClick={() => void session.getState().execute(props.command)}
          >
            switch
          </button>
        )}
      </td>
    </tr>
  );
}
