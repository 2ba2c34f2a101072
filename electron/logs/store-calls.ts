/** One read (or the close) of a session database, the same in the worker and in-thread. */
import { validateTextQuery, type LogQuery } from './log-database';
import { countMatching, exportMatching, readPage, type OperationControl } from './log-operations';
import type { LogWriter } from './log-writer';
import type { StoreCall } from './store-protocol';

export async function runStoreCall(
  writer: LogWriter,
  call: StoreCall,
  control: OperationControl,
): Promise<unknown> {
  if (call.op === 'close') {
    writer.close();
    return null;
  }
  const db = writer.db;
  if (!db) throw new Error(writer.stoppedReason ?? 'the session log is not open');
  const invalid = validateTextQuery(call.query.text);
  if (invalid) throw new Error(invalid);
  try {
    switch (call.op) {
      case 'page':
        return await readPage(db, call.query, call.page, control);
      case 'count':
        return await countMatching(db, call.query, control);
      case 'export':
        return await exportMatching(db, call.query, call.format, call.path, control);
    }
  } catch (error) {
    throw explainQueryError(call.query, error);
  }
}

/** A full-text query SQLite cannot parse becomes a message that says so and how queries look. */
export function explainQueryError(query: LogQuery, error: unknown): unknown {
  const message = (error as Error).message ?? String(error);
  if (query.text?.mode === 'fts' && /fts5|syntax error|no such column|unterminated/i.test(message)) {
    return new Error(
      `'${query.text.value}' is not a valid full-text query (SQLite FTS5: words, "phrases", prefix*, AND/OR/NOT): ${message}`,
    );
  }
  return error;
}
