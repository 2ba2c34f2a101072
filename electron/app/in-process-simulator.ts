import { DEFAULT_SIMULATOR_OPTIONS } from '../../simulator/debuggee';
import { simulatorSymbolDirectory } from '../../simulator/module-images';
import { SimulationRunner, type LinkOptions } from '../../simulator/runner';
import {
  createMemoryTransportPair,
  type ByteTransport,
  type InProcessDebuggeeFactory,
} from '../transport/transport';

/**
 * The `sim` endpoint: the simulated debuggee (simulator/) running in this process, connected
 * through an in-memory byte stream, with the same real-time behaviour as `hds sim --listen`.
 */
export function inProcessSimulator(options: LinkOptions = {}): InProcessDebuggeeFactory {
  return () => {
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
    // What the debuggee sends reaches the debugger a task later, as bytes from a socket do: on
    // microtasks alone a step walk (`!track` steps up to 0xffffffff times) would never let the
    // event loop reach timers, IPC or signals, so neither Ctrl+C nor the window could stop it.
    const runner = new SimulationRunner(options, {
      write: (chunk) => {
        setImmediate(() => void debuggeeSide.write(chunk));
        return true;
      },
      close: () => setImmediate(() => void debuggeeSide.close()),
    });
    debuggeeSide.onData((chunk) => runner.receive(chunk));
    debuggeeSide.onClose(() => runner.close());
    // The debugger must be listening before the debuggee pings: start once the session attached.
    const transport: ByteTransport = {
      ...debuggerSide,
      onData: (listener) => {
        debuggerSide.onData(listener);
        queueMicrotask(() => runner.start());
      },
    };
    return Promise.resolve(transport);
  };
}

/** The build signature the simulated debuggee accepts unless configured otherwise. */
export const SIMULATOR_BUILD_SIGNATURE = DEFAULT_SIMULATOR_OPTIONS.signature;

/** Options of the in-process simulator behind the `sim` endpoint. */
export interface SimEndpointOptions extends LinkOptions {
  /** Workload hits per second while the debuggee runs (the same as `rate`). */
  hitsPerSecond?: number;
}

/** The `sim` endpoint as a host uses it: how to start the debuggee, and the build signature it accepts. */
export interface SimEndpoint {
  readonly connect: InProcessDebuggeeFactory;
  readonly signature: string;
}

/** The simulator behind the `sim` endpoint; the only way the host layers reach the simulator. */
export function simEndpoint(options: SimEndpointOptions = {}): SimEndpoint {
  const { hitsPerSecond, ...link } = options;
  const linkOptions =
    hitsPerSecond !== undefined && link.rate === undefined ? { ...link, rate: hitsPerSecond } : link;
  return {
    connect: inProcessSimulator(linkOptions),
    signature: options.signature ?? SIMULATOR_BUILD_SIGNATURE,
  };
}

/**
 * The symbol path of a session on the built-in simulator: the user's path when one is configured,
 * otherwise the folder of the simulated modules' PDBs, so `nt!ExAllocatePoolWithTag`,
 * `x nt!*Alloc*`, `k`, `dt` and `.process list` work out of the box (the PDBs match the GUID/age
 * the simulated debuggee reports).
 */
export function simulatorSymbolPath(userPath = ''): string {
  return userPath.trim() ? userPath : simulatorSymbolDirectory();
}
