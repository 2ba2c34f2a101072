// The link: its kind, the fields of that kind, the endpoint text that will be opened and a hint
// for this platform (a link that cannot exist here says so instead of failing on Connect).
import { HYPERDBG_BAUD_RATES } from '../../shared/endpoint';
import {
  endpointHint,
  platformProblem,
  type EndpointDraft,
  type EndpointKind,
  type HostPlatform,
} from './endpoint';
import { SerialPortPicker } from './SerialPortPicker';

const KIND_LABELS: Record<EndpointKind, string> = {
  sim: 'Simulator (built in)',
  serial: 'Serial port',
  pipe: 'Named pipe (VMware / Hyper-V)',
  unix: 'Unix socket (QEMU / VirtualBox)',
  tcp: 'TCP',
};

interface Props {
  readonly draft: EndpointDraft;
  readonly platform: HostPlatform;
  /** The endpoint text, or why the form does not make one yet. */
  readonly built: { ok: true; endpoint: string } | { ok: false; error: string };
  update(patch: Partial<EndpointDraft>): void;
}

function TextField(props: {
  label: string;
  aria: string;
  value: string;
  placeholder?: string;
  onChange(v: string): void;
}) {
  return (
    <label>
      {props.label}
      <input
        aria-label={props.aria}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

export function EndpointFields({ draft, platform, built, update }: Props) {
  return (
    <>
      <label>
        Link
        <select
          aria-label="link type"
          value={draft.kind}
          onChange={(e) => update({ kind: e.target.value as EndpointKind })}
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
          <SerialPortPicker value={draft.serialPort} onChange={(serialPort) => update({ serialPort })} />
          <label>
            Baud
            <select
              aria-label="baud rate"
              value={draft.baud}
              onChange={(e) => update({ baud: Number(e.target.value) })}
            >
              {HYPERDBG_BAUD_RATES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {draft.kind === 'pipe' && (
        <TextField label="Pipe" aria="named pipe" value={draft.pipe} onChange={(pipe) => update({ pipe })} />
      )}
      {draft.kind === 'unix' && (
        <TextField
          label="Socket"
          aria="unix socket path"
          value={draft.unixPath}
          placeholder="/tmp/hyperdbg.sock"
          onChange={(unixPath) => update({ unixPath })}
        />
      )}
      {draft.kind === 'tcp' && (
        <>
          <TextField label="Host" aria="tcp host" value={draft.host} onChange={(host) => update({ host })} />
          <TextField
            label="Port"
            aria="tcp port"
            value={draft.port}
            placeholder="5555"
            onChange={(port) => update({ port })}
          />
        </>
      )}
      <div className={built.ok ? 'mono' : 'mono warn'} data-testid="endpoint-text">
        {built.ok ? built.endpoint : built.error}
      </div>
      <div className={platformProblem(draft.kind, platform) ? 'warn' : 'dim'} data-testid="endpoint-hint">
        {endpointHint(draft.kind, platform)}
      </div>
    </>
  );
}
