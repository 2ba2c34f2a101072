// The Connect pane: the link (endpoint builder with a serial port picker and platform hints), the
// build signature (typed, detected or the default, with what will be sent), Connect/Disconnect,
// one status and problem display, the recent connections and the symbol settings.
import { useSession } from '../app/context';
import { SymbolSettings } from './SymbolSettings';
import { buildEndpoint, platformFromUserAgent, platformProblem } from './endpoint';
import { planSignature, signaturePlaceholder } from './signature-plan';
import { useConnectSettings } from './use-connect-settings';
import { useEndpointForm } from './use-endpoint-form';
import { useSessionActions } from './use-session-actions';
import { EndpointFields } from './EndpointFields';
import { SignatureFields } from './SignatureFields';
import { ConnectStatus } from './ConnectStatus';
import { RecentConnections } from './RecentConnections';

const PLATFORM = platformFromUserAgent(navigator.userAgent);

export function ConnectPane() {
  const phase = useSession((s) => s.session.phase);
  const settings = useConnectSettings();
  const form = useEndpointForm(settings.recent);
  const actions = useSessionActions();

  const isSimulator = form.draft.kind === 'sim';
  const built = buildEndpoint(form.draft);
  const plan = planSignature(form.signature, isSimulator, settings.defaultSignature);
  const blocker = platformProblem(form.draft.kind, PLATFORM) ?? (plan.ok ? null : plan.problem);
  const connected = phase !== 'disconnected';
  const locked = connected || actions.busy;

  const connect = async () => {
    if (!built.ok || !plan.ok) return;
    if (await actions.connect(built.endpoint, plan.send)) settings.reload();
  };

  return (
    <div className="connect scroll" aria-label="Connect">
      <fieldset disabled={locked}>
        <legend>Endpoint</legend>
        <EndpointFields draft={form.draft} platform={PLATFORM} built={built} update={form.update} />
      </fieldset>
      <fieldset disabled={locked}>
        <legend>Build signature</legend>
        <SignatureFields
          signature={form.signature}
          placeholder={signaturePlaceholder(isSimulator, settings.defaultSignature)}
          plan={plan}
          isSimulator={isSimulator}
          setSignature={form.setSignature}
        />
      </fieldset>
      <div className="row">
        {!connected ? (
          <button
            className="primary"
            data-testid="connect-button"
            onClick={() => void connect()}
            disabled={!built.ok || blocker !== null || actions.busy}
            title={blocker ?? (built.ok ? `open ${built.endpoint}` : built.error)}
          >
            {actions.busy ? 'Connecting…' : 'Connect'}
          </button>
        ) : (
          <>
            <button data-testid="disconnect-button" onClick={() => void actions.disconnect()}>
              Disconnect (.debug close)
            </button>
            <button
              data-testid="force-disconnect-button"
              title="End the session here without waiting for the debuggee (it may stay halted); frees the port"
              onClick={() => void actions.forceDisconnect()}
            >
              Force disconnect
            </button>
          </>
        )}
      </div>
      <ConnectStatus failure={actions.failure} />
      <RecentConnections recent={settings.recent} disabled={connected} restore={form.restore} />
      <SymbolSettings />
    </div>
  );
}
