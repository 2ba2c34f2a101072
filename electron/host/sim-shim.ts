// SHIM until the simulator publishes its own in-process `sim` endpoint: pairs a SimulatedDebuggee
// with an in-memory byte stream and lets its workload run on a timer while the debuggee runs
// (the simulator itself is pure: time passes only when someone runs the workload).
import { DEFAULT_SIMULATOR_OPTIONS, SimulatedDebuggee, type SimulatorOptions } from '../../simulator/debuggee';
import { createMemoryTransportPair, type InProcessDebuggeeFactory } from '../transport/transport';

export interface InProcessSimOptions extends Partial<SimulatorOptions> {
  /** Workload hits per second while running (each hit may fire events and print logs). Default 200. */
  hitsPerSecond?: number;
}

const TICK_MS = 10;
/** HyperDbg's debuggee pings again after its 5-second read timeout during the handshake. */
const HANDSHAKE_RETRY_MS = 5000;

export function inProcessSimulator(options: InProcessSimOptions = {}): InProcessDebuggeeFactory {
  const { hitsPerSecond = 200, ...simOptions } = options;
  return async () => {
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
    const sim = new SimulatedDebuggee(simOptions, (bytes) => {
      debuggeeSide.write(bytes).catch(() => undefined);
    });
    debuggeeSide.onData((chunk) => sim.receive(chunk));
    let owed = 0;
    const workload = setInterval(() => {
      if (sim.state !== 'running') return;
      owed += (hitsPerSecond * TICK_MS) / 1000;
      const hits = Math.floor(owed);
      owed -= hits;
      if (hits > 0) sim.runWorkload(hits);
    }, TICK_MS);
    const handshake = setInterval(() => sim.handshakeTimeout(), HANDSHAKE_RETRY_MS);
    workload.unref();
    handshake.unref();
    debuggeeSide.onClose(() => {
      clearInterval(workload);
      clearInterval(handshake);
    });
    // The first PING goes out once the session has attached to the returned stream.
    setTimeout(() => sim.start(), 0);
    return debuggerSide;
  };
}

/** The signature the in-process simulator accepts (used when the user gives none for `sim`). */
export function simulatorSignature(options: InProcessSimOptions = {}): string {
  return options.signature ?? DEFAULT_SIMULATOR_OPTIONS.signature;
}
