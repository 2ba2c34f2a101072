import { SimulationRunner, type LinkOptions } from '../../simulator/runner';
import { createMemoryTransportPair, type ByteTransport, type InProcessDebuggeeFactory } from './transport';

/**
 * The `sim` endpoint: the simulated debuggee (simulator/) running in this process, connected
 * through an in-memory byte stream, with the same real-time behaviour as `hds sim --listen`.
 */
export function inProcessSimulator(options: LinkOptions = {}): InProcessDebuggeeFactory {
  return () => {
    const [debuggerSide, debuggeeSide] = createMemoryTransportPair('sim');
    const runner = new SimulationRunner(options, {
      write: (chunk) => {
        void debuggeeSide.write(chunk);
        return true;
      },
      close: () => void debuggeeSide.close(),
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
