/**
 * A command session over the real DebuggerSession and transport, connected over loopback tcp to
 * the simulated debuggee listening in this process, with the handshake done: what the e2e
 * session tests start from. It records the frames the session sends and the text it prints.
 */
import { FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { listenSimulator, type SimulatorServer } from '../../simulator/endpoints';
import type { SimulationRunner } from '../../simulator/runner';
import { parseEndpoint } from '../../shared/endpoint';
import { openTransport } from '../../electron/transport/transport';
import {
  createCommandSession,
  type CommandSession,
  type CommandSessionOptions,
} from '../../electron/app/wiring';
import { SIM_SIGNATURE } from './sim-command-session';

export interface TcpSimSession {
  readonly wired: CommandSession;
  /** Frames the session sent after the handshake's version frame. */
  readonly sent: Frame[];
  /** Everything printed since the start or the last `clearOutput()`. */
  output(): string;
  clearOutput(): void;
  /** The simulator's runner of this connection. */
  runner(): SimulationRunner;
}

export interface TcpSimSessionOptions {
  /** Simulated workload events per second; 0 (the default) keeps the debuggee quiet. */
  readonly rate?: number;
  /** Break in once connected (the default), as the tests of paused commands need. */
  readonly pause?: boolean;
  readonly session?: Omit<CommandSessionOptions, 'signature' | 'output'>;
}

/** Everything opened here is closed by the functions pushed onto `cleanups`, to run last-first. */
export async function openTcpSimSession(
  cleanups: (() => void | Promise<void>)[],
  options: TcpSimSessionOptions = {},
): Promise<TcpSimSession> {
  const server: SimulatorServer = await listenSimulator(
    { kind: 'tcp', host: '127.0.0.1', port: 0 },
    { signature: SIM_SIGNATURE, rate: options.rate ?? 0, handshakeRetryMs: 200 },
  );
  cleanups.push(() => server.close());
  const endpoint = parseEndpoint(server.address);
  if (!endpoint.ok) throw new Error(endpoint.error);
  let text = '';
  const wired = createCommandSession({
    ...options.session,
    signature: SIM_SIGNATURE,
    output: (t) => (text += t),
  });
  cleanups.push(async () => {
    if (wired.session.state === 'paused' || wired.session.state === 'running') await wired.session.close();
    else await wired.session.detach();
    wired.dispose();
  });
  const sent: Frame[] = [];
  const decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  wired.session.on('frame', ({ direction, bytes }) => {
    if (direction === 'out') sent.push(...decoder.push(bytes));
  });
  wired.session.attach(await openTransport(endpoint.endpoint));
  await new Promise<void>((resolve) => {
    const off = wired.session.on('state', ({ state }) => {
      if (state === 'running') {
        off();
        resolve();
      }
    });
  });
  sent.length = 0; // the handshake's version frame
  if (options.pause ?? true) await wired.session.pause(5000);
  return {
    wired,
    sent,
    output: () => text,
    clearOutput: () => {
      text = '';
    },
    runner: () => {
      if (!server.runner) throw new Error('the simulator has no connection');
      return server.runner;
    },
  };
}
