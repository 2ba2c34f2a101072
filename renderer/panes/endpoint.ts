// Endpoint text for the Connect pane's builder, in the session core's one syntax:
// `sim`, `serial:COM2@115200`, `pipe:\\.\pipe\com_1`, `unix:/path`, `tcp:HOST:PORT`.

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
  pipe: '\\\\.\\pipe\\com_1',
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
        return { ok: false, error: 'a named pipe looks like \\\\.\\pipe\\com_1' };
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
