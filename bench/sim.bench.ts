import net from 'node:net';
import type { BenchReport } from './run';
import { startSimProcess } from './sim-process';
import { encodeFrame, FrameDecoder } from '../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeVersionPayload } from '../shared/protocol/payloads';
import { compileScript } from '../shared/script';
import { ActionType, EVENT_TAG_START_SEED, type EventTypeValue } from '../shared/protocol/event-packets';
import { addActionPayload, registerEventPayload } from '../shared/protocol/testing/event-payloads';

/**
 * Sustained event-log output of the simulated debuggee over a loopback TCP socket: one event
 * per kind of workload activity, each with a script action that printf()s through the shared
 * evaluator, the workload at `--rate max`. The debuggee runs as `hds sim` in its own process
 * (as it does for the GUI); this process plays the debugger and counts the LOGGING_MECHANISM
 * frames it decodes per second.
 */
const MEASURE_MS = 3000;
const WARMUP_MS = 500;

/**
 * (EventType, OptionalParam1) of 20 events (the start-up pools hold 20) that together match
 * every kind of workload activity except EPT-hook executions and memory accesses.
 */
const EVENTS: [EventTypeValue, bigint][] = [
  [9, 0xffffffffn], // !syscall (all)
  [10, 0n], // !sysret
  [16, 0xffffffffn], // !exception (all)
  [11, 0n], // !cpuid (all)
  [12, 0xffffffffn], // !msrread
  [13, 0xffffffffn], // !msrwrite
  [14, 0xffffffffn], // !ioin
  [15, 0xffffffffn], // !ioout
  [19, 0n], // !tsc
  [20, 0n], // !pmc
  [21, 0n], // !vmcall
  [18, 0n], // !dr
  [27, 0n], // !xsetbv
  [22, 0n], // !crwrite 0
  ...[0xd1n, 0x2fn, 0xe1n, 0x41n, 0x51n, 0x81n].map((vector): [EventTypeValue, bigint] => [17, vector]), // !interrupt
];

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const compiled = compileScript('printf("core %x pid %x context %llx\\n", $core, $pid, $context);');
  if (!compiled.ok) throw new Error(compiled.error.message);
  const script = compiled.bytes;

  const sim = await startSimProcess(['--rate', 'max', '--seed', '1']);
  const port = Number(sim.address.split(':').at(-1));
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const decoder = new FrameDecoder({ acceptedTypes: [3] });
  let logs = 0;
  let logBytes = 0;
  let lastAction = 0;
  socket.on('data', (chunk) => {
    for (const frame of decoder.push(chunk)) {
      lastAction = frame.action;
      if (frame.action === RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_LOGGING_MECHANISM) {
        logs++;
        logBytes += frame.payload.length + 28;
      }
    }
  });
  const waitFor = async (action: number) => {
    while (lastAction !== action) await new Promise((r) => setTimeout(r, 5));
  };
  await waitFor(RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION);
  socket.write(
    encodeFrame(
      2,
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
      encodeVersionPayload(sim.signature),
    ),
  );
  await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED);
  socket.write(encodeFrame(2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE));
  await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION);
  for (const [i, [type, param1]] of EVENTS.entries()) {
    const tag = EVENT_TAG_START_SEED + BigInt(i);
    lastAction = 0;
    socket.write(
      encodeFrame(
        1,
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
        registerEventPayload({ tag, eventType: type, params: [param1] }),
      ),
    );
    await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT);
    socket.write(
      encodeFrame(
        1,
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
        addActionPayload({ eventTag: tag, actionType: ActionType.runScript, body: script }),
      ),
    );
    await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_ADDING_ACTION_TO_EVENT);
  }
  socket.write(encodeFrame(1, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const startLogs = logs;
  const startBytes = logBytes;
  const startCpu = sim.cpuMs() / 1000;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const seconds = (performance.now() - started) / 1000;
  const endCpu = sim.cpuMs() / 1000;
  const messages = (logs - startLogs) / seconds;
  const megabytes = (logBytes - startBytes) / seconds / 1e6;
  // On a shared machine wall-clock rates depend on the load; messages per CPU second of the
  // debuggee process do not (much).
  const perCpuSecond = endCpu > startCpu ? (logs - startLogs) / (endCpu - startCpu) : undefined;
  socket.destroy();
  await sim.stop();
  report(
    `simulated debuggee, ${EVENTS.length} script events, loopback TCP, rate max: ${Math.round(messages)} log messages/s, ` +
      `${megabytes.toFixed(2)} MB/s` +
      (perCpuSecond !== undefined
        ? `, ${Math.round(perCpuSecond)} messages per CPU second of the debuggee process`
        : ''),
  );
  const figures: Record<string, number> = {
    sim_messages_per_s: Math.round(messages),
    sim_log_mb_per_s: Number(megabytes.toFixed(2)),
  };
  if (perCpuSecond !== undefined) figures.sim_messages_per_cpu_s = Math.round(perCpuSecond);
  return figures;
}
