// The status bar's one-line summary of where the debuggee is paused. Ids are hex like HyperDbg
// prints them; "?" marks what the session could not learn (0 is a real id: the idle process).
import type { PausedContext } from '../../shared/ipc/model';

function hexOrUnknown(id: number | null): string {
  return id === null ? '?' : id.toString(16);
}

/** e.g. `core 0 · pid 4 (System) · tid 8 · break-in`; `pid ? · tid ?` when unknown. */
export function pausedContextText(paused: PausedContext): string {
  const name = paused.processName ? ` (${paused.processName})` : '';
  return [
    `core ${paused.core}`,
    `pid ${hexOrUnknown(paused.processId)}${name}`,
    `tid ${hexOrUnknown(paused.threadId)}`,
    paused.reason,
  ].join(' · ');
}

/** Tooltip with the kernel objects behind the ids, when known. */
export function pausedObjectsTitle(paused: PausedContext): string | undefined {
  const parts: string[] = [];
  if (paused.process !== null) parts.push(`EPROCESS ${paused.process}`);
  if (paused.thread !== null) parts.push(`ETHREAD ${paused.thread}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
