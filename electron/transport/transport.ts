import { open } from 'node:fs/promises';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { formatEndpoint, type Endpoint } from '../../shared/endpoint';
import { Emitter } from '../../shared/events/emitter';

/**
 * A raw full-duplex byte stream to the debuggee. No framing here: the session feeds whatever
 * arrives, in whatever chunks, into the frame decoder.
 */
export interface ByteTransport {
  /** The endpoint as the user wrote it, for messages. */
  readonly label: string;
  /** Resolves when the bytes were handed to the OS (serial/pipe) or the peer (in-process). */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the stream ends, with the error when it broke. */
  onClose(listener: (error: Error | undefined) => void): void;
  close(): Promise<void>;
}

/** What a transport reports: bytes as they arrive, and its end (with the error when it broke). */
type TransportEvents = { data: Uint8Array; close: Error | undefined };

export type TransportErrorKind = 'not-found' | 'busy' | 'refused' | 'permission' | 'unavailable' | 'other';

/** Opening failed; the message says what to check. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Creates the in-process simulator's stream (supplied by whoever can build a simulator). */
export type InProcessDebuggeeFactory = () => Promise<ByteTransport>;

export interface OpenOptions {
  /** Needed for the `sim` endpoint. */
  readonly simulator?: InProcessDebuggeeFactory;
  /** Give up connecting after this long (tcp/unix/pipe). Default 5000 ms. */
  readonly connectTimeoutMs?: number;
}

export async function openTransport(endpoint: Endpoint, options: OpenOptions = {}): Promise<ByteTransport> {
  switch (endpoint.kind) {
    case 'pipe':
      // Elsewhere the path would be taken for a file name and "does not exist" would mislead.
      if (process.platform !== 'win32') throw new TransportError('unavailable', PIPE_WINDOWS_ONLY);
      return openSocket(endpoint, options.connectTimeoutMs ?? 5000);
    case 'tcp':
    case 'unix':
      return openSocket(endpoint, options.connectTimeoutMs ?? 5000);
    case 'serial': {
      const { openSerialPort } = await import('./serial');
      return openSerialPort(endpoint.path, endpoint.baudRate);
    }
    case 'sim':
      if (!options.simulator) {
        throw new TransportError('unavailable', 'err, the built-in simulated debuggee is not available here');
      }
      return options.simulator();
  }
}

const PIPE_WINDOWS_ONLY =
  "err, named pipes exist only on Windows (VMware or Hyper-V on a Windows host); on Linux/macOS give the VM's serial port as a unix socket (unix:/tmp/hyperdbg.sock) or a TCP server (tcp:127.0.0.1:5555)";

type SocketEndpoint = Extract<Endpoint, { kind: 'tcp' | 'unix' | 'pipe' }>;

/** A free named pipe connects at once; a connect still pending after this long is checked for "busy". */
const PIPE_BUSY_PROBE_MS = 300;
/**
 * A socket server that already serves a debugger (a VM's serial port, `hds sim`) closes an extra
 * connection before sending a byte; a connection still open after this long, or one that
 * brought bytes, is taken as ours.
 */
const REFUSED_AT_ONCE_MS = 200;

function openSocket(endpoint: SocketEndpoint, timeoutMs: number): Promise<ByteTransport> {
  const label = formatEndpoint(endpoint);
  return new Promise((resolve, reject) => {
    const socket =
      endpoint.kind === 'tcp'
        ? net.connect({ host: endpoint.host, port: endpoint.port })
        : net.connect(endpoint.path);
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const fail = (error: TransportError): void => {
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    timers.push(
      setTimeout(
        () =>
          fail(
            new TransportError(
              'unavailable',
              `err, ${label} did not answer within ${timeoutMs} ms; ${socketHint(endpoint)}`,
            ),
          ),
        timeoutMs,
      ),
    );
    if (endpoint.kind === 'pipe') {
      // libuv answers a busy pipe (ERROR_PIPE_BUSY: its only instance is taken, as VMware and
      // Hyper-V make them) by waiting in WaitNamedPipe; opening it as a file fails at once instead.
      timers.push(
        setTimeout(() => {
          void pipeIsBusy(endpoint.path).then((busy) => {
            if (busy) fail(busyError(label));
          });
        }, PIPE_BUSY_PROBE_MS),
      );
    }
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      for (const timer of timers) clearTimeout(timer);
      socket.setNoDelay?.(true);
      void firstBytesOrClose(socket).then((early) =>
        early ? resolve(streamTransport(label, socket, early)) : fail(busyError(label)),
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      // a reset right after connecting is the server refusing a second client
      fail(connected ? busyError(label) : socketOpenError(endpoint, label, error)),
    );
  });
}

/**
 * Waits briefly after connecting: the bytes that arrived (possibly none) while the connection
 * stays open, or undefined when the server closed it at once without a byte. The socket is
 * left paused with the bytes kept for the transport's first data listener.
 */
function firstBytesOrClose(socket: net.Socket): Promise<Buffer[] | undefined> {
  return new Promise((resolve) => {
    const early: Buffer[] = [];
    const finish = (result: Buffer[] | undefined): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      early.push(chunk);
      finish(early);
    };
    const onEnd = (): void => finish(early.length > 0 ? early : undefined);
    const timer = setTimeout(() => finish(early), REFUSED_AT_ONCE_MS);
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}

/** Whether the named pipe exists but has no free instance (opening it fails with EBUSY). */
async function pipeIsBusy(path: string): Promise<boolean> {
  try {
    // Reached only while the connect waits for this pipe; an instance that became free in the
    // meantime (a race) is closed again at once and the waiting connect takes the next one.
    await (await open(path, 'r+')).close();
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EBUSY';
  }
}

function busyError(label: string): TransportError {
  return new TransportError(
    'busy',
    `err, ${label} is busy: another debugger (WinDbg, HyperDbg, or a second HyperDbg Studio) is connected to it; ` +
      'disconnect that one, then connect again',
  );
}

function socketHint(endpoint: SocketEndpoint): string {
  switch (endpoint.kind) {
    case 'pipe':
      return 'is the virtual machine running with its serial port set to this named pipe (VMware: "Use named pipe", Hyper-V: Set-VMComPort)?';
    case 'unix':
      return 'is the virtual machine running with its serial port exposed as a unix socket at this path (QEMU: -serial unix:PATH,server,nowait)?';
    case 'tcp':
      return 'is the virtual machine running with its serial port exposed as a TCP server on this host and port (QEMU: -serial tcp::PORT,server,nowait)?';
  }
}

function socketOpenError(
  endpoint: SocketEndpoint,
  label: string,
  error: NodeJS.ErrnoException,
): TransportError {
  const hint = socketHint(endpoint);
  switch (error.code) {
    case 'ENOENT':
      return new TransportError(
        'not-found',
        endpoint.kind === 'pipe'
          ? `err, the named pipe ${endpoint.path} does not exist; ${hint}`
          : `err, there is no socket at ${label.slice(5)}; ${hint}`,
      );
    case 'ECONNREFUSED':
      return new TransportError('refused', `err, ${label} refused the connection; ${hint}`);
    case 'EACCES':
    case 'EPERM':
      return new TransportError(
        'permission',
        `err, no permission to open ${label}; check the file's owner and mode`,
      );
    case 'EBUSY':
    case 'EPIPE':
      return busyError(label);
    default:
      return new TransportError('other', `err, cannot open ${label}: ${error.message}; ${hint}`);
  }
}

/**
 * Adapts any Node duplex stream (socket, serial port) to a `ByteTransport`. `early`: bytes read
 * before the transport existed (the stream is then paused); the first data listener gets them
 * first, then the stream flows.
 */
export function streamTransport(label: string, stream: Duplex, early?: Buffer[]): ByteTransport {
  let closed = false;
  // Data listeners go straight on the stream (Node's own emitter); close is reported once, with the error.
  const events = new Emitter<TransportEvents>();
  let closeError: Error | undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    events.emit('close', closeError);
  };
  stream.on('error', (error: Error) => {
    closeError = error;
  });
  stream.on('close', finish);
  stream.on('end', () => stream.destroy());
  return {
    label,
    write: (bytes) =>
      new Promise((resolve, reject) => {
        if (closed) {
          reject(new Error(`the connection to ${label} is closed`));
          return;
        }
        stream.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    onData: (listener) => {
      stream.on('data', (chunk: Buffer) => listener(chunk));
      if (!early) return;
      const pending = early;
      early = undefined;
      for (const chunk of pending) listener(chunk);
      stream.resume();
    },
    onClose: (listener) => {
      events.on('close', listener);
    },
    close: () =>
      new Promise((resolve) => {
        if (closed) {
          resolve();
          return;
        }
        events.on('close', () => resolve());
        stream.end();
        stream.destroy();
      }),
  };
}

/**
 * Two connected in-memory transports (debugger side, debuggee side). Delivery is asynchronous
 * (a microtask later), like a real stream, so no side ever re-enters itself.
 */
export function createMemoryTransportPair(label = 'memory'): [ByteTransport, ByteTransport] {
  type Side = Emitter<TransportEvents>;
  const sides: [Side, Side] = [new Emitter(), new Emitter()];
  let closed = false;
  const shutdown = (): void => {
    if (closed) return;
    closed = true;
    queueMicrotask(() => {
      for (const side of sides) side.emit('close', undefined);
    });
  };
  const make = (own: Side, peer: Side): ByteTransport => ({
    label,
    write: (bytes) => {
      if (closed) return Promise.reject(new Error(`the connection to ${label} is closed`));
      const copy = bytes.slice();
      queueMicrotask(() => {
        if (!closed) peer.emit('data', copy);
      });
      return Promise.resolve();
    },
    onData: (listener) => {
      own.on('data', listener);
    },
    onClose: (listener) => {
      own.on('close', listener);
    },
    close: () => {
      shutdown();
      return Promise.resolve();
    },
  });
  return [make(sides[0], sides[1]), make(sides[1], sides[0])];
}
