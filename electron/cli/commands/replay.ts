import type { CliCommand } from '../main';
import { readTrace } from '../../session/trace';
import { createCommandSession } from '../../app/wiring';
import type { ByteTransport } from '../../transport/transport';
import { Emitter } from '../../../shared/events/emitter';

const USAGE = `usage: hds replay TRACE [--quiet]

Re-feeds the debuggee → debugger bytes of a trace recorded with 'hds connect --record' into the
same session pipeline (decoder, session, models, log store), offline, and prints what the session
shows: console text on stdout, diagnostics on stderr. What the session would send is compared
with what was sent when the trace was recorded; the first difference is reported.
  --quiet   only print the summary`;

export const command: CliCommand = {
  summary: 'replay a recorded session trace offline through the session pipeline',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const file = args.find((a) => !a.startsWith('-'));
    if (file === undefined) {
      process.stderr.write(`hds replay: which trace?\n${USAGE}\n`);
      return 1;
    }
    const quiet = args.includes('--quiet');
    const trace = readTrace(file);
    if (!trace.ok) {
      process.stderr.write(`${trace.error}\n`);
      return 1;
    }
    const recordedOut = Buffer.concat(trace.chunks.filter((c) => c.d === 'out').map((c) => c.bytes));
    const sentNow: Buffer[] = [];
    const received = new Emitter<{ data: Uint8Array }>();
    const transport: ByteTransport = {
      label: `replay:${file}`,
      write: (bytes) => {
        sentNow.push(Buffer.from(bytes));
        return Promise.resolve();
      },
      onData: (listener) => void received.on('data', listener),
      // A replayed link never ends by itself: the trace's last chunk is followed by the comparison.
      onClose: () => undefined,
      close: () => Promise.resolve(),
    };
    let diagnostics = 0;
    const wired = createCommandSession({
      signature: trace.header.signature,
      output: (text) => {
        if (!quiet) process.stdout.write(text);
      },
    });
    wired.session.on('diagnostic', (d) => {
      diagnostics++;
      if (!quiet) process.stderr.write(`[${d.severity}] ${d.message}\n`);
    });
    wired.session.attach(transport);
    let chunksIn = 0;
    for (const chunk of trace.chunks) {
      if (chunk.d !== 'in') continue;
      chunksIn++;
      received.emit('data', chunk.bytes);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const sent = Buffer.concat(sentNow);
    const common = Math.min(sent.length, recordedOut.length);
    let firstDifference = -1;
    for (let i = 0; i < common; i++) {
      if (sent[i] !== recordedOut[i]) {
        firstDifference = i;
        break;
      }
    }
    process.stderr.write(
      `replayed ${chunksIn} chunks (${trace.chunks.filter((c) => c.d === 'in').reduce((n, c) => n + c.bytes.length, 0)} bytes in); ` +
        `final state ${wired.session.state}; ${diagnostics} diagnostics; ` +
        (firstDifference === -1
          ? `the session's own answers (${sent.length} bytes) match the recording's first ${common} bytes out\n`
          : `the session's answers differ from the recording at byte ${firstDifference} of the outgoing stream\n`),
    );
    wired.dispose();
    return 0;
  },
};
