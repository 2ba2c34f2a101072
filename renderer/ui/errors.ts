// Text for a failed IPC call (IpcCallError carries the host's actionable message).
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Drops HyperDbg's console prefix (`err, `) where a message is shown outside the console. */
export function withoutErrPrefix(text: string): string {
  return text.trim().replace(/^err,\s*/i, '');
}
