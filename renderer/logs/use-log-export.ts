// Logs export: where to (Electron's save dialog, or the host's export folder in browser mode),
// run as a tracked call, and where the file went.
import { useState } from 'react';
import type { IpcClient } from '../../shared/ipc/client';
import type { LogFilter } from '../../shared/ipc/model';
import type { SessionStore } from '../state/session-store';
import { errorText } from '../ui/errors';
import type { useTrackedCalls } from './use-tracked-calls';

export interface ExportedFile {
  readonly path: string;
  readonly url: string | null;
  readonly count: number;
}

export function useLogExport(
  client: IpcClient,
  session: SessionStore,
  { tracked, mounted }: Pick<ReturnType<typeof useTrackedCalls>, 'tracked' | 'mounted'>,
) {
  const [exported, setExported] = useState<ExportedFile | null>(null);
  /** Exports the rows of `from` (null: the live session) that match `filter`. */
  const exportLogs = async (format: 'jsonl' | 'csv', from: string | null, filter: LogFilter) => {
    let path: string | null = null;
    try {
      const chosen = await client.invoke('logs:choose-export-path', { format });
      if (chosen.available) {
        if (chosen.path === null) return; // the user cancelled the save dialog
        path = chosen.path;
      }
    } catch (e) {
      session.getState().note('error', `export: ${errorText(e)}`);
      return;
    }
    const r = await tracked(`exporting ${format.toUpperCase()}`, (requestId) =>
      client.invoke('logs:export', { session: from, format, filter, path, requestId }),
    );
    if (r && mounted.current) setExported({ path: r.path, url: r.downloadUrl, count: r.count });
  };
  return { exported, dismissExported: () => setExported(null), exportLogs };
}
