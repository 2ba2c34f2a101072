/**
 * Where a log store's database lives: in a worker thread (sessions: SQLite never blocks the main
 * thread) or in the calling thread (throwaway in-memory stores of tests and dry runs). Both take
 * rows without waiting and answer reads as promises with progress and cancellation.
 */
import { Worker } from 'node:worker_threads';
import { LogWriter, type WriterOptions } from './log-writer';
import { runStoreCall } from './store-calls';
import type { FromWorker, StoreCall, ToWorker } from './store-protocol';
import type { StoredLog } from './log-database';
import { CancelledError } from './log-operations';

export interface CallControl {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export interface StoreBackend {
  /** Hands rows over without waiting; `BackendEvents.written` says when the database is done with them. */
  insert(rows: readonly StoredLog[]): void;
  call(call: StoreCall, control?: CallControl): Promise<unknown>;
}

/** What a backend tells its store. */
export interface BackendEvents {
  /** Storing stopped for good (names the file and the reason). */
  stopped(reason: string): void;
  /** An insert of `rows` rows is done with, in the order they were handed over. */
  written(rows: number): void;
}

/** Makes the backend of a store (tests pass their own, e.g. a deliberately slow database). */
export type BackendFactory = (options: WriterOptions, events: BackendEvents) => StoreBackend;

export const inlineBackend: BackendFactory = (options, events) => {
  const writer = new LogWriter(options, (reason) => events.stopped(reason));
  return {
    insert: (rows) => {
      writer.insert(rows);
      events.written(rows.length);
    },
    call: async (call, control = {}) => {
      try {
        return await runStoreCall(writer, call, {
          progress: control.onProgress,
          cancelled: () => control.signal?.aborted ?? false,
        });
      } catch (error) {
        if (control.signal?.aborted) throw new CancelledError();
        throw error;
      }
    },
  };
};

/** No database: rows are classified and counted, never stored (`hds connect --no-log-store`). */
export const discardingBackend: BackendFactory = (_options, events) => {
  return {
    insert: (rows) => events.written(rows.length),
    call: (call) =>
      call.op === 'close'
        ? Promise.resolve(null)
        : Promise.reject(new Error('this session does not store its logs (--no-log-store)')),
  };
};

/**
 * The worker's script: next to the bundled main process (.cjs) or the CLI's bundle chunks (.mjs),
 * else the TypeScript sources.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return new URL('./store-worker.cjs', here);
  if (here.endsWith('.mjs')) return new URL('./store-worker.mjs', here);
  return new URL('./store-worker-dev.mjs', here);
}

export const workerBackend: BackendFactory = (options, events) => {
  const worker = new Worker(workerUrl(), {
    workerData: options,
    // bounded like `hds connect` (see bin/hds.mjs): the worker allocates a row object per message
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 },
  });
  // Idle, the worker does not keep the process alive; a pending read or the close does.
  worker.unref();
  const calls = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; control: CallControl }
  >();
  let nextId = 1;
  let exited: Error | undefined;
  const post = (message: ToWorker): void => worker.postMessage(message);
  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'stopped') {
      events.stopped(message.reason);
      return;
    }
    if (message.kind === 'written') {
      events.written(message.rows);
      return;
    }
    const pending = calls.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.control.onProgress?.(message.done, message.total);
      return;
    }
    calls.delete(message.id);
    if (calls.size === 0) worker.unref();
    if (message.kind === 'done') pending.resolve(message.value);
    else pending.reject(message.cancelled ? new CancelledError() : new Error(message.message));
  });
  const fail = (error: Error): void => {
    exited = error;
    for (const pending of calls.values()) pending.reject(error);
    calls.clear();
  };
  worker.on('error', (error) => {
    events.stopped(`the log store worker failed: ${error.message}`);
    fail(error);
  });
  worker.on('exit', () => fail(exited ?? new Error('the log store is closed')));
  return {
    insert(rows) {
      if (exited) events.written(rows.length);
      else post({ kind: 'insert', rows });
    },
    call(call, control = {}) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject, control });
        worker.ref();
        post({ kind: 'call', id, call });
        control.signal?.addEventListener('abort', () => post({ kind: 'cancel', id }), { once: true });
      });
    },
  };
};
