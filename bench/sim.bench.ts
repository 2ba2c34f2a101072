import net from 'node:net';
import type { BenchReport } from './run';
import { encodeFrame, FrameDecoder } from '../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { encodeAddActionPayload, encodeRegisterEventPayload, encodeVersionPayload } from '../shared/protocol/payloads';
import { compileScript } from '../shared/script';
import { listenSimulator } from '../simulator/endpoints';

/**
 * Sustained event-log output of the simulated debuggee over a loopback TCP socket: one event
 * per kind of workload activity, each with a script action that printf()s through the shared
 * evaluator, the workload at `--rate max`. Counts LOGGING_MECHANISM frames the debugger side
 * decodes per second.
 */
const MEASURE_MS = 3000;
const WARMUP_MS = 500;

/** (EventType, OptionalParam1) of events that match every piece of the workload. */
const EVENTS: [number, bigint][] = [
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
];

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const compiled = compileScript('printf("core %x pid %x context %llx\\n", $core, $pid, $context);');
  if (!compiled.ok) throw new Error(compiled.error.message);
  const script = compiled.bytes;

  const server = await listenSimulator({ kind: 'tcp', host: '127.0.0.1', port: 0 }, { seed: 1, rate: 'max' });
  const port = Number(server.address.split(':')[2]);
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
  socket.write(encodeFrame(2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION, encodeVersionPayload('0.2.0-20250101.1200')));
  await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED);
  socket.write(encodeFrame(2, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE));
  await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION);
  for (const [i, [type, param1]] of EVENTS.entries()) {
    const tag = 0x1000000n + BigInt(i);
    lastAction = 0;
    socket.write(
      encodeFrame(
        1,
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT,
        encodeRegisterEventPayload({ CoreId: 0xffffffff, ProcessId: 0xffffffff, IsEnabled: true, EventStage: 1, Tag: tag, EventType: type, Options: { OptionalParam1: param1 } }),
      ),
    );
    await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT);
    socket.write(
      encodeFrame(
        1,
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT,
        encodeAddActionPayload({ EventTag: tag, ActionType: 1, ImmediateMessagePassing: true, ScriptBufferSize: script.length, ScriptBufferPointer: script.length / 24 }, script),
      ),
    );
    await waitFor(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_ADDING_ACTION_TO_EVENT);
  }
  socket.write(encodeFrame(1, RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const startLogs = logs;
  const startBytes = logBytes;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const seconds = (performance.now() - started) / 1000;
  const messages = (logs - startLogs) / seconds;
  const megabytes = (logBytes - startBytes) / seconds / 1e6;
  socket.destroy();
  await server.close();
  report(`simulated debuggee, ${EVENTS.length} script events, loopback TCP, rate max: ${Math.round(messages)} log messages/s, ${megabytes.toFixed(2)} MB/s`);
  return { sim_messages_per_s: Math.round(messages), sim_log_mb_per_s: Number(megabytes.toFixed(2)) };
}
