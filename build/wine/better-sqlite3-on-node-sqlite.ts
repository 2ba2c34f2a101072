// Stand-in for better-sqlite3 in the Wine smoke bundle only: better-sqlite3 ships no Windows
// binary without a download, and the session always opens an in-memory log store. Windows
// node.exe 22 has SQLite built in (`node:sqlite`), so the few calls the log store makes are
// mapped onto it. Not used by the product.
import { DatabaseSync, type StatementSync } from 'node:sqlite';

class Database {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    this.db = new DatabaseSync(path);
  }

  pragma(text: string): void {
    this.db.exec(`PRAGMA ${text}`);
  }

  exec(sql: string): this {
    this.db.exec(sql);
    return this;
  }

  prepare(sql: string): StatementSync {
    return this.db.prepare(sql);
  }

  transaction<A extends unknown[], R>(body: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      this.db.exec('BEGIN');
      try {
        const result = body(...args);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    };
  }

  close(): void {
    this.db.close();
  }
}

export default Database;
