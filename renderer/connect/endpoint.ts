// Endpoint text for the Connect pane's builder, in the session core's one syntax:
// `sim`, `serial:COM2@115200`, `pipe:\\.\pipe\com_2`, `unix:/path`, `tcp:HOST:PORT`, plus the
// platform-aware hints that say which link fits which setup.

import {
  DEFAULT_BAUD_RATE,
  formatEndpoint,
  NAMED_PIPE_PATH,
  parseEndpoint,
  type Endpoint,
} from '../../shared/endpoint';

export type EndpointKind = Endpoint['kind'];

export interface EndpointDraft {
  readonly kind: EndpointKind;
  readonly serialPort: string;
  readonly baud: number;
  readonly pipe: string;
  readonly unixPath: string;
  readonly host: string;
  readonly port: string;
}

export const DEFAULT_ENDPOINT: EndpointDraft = {
  kind: 'sim',
  serialPort: '',
  baud: DEFAULT_BAUD_RATE,
  // The README's VMware / Hyper-V setup: the VM's added serial port is COM2, exposed as this pipe.
  pipe: '\\\\.\\pipe\\com_2',
  unixPath: '',
  host: '127.0.0.1',
  port: '',
};

/** The endpoint text, or an error that says which field to fill. */
export function buildEndpoint(
  d: EndpointDraft,
): { ok: true; endpoint: string } | { ok: false; error: string } {
  const endpoint = draftEndpoint(d);
  return 'error' in endpoint
    ? { ok: false, error: endpoint.error }
    : { ok: true, endpoint: formatEndpoint(endpoint) };
}

function draftEndpoint(d: EndpointDraft): Endpoint | { error: string } {
  switch (d.kind) {
    case 'sim':
      return { kind: 'sim' };
    case 'serial':
      if (!d.serialPort.trim()) return { error: 'choose a serial port (e.g. COM2 or /dev/ttyS0)' };
      return { kind: 'serial', path: d.serialPort.trim(), baudRate: d.baud };
    case 'pipe':
      if (!NAMED_PIPE_PATH.test(d.pipe.trim()))
        return { error: 'a named pipe looks like \\\\.\\pipe\\com_2' };
      return { kind: 'pipe', path: d.pipe.trim() };
    case 'unix':
      if (!d.unixPath.trim()) return { error: 'enter the socket path (e.g. /tmp/hyperdbg-serial)' };
      return { kind: 'unix', path: d.unixPath.trim() };
    case 'tcp': {
      const port = Number(d.port);
      if (!d.host.trim()) return { error: 'enter the host (e.g. 127.0.0.1)' };
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return { error: 'the TCP port must be 1..65535' };
      return { kind: 'tcp', host: d.host.trim(), port };
    }
  }
}

/** Fills the builder back from endpoint text (for recent connections); text that is no endpoint gives the default. */
export function draftFromEndpoint(text: string): EndpointDraft {
  const parsed = parseEndpoint(text);
  const d = DEFAULT_ENDPOINT;
  if (!parsed.ok) return d;
  const endpoint = parsed.endpoint;
  switch (endpoint.kind) {
    case 'sim':
      return d;
    case 'serial':
      return { ...d, kind: 'serial', serialPort: endpoint.path, baud: endpoint.baudRate };
    case 'pipe':
      return { ...d, kind: 'pipe', pipe: endpoint.path };
    case 'unix':
      return { ...d, kind: 'unix', unixPath: endpoint.path };
    case 'tcp':
      return { ...d, kind: 'tcp', host: endpoint.host, port: String(endpoint.port) };
  }
}

/** The OS the host (the process that opens the link) runs on: it decides which links exist. */
export type HostPlatform = 'windows' | 'linux' | 'mac';

/** Reads the platform from the user agent: the host is this machine (Electron, or browser mode on loopback). */
export function platformFromUserAgent(userAgent: string): HostPlatform {
  if (/windows/i.test(userAgent)) return 'windows';
  if (/mac os|macintosh/i.test(userAgent)) return 'mac';
  return 'linux';
}

/** Why this link cannot work on this platform (Connect stays disabled), or null. */
export function platformProblem(kind: EndpointKind, platform: HostPlatform): string | null {
  if (kind === 'pipe' && platform !== 'windows')
    return 'Named pipes exist only on Windows (VMware or Hyper-V on a Windows host). Here, give the VM a unix socket (unix:/tmp/hyperdbg.sock) or a TCP serial port (tcp:127.0.0.1:5555).';
  return null;
}

/** Which setup this link is for, and what to configure on the VM side, for this platform. */
export function endpointHint(kind: EndpointKind, platform: HostPlatform): string {
  switch (kind) {
    case 'sim':
      return 'The built-in simulated HyperDbg v0.23 debuggee: no VM and no build signature needed.';
    case 'serial':
      return platform === 'windows'
        ? 'A physical COM port with a null-modem cable to the debuggee; the same baud on both ends (debuggee: .debug prepare serial 115200 com2).'
        : 'A serial device such as /dev/ttyS0 or /dev/ttyUSB0 (your user must be in the dialout group); the same baud on both ends.';
    case 'pipe':
      return (
        platformProblem(kind, platform) ??
        'VMware ("Use named pipe", this end is the server) or Hyper-V (Set-VMComPort -Number 2): the pipe the VM\'s COM2 is attached to.'
      );
    case 'unix':
      return platform === 'windows'
        ? 'Unix sockets are how QEMU and VirtualBox expose a serial port on Linux/macOS; on Windows a VM uses a named pipe.'
        : 'QEMU: -serial unix:/tmp/hyperdbg.sock,server,nowait; VirtualBox: Serial Port → Host Pipe with a socket path.';
    case 'tcp':
      return 'A VM serial port served over TCP (QEMU: -serial tcp:127.0.0.1:5555,server,nowait) or a serial-to-TCP bridge.';
  }
}
