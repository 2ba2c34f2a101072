// Endpoint builder, build signature (typed or detected from a HyperDbg folder), recent
// connections, and the live handshake status with the session core's hints.
import { useEffect, useState } from 'react';
import { useServices, useSession } from '../app/context';
import type { SerialPortInfo, Settings, SignatureCandidate } from '../../shared/ipc/model';

type RecentConnection = Settings['recentConnections'][number];
import {
  BAUD_RATES,
  buildEndpoint,
  DEFAULT_ENDPOINT,
  parseEndpoint,
  type EndpointDraft,
  type EndpointKind,
} from './endpoint';
import { errorText } from '../ui/errors';
import { SymbolSettings } from './SymbolSettings';

const KIND_LABELS: Record<EndpointKind, string> = {
  sim: 'Simulator (built in)',
  serial: 'Serial port',
  pipe: 'Named pipe (VMware / Hyper-V)',
  unix: 'Unix socket (QEMU / VirtualBox)',
  tcp: 'TCP',
};

export function ConnectPane() {
  const { client, session } = useServices();
  const state = useSession((s) => s.session);
  const handshake = useSession((s) => s.handshake);
  const [draft, setDraft] = useState<EndpointDraft>(DEFAULT_ENDPOINT);
  const [signature, setSignature] = useState('');
  const [folder, setFolder] = useState('');
  const [ports, setPorts] = useState<SerialPortInfo[]>([]);
  const [candidates, setCandidates] = useState<SignatureCandidate[] | null>(null);
  const [recent, setRecent] = useState<RecentConnection[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.invoke('settings:get', {}).then(
      (s) => {
        setRecent(s.recentConnections);
        if (s.defaultSignature) setSignature(s.defaultSignature);
      },
      () => undefined,
    );
  }, [client]);

  useEffect(() => {
    if (draft.kind !== 'serial') return;
    client.invoke('ports:list', {}).then(
      (r) => setPorts(r.ports),
      (e) => setMessage(errorText(e)),
    );
  }, [client, draft.kind]);

  const built = buildEndpoint(draft);
  const connected = state.phase !== 'disconnected';
  const set = (patch: Partial<EndpointDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const connect = async () => {
    if (!built.ok) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await client.invoke('session:connect', {
        endpoint: built.endpoint,
        signature: signature.trim() || null,
      });
      setMessage(r.ok ? null : r.message);
      if (r.ok) {
        const entry = { endpoint: built.endpoint, signature: signature.trim() || null, lastUsed: Date.now() };
        const next = [entry, ...recent.filter((x) => x.endpoint !== entry.endpoint)].slice(0, 10);
        setRecent(next);
        void client.invoke('settings:set', { patch: { recentConnections: next } }).catch(() => undefined);
      }
    } catch (e) {
      setMessage(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    try {
      const r = await client.invoke('session:disconnect', {});
      setMessage(r.ok ? null : r.message);
    } catch (e) {
      setMessage(errorText(e));
    }
    session.getState().note('info', 'session closed (.debug close)');
  };

  /** Ends the session here without waiting for the debuggee (a frozen VM never answers `.debug close`). */
  const forceDisconnect = async () => {
    try {
      const r = await client.invoke('session:force-disconnect', {});
      setMessage(r.ok ? null : r.message);
    } catch (e) {
      setMessage(errorText(e));
    }
    session.getState().note('info', 'session ended without waiting for the debuggee');
  };

  const detect = async () => {
    setCandidates(null);
    try {
      const r = await client.invoke('session:detect-signature', { folder: folder.trim() });
      setCandidates(r.candidates);
      if (r.candidates.length === 1) setSignature(r.candidates[0].signature);
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  return (
    <div className="connect scroll" aria-label="Connect">
      <fieldset disabled={connected || busy}>
        <legend>Endpoint</legend>
        <label>
          Link
          <select
            aria-label="link type"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as EndpointKind })}
          >
            {(Object.keys(KIND_LABELS) as EndpointKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {draft.kind === 'serial' && (
          <>
            <label>
              Port
              <input
                list="serial-ports"
                aria-label="serial port"
                value={draft.serialPort}
                onChange={(e) => set({ serialPort: e.target.value })}
                placeholder="COM2 or /dev/ttyS0"
              />
              <datalist id="serial-ports">
                {ports.map((p) => (
                  <option key={p.path} value={p.path}>
                    {p.friendlyName ?? p.manufacturer ?? p.path}
                  </option>
                ))}
              </datalist>
            </label>
            <label>
              Baud
              <select
                aria-label="baud rate"
                value={draft.baud}
                onChange={(e) => set({ baud: Number(e.target.value) })}
              >
                {BAUD_RATES.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {draft.kind === 'pipe' && (
          <label>
            Pipe{' '}
            <input
              aria-label="named pipe"
              value={draft.pipe}
              onChange={(e) => set({ pipe: e.target.value })}
            />
          </label>
        )}
        {draft.kind === 'unix' && (
          <label>
            Socket{' '}
            <input
              aria-label="unix socket path"
              value={draft.unixPath}
              onChange={(e) => set({ unixPath: e.target.value })}
            />
          </label>
        )}
        {draft.kind === 'tcp' && (
          <>
            <label>
              Host{' '}
              <input
                aria-label="tcp host"
                value={draft.host}
                onChange={(e) => set({ host: e.target.value })}
              />
            </label>
            <label>
              Port{' '}
              <input
                aria-label="tcp port"
                value={draft.port}
                onChange={(e) => set({ port: e.target.value })}
              />
            </label>
          </>
        )}
        <div className="mono dim" data-testid="endpoint-text">
          {built.ok ? built.endpoint : built.error}
        </div>
      </fieldset>
      <fieldset disabled={connected || busy}>
        <legend>Build signature</legend>
        <label>
          Signature
          <input
            aria-label="build signature"
            value={signature}
            onChange={(e) => setSignature(e.target.value)}
            placeholder="empty: the configured default"
          />
        </label>
        <label>
          HyperDbg folder
          <input
            aria-label="HyperDbg folder"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="C:\HyperDbg\build\bin\release"
          />
        </label>
        <button onClick={() => void detect()} disabled={!folder.trim()}>
          Detect from HyperDbg folder
        </button>
        {candidates && candidates.length === 0 && (
          <div className="warn">
            No build signature found in that folder (looking for A.B.C-YYYYMMDD.HHMM in its binaries).
          </div>
        )}
        {candidates && candidates.length > 0 && (
          <ul className="candidates">
            {candidates.map((c) => (
              <li key={c.signature + c.file}>
                <button onClick={() => setSignature(c.signature)}>{c.signature}</button>{' '}
                <span className="dim">{c.file}</span>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <SymbolSettings />
      <div className="row">
        {!connected ? (
          <button
            className="primary"
            data-testid="connect-button"
            onClick={() => void connect()}
            disabled={!built.ok || busy}
          >
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        ) : (
          <>
            <button data-testid="disconnect-button" onClick={() => void disconnect()}>
              Disconnect (.debug close)
            </button>
            <button
              data-testid="force-disconnect-button"
              title="End the session here without waiting for the debuggee (it may stay halted); frees the port"
              onClick={() => void forceDisconnect()}
            >
              Force disconnect
            </button>
          </>
        )}
      </div>
      <section aria-label="handshake status" data-testid="handshake">
        <div>
          <b>Session:</b> <span data-testid="connect-phase">{state.phase}</span>{' '}
          {state.endpoint && <span className="mono">{state.endpoint}</span>}
          {' · '}
          <b>Handshake:</b> {handshake.stage}
        </div>
        {state.detail && <div className="dim">{state.detail}</div>}
        {handshake.hints.map((h) => (
          <div key={h} className="hint">
            💡 {h}
          </div>
        ))}
        {message && (
          <div className="error" role="alert">
            {message}
          </div>
        )}
      </section>
      {recent.length > 0 && (
        <section aria-label="recent connections">
          <h4>Recent</h4>
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.endpoint}>
                <button
                  disabled={connected}
                  onClick={() => {
                    setDraft(parseEndpoint(r.endpoint));
                    if (r.signature) setSignature(r.signature);
                  }}
                >
                  {r.endpoint}
                </button>{' '}
                <span className="dim">
                  {r.signature ?? 'default signature'} · {new Date(r.lastUsed).toLocaleString()}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
