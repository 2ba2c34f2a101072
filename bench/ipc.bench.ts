// Host-side IPC throughput: log lines pushed into StudioHost (as the session would) travel through
// the batcher and the browser-mode WebSocket to a Node client using the renderer's IPC client
// (which validates every batch). Measures delivered lines/s, batches/s and lines per batch.
import { WebSocket } from 'ws';
import { createIpcClient, createWebSocketTransport, ipcSocketUrl, type SessionBatch } from '../shared/ipc';
import type { BenchReport } from './run';
import { startBrowserHost } from '../electron/host/browser-host';
import { fakeBackend } from '../electron/host/testing/fake-backend';

const LINES = Number(process.env.HDS_IPC_BENCH_LINES ?? 200_000);
const PRODUCER_CHUNK = 500;

export default async function (report: BenchReport): Promise<Record<string, number>> {
  const fake = fakeBackend();
  const handle = await startBrowserHost({ backend: fake.backend });
  const origin = new URL(handle.url).origin;
  const socket = new WebSocket(ipcSocketUrl(origin, handle.token), { headers: { origin } });
  const transport = createWebSocketTransport(socket as never);
  await transport.ready;
  const client = createIpcClient(transport);
  let delivered = 0;
  let batches = 0;
  let elided = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  client.on('session:batch', (batch: SessionBatch) => {
    batches++;
    delivered += batch.logs.length;
    if (batch.link) elided = batch.link.elidedLogs;
    if (delivered + elided >= LINES) done();
  });
  const sink = fake.sink()!;
  const start = performance.now();
  let id = 0;
  // Produce in chunks with a turn of the event loop between them, like a session reading a socket.
  while (id < LINES) {
    for (let i = 0; i < PRODUCER_CHUNK && id < LINES; i++, id++) {
      sink.log({
        id,
        time: Date.now(),
        kind: 'event',
        eventTag: 0x1000001,
        stage: id % 2 ? 'post' : 'pre',
        core: id % 4,
        text: `syscall ${id.toString(16)} core ${id % 4}\n`,
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  handle.host.flush();
  await finished;
  const seconds = (performance.now() - start) / 1000;
  socket.close();
  await handle.close();
  const rate = delivered / seconds;
  report(
    `${delivered.toLocaleString()} of ${LINES.toLocaleString()} lines delivered (${elided} elided) in ${batches} batches over ${seconds.toFixed(2)} s`,
  );
  report(
    `${Math.round(rate).toLocaleString()} lines/s, ${(batches / seconds).toFixed(0)} batches/s, ${(delivered / batches).toFixed(0)} lines per batch`,
  );
  return {
    ipc_lines_per_s: Math.round(rate),
    ipc_batches_per_s: Math.round(batches / seconds),
    ipc_lines_per_batch: Math.round(delivered / batches),
    ipc_elided_lines: elided,
  };
}
