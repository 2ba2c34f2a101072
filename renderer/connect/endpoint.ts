// Endpoint text for the Connect pane's builder, in the session core's one syntax:
// `sim`, `serial:COM2@115200`, `pipe:\\.\pipe\com_2`, `unix:/path`, `tcp:HOST:PORT`, plus the
// platform-aware hints that say which link fits which setup.

export type EndpointKind = 'sim' | 'serial' | 'pipe' | 'unix' | 'tcp';

/** The baud rates HyperDbg's `.debug remote serial` accepts. */
export const BAUD_RATES = [
  110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 56000, 57600, 115200, 128000, 256000,
] as const;

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
  baud: 115200,
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
  switch (d.kind) {
    case 'sim':
      return { ok: true, endpoint: 'sim' };
    case 'serial':
      if (!d.serialPort.trim()) return { ok: false, error: 'choose a serial port (e.g. COM2 or /dev/ttyS0)' };
      return { ok: true, endpoint: `serial:${d.serialPort.trim()}@${d.baud}` };
    case 'pipe':
      if (!/^\\\\\.\\pipe\\.+/.test(d.pipe.trim()))
        return { ok: false, error: 'a named pipe looks like \\\\.\\pipe\\com_2' };
      return { ok: true, endpoint: `pipe:${d.pipe.trim()}` };
    case 'unix':
      if (!d.unixPath.trim())
        return { ok: false, error: 'enter the socket path (e.g. /tmp/hyperdbg-serial)' };
      return { ok: true, endpoint: `unix:${d.unixPath.trim()}` };
    case 'tcp': {
      const port = Number(d.port);
      if (!d.host.trim()) return { ok: false, error: 'enter the host (e.g. 127.0.0.1)' };
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return { ok: false, error: 'the TCP port must be 1..65535' };
      return { ok: true, endpoint: `tcp:${d.host.trim()}:${port}` };
    }
  }
}

/** Fills the builder back from endpoint text (for recent connections). */
export function parseEndpoint(text: string): EndpointDraft {
  const d = DEFAULT_ENDPOINT;
  if (text.startsWith('serial:')) {
    const at = text.lastIndexOf('@');
    return {
      ...d,
      kind: 'serial',
      serialPort: text.slice(7, at > 0 ? at : undefined),
      baud: at > 0 ? Number(text.slice(at + 1)) : d.baud,
    };
  }
  if (text.startsWith('pipe:')) return { ...d, kind: 'pipe', pipe: text.slice(5) };
  if (text.startsWith('unix:')) return { ...d, kind: 'unix', unixPath: text.slice(5) };
  if (text.startsWith('tcp:')) {
    const colon = text.lastIndexOf(':');
    return { ...d, kind: 'tcp', host: text.slice(4, colon), port: text.slice(colon + 1) };
  }
  return d;
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
