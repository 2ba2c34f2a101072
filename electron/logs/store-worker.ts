/**
 * The log store's worker thread: owns the session database, writes the batches main sends and
 * answers reads, so SQLite never blocks the thread that decodes frames and serves the UI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LogWriter } from './log-writer';
import { runStoreCall } from './store-calls';
import type { FromWorker, ToWorker, WorkerData } from './store-protocol';

const port = parentPort!;
const send = (message: FromWorker): void => port.postMessage(message);
const writer = new LogWriter(workerData as WorkerData, (reason) => send({ kind: 'stopped', reason }));
const cancelled = new Set<number>();

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'insert':
      writer.insert(message.rows);
      send({ kind: 'written', rows: message.rows.length });
      break;
    case 'cancel':
      cancelled.add(message.id);
      break;
    case 'call': {
      const { id, call } = message;
      runStoreCall(writer, call, {
        progress: (done, total) => send({ kind: 'progress', id, done, total }),
        cancelled: () => cancelled.has(id),
      }).then(
        (value) => {
          cancelled.delete(id);
          send({ kind: 'done', id, value });
          if (call.op === 'close') port.close();
        },
        (error: unknown) => {
          const wasCancelled = cancelled.delete(id);
          send({
            kind: 'failed',
            id,
            message: (error as Error).message ?? String(error),
            cancelled: wasCancelled,
          });
        },
      );
      break;
    }
  }
});
