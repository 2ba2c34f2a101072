import type { BenchReport } from './run';
import { startSimProcess } from './sim-process';
import { createCommandSession } from '../electron/app/wiring';
import { parseEndpoint } from '../shared/endpoint';
import { openTransport } from '../electron/transport/transport';
import type { HaltContext } from '../electron/session/link';

/**
 * Pause-to-context latency on loopback TCP against the simulated debuggee running in its own
 * process (`hds sim`, as a VM would be): from the arrival of the PAUSED packet's last byte to
 * the moment the session publishes a complete paused context. The GUI's context is registers
 * (READ_REGISTERS round trip), current process/thread (`.thread` details round trip) and the
 * disassembled instruction; a second phase measures registers only, so the cost of the
 * process/thread query shows in the same run. One halt = break-in, context, `g`.
 */
const HALTS = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Phase {
  readonly fetchThreadDetailsOnPause: boolean;
}

async function measure(phase: Phase): Promise<number[]> {
  const sim = await startSimProcess(['--rate', '0']);
  try {
    const endpoint = parseEndpoint(sim.address);
    if (!endpoint.ok) throw new Error(endpoint.error);
    const wired = createCommandSession({
      signature: sim.signature,
      output: () => undefined,
      settings: { fetchRegistersOnPause: true, fetchThreadDetailsOnPause: phase.fetchThreadDetailsOnPause },
    });
    const running = new Promise<void>((resolve) => {
      const off = wired.session.on('state', ({ state }) => {
        if (state === 'running') {
          off();
          resolve();
        }
      });
    });
    wired.session.attach(await openTransport(endpoint.endpoint));
    await running;

    const latencies: number[] = [];
    for (let i = 0; i < HALTS; i++) {
      const context: HaltContext = await wired.session.pause(5000);
      const available = performance.now();
      if (!context.registers || !context.instruction)
        throw new Error('paused context without registers or disassembly');
      if (phase.fetchThreadDetailsOnPause && !context.thread)
        throw new Error('paused context without the current process/thread');
      latencies.push(available - context.arrivedAt);
      await wired.dispatcher.execute('g');
    }
    await wired.session.close();
    wired.dispose();
    return latencies.sort((a, b) => a - b);
  } finally {
    await sim.stop();
  }
}

function summary(latencies: number[]): { p50: number; p99: number; line: string } {
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const slow = latencies.filter((l) => l > 5).length;
  return {
    p50,
    p99,
    line: `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${latencies.at(-1)!.toFixed(3)} ms, ${slow} of ${HALTS} above 5 ms`,
  };
}

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const full = summary(await measure({ fetchThreadDetailsOnPause: true }));
  const registersOnly = summary(await measure({ fetchThreadDetailsOnPause: false }));
  report(`pause-to-context over loopback TCP to 'hds sim' in its own process, ${HALTS} halts per phase`);
  report('(PAUSED last byte → context published; this machine is shared, load inflates the tail)');
  report(`  GUI context (registers + process/thread + instruction): ${full.line} (target p99 < 10 ms)`);
  report(`  registers + instruction only:                           ${registersOnly.line}`);
  return {
    pause_to_context_p50_ms: Number(full.p50.toFixed(3)),
    pause_to_context_p99_ms: Number(full.p99.toFixed(3)),
    pause_to_registers_only_p50_ms: Number(registersOnly.p50.toFixed(3)),
    pause_to_registers_only_p99_ms: Number(registersOnly.p99.toFixed(3)),
  };
}
