// Logs → Sessions: the session archive (read when the panel opens), each session with Open, its
// exports and Delete (not the live one), and the archive's retention.
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { ArchivedSession } from '../../shared/ipc/model';
import { errorText } from '../ui/errors';
import { RetentionSettings } from './RetentionSettings';

interface Props {
  /** The archived session browsed now, or null for the live one. */
  readonly source: string | null;
  /** Browse an archived session (null: the live one). */
  onOpen(source: string | null): void;
  /** The session browsed now was deleted. */
  onSourceDeleted(): void;
  onExport(format: 'jsonl' | 'csv', session: string): void;
  onProblem(message: string): void;
}

export function LogSessionsPanel({ source, onOpen, onSourceDeleted, onExport, onProblem }: Props) {
  const { client } = useServices();
  const [sessions, setSessions] = useState<{ folder: string; list: ArchivedSession[] } | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await client.invoke('logs:sessions', {});
      setSessions({ folder: r.folder, list: r.sessions });
    } catch (e) {
      onProblem(errorText(e));
    }
  }, [client, onProblem]);
  useEffect(() => void load(), [load]);

  const remove = async (id: string) => {
    try {
      await client.invoke('logs:delete-session', { session: id });
      if (source === id) onSourceDeleted();
      await load();
    } catch (e) {
      onProblem(errorText(e));
    }
  };

  return (
    <div className="logs-sessions" data-testid="logs-session-list">
      <div className="note">
        Archive: <code>{sessions?.folder ?? '…'}</code>
      </div>
      <RetentionSettings onApplied={() => void load()} />
      <table>
        <thead>
          <tr>
            <th>started</th>
            <th>endpoint</th>
            <th>rows</th>
            <th>size</th>
            <th>state</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(sessions?.list ?? []).map((s) => (
            <tr key={s.id} data-testid="logs-session" data-session={s.id}>
              <td>{new Date(s.started).toLocaleString()}</td>
              <td>{s.endpoint}</td>
              <td>{s.rows.toLocaleString()}</td>
              <td>{(s.bytes / 1024 / 1024).toFixed(1)} MB</td>
              <td>{s.status}</td>
              <td>
                <button onClick={() => onOpen(s.status === 'live' ? null : s.id)}>Open</button>
                <button onClick={() => onExport('jsonl', s.id)}>JSONL</button>
                <button onClick={() => onExport('csv', s.id)}>CSV</button>
                <button disabled={s.status === 'live'} onClick={() => void remove(s.id)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
