/**
 * Messages between the log store (main thread) and its worker. Rows travel main → worker in
 * batches; reads are calls with an id, answered once, with progress in between and a cancel
 * the worker honours between id ranges.
 */
import type { LogQuery, StoredLog } from './log-database';
import type { ExportFormat } from './log-format';
import type { PageRequest } from './log-operations';
import type { WriterOptions } from './log-writer';

export type StoreCall =
  | { readonly op: 'page'; readonly query: LogQuery; readonly page: PageRequest }
  | { readonly op: 'count'; readonly query: LogQuery }
  | { readonly op: 'export'; readonly query: LogQuery; readonly format: ExportFormat; readonly path: string }
  | { readonly op: 'close' };

export type ToWorker =
  | { readonly kind: 'insert'; readonly rows: readonly StoredLog[] }
  | { readonly kind: 'call'; readonly id: number; readonly call: StoreCall }
  | { readonly kind: 'cancel'; readonly id: number };

export type FromWorker =
  | { readonly kind: 'stopped'; readonly reason: string }
  /** One insert batch is done with (written, or skipped because storing stopped): main's queue bound. */
  | { readonly kind: 'written'; readonly rows: number }
  | { readonly kind: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string; readonly cancelled: boolean };

export type WorkerData = WriterOptions;
