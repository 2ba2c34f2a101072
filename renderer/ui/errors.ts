// Text for a failed IPC call (IpcCallError carries the host's actionable message).
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
