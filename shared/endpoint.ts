/**
 * One endpoint syntax for every place a link is chosen (CLI, settings, the Connect pane's builder):
 *
 *   serial:COM2@115200   serial:/dev/ttyS0@115200   (baud optional, default 115200)
 *   pipe:\\.\pipe\com_1                              (Windows named pipe, we are the client)
 *   unix:/path/to/socket                             (QEMU/VirtualBox serial backends on Linux/macOS)
 *   tcp:HOST:PORT                                    (QEMU -serial tcp:..., VirtualBox TCP mode)
 *   sim                                              (the built-in simulated debuggee, in process)
 */

/** HyperDbg's accepted baud rates (protocol reference 1.2); anything else is refused. */
export const HYPERDBG_BAUD_RATES: readonly number[] = [
  110, 300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 38400, 56000, 57600, 115200, 128000, 256000,
];
export const DEFAULT_BAUD_RATE = 115200;

export type Endpoint =
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number }
  | { readonly kind: 'pipe'; readonly path: string }
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'sim' };

export type EndpointParse =
  { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly error: string };

/** A Windows named pipe path as HyperDbg's `.debug remote namedpipe` takes it: `\\.\pipe\NAME`. */
export const NAMED_PIPE_PATH = /^\\\\\.\\pipe\\.+/i;

const SYNTAX_HELP =
  'use serial:COM2@115200, serial:/dev/ttyS0@115200, pipe:\\\\.\\pipe\\NAME, unix:/path, tcp:HOST:PORT or sim';

export function parseEndpoint(text: string): EndpointParse {
  const trimmed = text.trim();
  if (trimmed === 'sim') return { ok: true, endpoint: { kind: 'sim' } };
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return { ok: false, error: `err, '${text}' is not an endpoint; ${SYNTAX_HELP}` };
  const scheme = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  switch (scheme) {
    case 'serial':
      return parseSerial(rest, text);
    case 'pipe':
      if (!NAMED_PIPE_PATH.test(rest)) {
        return {
          ok: false,
          error: `err, '${rest}' is not a named pipe path; it must look like \\\\.\\pipe\\NAME`,
        };
      }
      return { ok: true, endpoint: { kind: 'pipe', path: rest } };
    case 'unix':
      if (rest === '')
        return { ok: false, error: 'err, unix: needs the socket path, e.g. unix:/tmp/debuggee.sock' };
      return { ok: true, endpoint: { kind: 'unix', path: rest } };
    case 'tcp':
      return parseTcp(rest);
    default:
      return { ok: false, error: `err, unknown endpoint kind '${scheme}'; ${SYNTAX_HELP}` };
  }
}

function parseSerial(rest: string, original: string): EndpointParse {
  const at = rest.lastIndexOf('@');
  const path = at === -1 ? rest : rest.slice(0, at);
  if (path === '')
    return { ok: false, error: `err, '${original}' names no serial port, e.g. serial:COM2@115200` };
  let baudRate = DEFAULT_BAUD_RATE;
  if (at !== -1) {
    const baudText = rest.slice(at + 1);
    baudRate = /^\d+$/.test(baudText) ? Number(baudText) : NaN;
    if (!HYPERDBG_BAUD_RATES.includes(baudRate)) {
      return {
        ok: false,
        error: `err, baud rate is invalid ('${baudText}'); HyperDbg accepts ${HYPERDBG_BAUD_RATES.join(', ')}`,
      };
    }
  }
  return { ok: true, endpoint: { kind: 'serial', path, baudRate } };
}

function parseTcp(rest: string): EndpointParse {
  const colon = rest.lastIndexOf(':');
  const host = colon === -1 ? '' : rest.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const portText = colon === -1 ? '' : rest.slice(colon + 1);
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (host === '' || !(port > 0 && port < 65536)) {
    return {
      ok: false,
      error: `err, 'tcp:${rest}' needs a host and a port 1..65535, e.g. tcp:127.0.0.1:9000`,
    };
  }
  return { ok: true, endpoint: { kind: 'tcp', host, port } };
}

export function formatEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'serial':
      return `serial:${endpoint.path}@${endpoint.baudRate}`;
    case 'pipe':
    case 'unix':
      return `${endpoint.kind}:${endpoint.path}`;
    case 'tcp':
      return `tcp:${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
    case 'sim':
      return 'sim';
  }
}
