/**
 * `.logopen FILE` / `.logclose`: while open, everything the console shows (each command line,
 * its output, the debugger's own messages) is also written to FILE, as HyperDbg's ShowMessages
 * does once `.logopen` is used.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export class ConsoleLog {
  private file: number | undefined;

  get isOpen(): boolean {
    return this.file !== undefined;
  }

  /** False when the file cannot be created. */
  open(path: string): boolean {
    try {
      this.file = openSync(path, 'w');
      return true;
    } catch {
      return false;
    }
  }

  write(text: string): void {
    if (this.file !== undefined) writeSync(this.file, text);
  }

  close(): void {
    if (this.file !== undefined) closeSync(this.file);
    this.file = undefined;
  }
}
