import { Duplex } from 'node:stream';
import type { SimulatedDebuggee } from './debuggee';
import type { FaultInjector } from './faults';
import { SimulationRunner, type LinkOptions } from './runner';

export { SimulatedDebuggee, DEFAULT_SIMULATOR_OPTIONS } from './debuggee';
export { parseFaultSpec, FaultInjector } from './faults';
export type { LinkOptions } from './runner';
export { listenSimulator, parseListenEndpoint, type ListenEndpoint } from './endpoints';

/** An in-process simulated debuggee, as the app's `sim` endpoint and the end-to-end tests use it. */
export interface SimulatedDebuggeeHandle {
  /** the byte pipe: write debugger → debuggee bytes, read debuggee → debugger bytes */
  readonly stream: Duplex;
  readonly faults: FaultInjector;
  /** the current debuggee (a reboot replaces it) */
  readonly debuggee: SimulatedDebuggee;
  close(): void;
}

/**
 * Starts a simulated debuggee behind an in-memory byte pipe; it pings right away, like a
 * debuggee whose `.debug prepare` runs while the debugger listens.
 */
export function createSimulatedDebuggee(options: LinkOptions = {}): SimulatedDebuggeeHandle {
  let waitingForRead = false;
  const stream = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      runner.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      callback();
    },
    read() {
      if (waitingForRead) {
        waitingForRead = false;
        runner.drained();
      }
    },
    destroy(error, callback) {
      runner.close();
      callback(error);
    },
  });
  const runner: SimulationRunner = new SimulationRunner(options, {
    write: (chunk) => {
      const ok = stream.push(Buffer.from(chunk));
      if (!ok) waitingForRead = true;
      return ok;
    },
    close: () => {
      stream.push(null);
    },
  });
  runner.start();
  return {
    stream,
    faults: runner.faults,
    get debuggee() {
      return runner.debuggee;
    },
    close: () => {
      runner.close();
      stream.destroy();
    },
  };
}
