import { spawn, type ChildProcess } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import net from 'node:net';
import { SimulationRunner, type LinkOptions } from './runner';

/**
 * `hds sim --listen <endpoint>`: the simulated debuggee behind a real link.
 *   tcp:HOST:PORT    a TCP server (HOST defaults to 127.0.0.1 when only tcp:PORT is given)
 *   unix:/path       a Unix-domain socket server
 *   pipe:\\.\pipe\N  a Windows named-pipe server (the VM side of a virtual COM port)
 *   pty              a pseudo-terminal pair; the debugger opens the printed slave path as a serial port
 * One debugger at a time; each new connection boots a fresh debuggee (as powering on the VM would).
 * A second client is refused as a VM's serial port refuses it: a named pipe stops offering
 * instances while one is taken (VMware and Hyper-V create a single instance), so the client's
 * open fails with ERROR_PIPE_BUSY; a unix or TCP socket server closes the extra connection
 * before sending it a byte (a socket has no "busy" answer of its own).
 */

export type ListenEndpoint =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'unix'; path: string }
  | { kind: 'pipe'; path: string }
  | { kind: 'pty' };

export function parseListenEndpoint(text: string): ListenEndpoint {
  const tcp = /^tcp:(?:(.+):)?(\d+)$/.exec(text);
  if (tcp) {
    const port = Number(tcp[2]);
    if (port > 65535) throw new Error(`err, port ${port} is out of range (1..65535)`);
    return { kind: 'tcp', host: tcp[1] ?? '127.0.0.1', port };
  }
  if (text.startsWith('unix:') && text.length > 5) return { kind: 'unix', path: text.slice(5) };
  if (/^pipe:\\\\\.\\pipe\\.+/.test(text)) return { kind: 'pipe', path: text.slice(5) };
  if (text === 'pty') return { kind: 'pty' };
  throw new Error(
    `err, '${text}' is not an endpoint; use tcp:127.0.0.1:PORT, unix:/path/to/socket, pipe:\\\\.\\pipe\\NAME (Windows) or pty`,
  );
}

export interface SimulatorServer {
  /** where the debugger connects: e.g. tcp:127.0.0.1:50001, unix:/tmp/x.sock, or the pty slave path */
  readonly address: string;
  /** the runner of the connected debugger, if any */
  readonly runner: SimulationRunner | undefined;
  close(): Promise<void>;
}

export async function listenSimulator(
  endpoint: ListenEndpoint,
  options: LinkOptions,
): Promise<SimulatorServer> {
  if (endpoint.kind === 'pty') return listenPty(options);
  if (endpoint.kind === 'pipe' && process.platform !== 'win32') {
    throw new Error('err, named pipes exist only on Windows; on Linux/macOS use unix:/path or pty');
  }
  let runner: SimulationRunner | undefined;
  let closing = false;
  const server = net.createServer((socket) => {
    if (runner) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const active = new SimulationRunner(options, {
      write: (chunk) => socket.write(chunk),
      close: () => socket.destroy(),
    });
    runner = active;
    // the pipe's only instance is now taken: offer none until the debugger leaves
    if (endpoint.kind === 'pipe') server.close();
    socket.on('data', (chunk) =>
      active.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    socket.on('drain', () => active.drained());
    socket.on('close', () => {
      active.close();
      if (runner === active) runner = undefined;
      if (endpoint.kind === 'pipe' && !closing) void listenOnce(server, endpoint).catch(() => undefined);
    });
    socket.on('error', () => undefined);
    active.start();
  });
  await listenOrExplain(server, endpoint);
  const bound = server.address();
  const address =
    endpoint.kind === 'tcp' && bound && typeof bound === 'object'
      ? `tcp:${endpoint.host}:${bound.port}`
      : `${endpoint.kind}:${endpoint.kind === 'tcp' ? '' : endpoint.path}`;
  return {
    address,
    get runner() {
      return runner;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        runner?.close();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}

function listenOnce(server: net.Server, endpoint: Exclude<ListenEndpoint, { kind: 'pty' }>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (endpoint.kind === 'tcp') server.listen(endpoint.port, endpoint.host, listening);
    else server.listen(endpoint.path, listening);
  });
}

/** Whether something accepts connections on the unix socket at `path` (a stale socket file refuses). */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

/**
 * Listens, and turns "address in use" into what to do: a unix socket file left behind by a
 * process that died (nothing answers on it) is removed and the listen retried; a live one, or a
 * taken TCP port, is reported with its path or port.
 */
async function listenOrExplain(
  server: net.Server,
  endpoint: Exclude<ListenEndpoint, { kind: 'pty' }>,
): Promise<void> {
  try {
    await listenOnce(server, endpoint);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  }
  if (endpoint.kind === 'tcp') {
    throw new Error(
      `err, port ${endpoint.port} on ${endpoint.host} is already in use by another program; stop it or choose another port (tcp:${endpoint.host}:0 picks a free one)`,
    );
  }
  if (endpoint.kind === 'unix' && !(await socketAnswers(endpoint.path))) {
    process.stderr.write(
      `hds: removing the stale socket file ${endpoint.path} (nothing was listening on it)\n`,
    );
    await unlink(endpoint.path);
    await listenOnce(server, endpoint);
    return;
  }
  throw new Error(
    `err, another program is already listening on ${endpoint.kind}:${endpoint.path}; stop it or choose another path`,
  );
}

/**
 * A pseudo-terminal in raw mode, made by a small python3 helper (the standard `pty` module,
 * no native Node add-on to build): it prints the slave path, then relays bytes between its
 * stdin/stdout and the master side. It keeps a slave descriptor open so the pty survives the
 * debugger closing and reopening the port.
 */
const PTY_BRIDGE = `
import os, select, sys, tty
master, slave = os.openpty()
tty.setraw(master)
tty.setraw(slave)
sys.stderr.write("PTY " + os.ttyname(slave) + "\\n")
sys.stderr.flush()
out = sys.stdout.fileno()
inp = sys.stdin.fileno()
def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]
while True:
    ready = select.select([master, inp], [], [])[0]
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if data:
            write_all(out, data)
    if inp in ready:
        data = os.read(inp, 65536)
        if not data:
            break
        write_all(master, data)
`;

async function listenPty(options: LinkOptions): Promise<SimulatorServer> {
  const child: ChildProcess = spawn('python3', ['-c', PTY_BRIDGE], { stdio: ['pipe', 'pipe', 'pipe'] });
  const path = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.once('error', (error) =>
      reject(
        new Error(
          `err, cannot start python3 for the pty bridge (${error.message}); install python3 or use tcp:/unix:`,
        ),
      ),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /PTY (\S+)\n/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`err, the pty bridge exited (code ${code}) before creating a pseudo-terminal`)),
    );
  });
  const runner = new SimulationRunner(options, {
    write: (chunk) => child.stdin?.write(chunk) ?? false,
    close: () => child.kill(),
  });
  child.stdout?.on('data', (chunk: Buffer) =>
    runner.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
  );
  child.stdin?.on('drain', () => runner.drained());
  child.stdin?.on('error', () => undefined);
  runner.start();
  return {
    address: path,
    runner,
    close: async () => {
      runner.close();
      child.kill();
    },
  };
}
