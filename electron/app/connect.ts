// The one way a link is opened, for every front end (GUI host, `hds connect`, MCP): the endpoint
// grammar and the build signature are checked here, the simulator is recognised here, and the
// trace and transport are opened here, in that order.
import {
  isBuildSignature,
  notASignatureMessage,
  SIGNATURE_NEEDED_MESSAGE,
} from '../../shared/protocol/build-signature';
import { recordingTransport, TraceWriter } from '../session/trace';
import { formatEndpoint, parseEndpoint, type Endpoint } from '../../shared/endpoint';
import { describeSystemError } from '../transport/system-errors';
import {
  openTransport,
  TransportError,
  type ByteTransport,
  type InProcessDebuggeeFactory,
} from '../transport/transport';

/** A link that may be opened: its endpoint, the endpoint's canonical text and the signature to answer with. */
export interface ConnectTarget {
  readonly endpoint: Endpoint;
  /** The endpoint as `formatEndpoint` writes it (state lines, archive names, traces). */
  readonly label: string;
  readonly signature: string;
  /** The built-in simulator (`sim`): its modules' PDBs join the symbol path. */
  readonly onSimulator: boolean;
}

export type Resolved<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Whether the endpoint text names the built-in simulated debuggee. */
export function isSimulatorEndpoint(endpointText: string): boolean {
  const parsed = parseEndpoint(endpointText);
  return parsed.ok && parsed.endpoint.kind === 'sim';
}

/**
 * Checks what the user asked for before anything is opened: the endpoint, then the signature (the
 * simulator's own when none is given for `sim`; a real debuggee needs one). The error is the
 * HyperDbg-style message to show.
 */
export function resolveConnectTarget(
  endpointText: string,
  signature: string | null | undefined,
  simulatorSignature: string,
): Resolved<ConnectTarget> {
  const parsed = parseEndpoint(endpointText);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const onSimulator = parsed.endpoint.kind === 'sim';
  const effective = signature ?? (onSimulator ? simulatorSignature : undefined);
  if (effective === undefined) return { ok: false, error: SIGNATURE_NEEDED_MESSAGE };
  if (!isBuildSignature(effective)) return { ok: false, error: notASignatureMessage(effective) };
  return {
    ok: true,
    value: {
      endpoint: parsed.endpoint,
      label: formatEndpoint(parsed.endpoint),
      signature: effective,
      onSimulator,
    },
  };
}

export interface OpenLinkOptions {
  /** Record every byte to this trace file (`hds replay` reads it). */
  readonly recordTo?: string;
  /** Told when recording stops on a write error (the link stays up). */
  readonly onRecordingStopped?: (message: string) => void;
  /** The debuggee behind the `sim` endpoint. */
  readonly simulator?: InProcessDebuggeeFactory;
}

/**
 * Opens the byte stream to the target: the trace first (a bad path costs nothing to undo), then
 * the transport, recorded when asked. Nothing is left open when it fails.
 */
export async function openLink(
  target: ConnectTarget,
  options: OpenLinkOptions = {},
): Promise<Resolved<ByteTransport>> {
  let trace: TraceWriter | undefined;
  if (options.recordTo) {
    try {
      trace = new TraceWriter(
        options.recordTo,
        { signature: target.signature, endpoint: target.label },
        (message) => options.onRecordingStopped?.(message),
      );
    } catch (error) {
      return {
        ok: false,
        error: `err, cannot record to ${options.recordTo}: ${describeSystemError(error, options.recordTo) ?? String(error)}`,
      };
    }
  }
  try {
    const transport = await openTransport(
      target.endpoint,
      options.simulator ? { simulator: options.simulator } : {},
    );
    return { ok: true, value: trace ? recordingTransport(transport, trace) : transport };
  } catch (error) {
    await trace?.close();
    return { ok: false, error: error instanceof TransportError ? error.message : String(error) };
  }
}
