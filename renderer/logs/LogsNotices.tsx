// The notes above the Logs list: the archived session browsed, storage trouble, a failed call,
// the progress of a long one (with Cancel) and where an export went.
import type { LogCounts } from '../../shared/ipc/model';
import type { LogProgress } from './use-tracked-calls';

interface Props {
  readonly source: string | null;
  readonly counts: LogCounts | null;
  readonly problem: string | null;
  readonly progress: LogProgress | null;
  readonly exported: { path: string; url: string | null; count: number } | null;
  onBackToLive(): void;
  onDismissProblem(): void;
  onCancel(requestId: number): void;
  onDismissExport(): void;
}

export function LogsNotices({ source, counts, problem, progress, exported, ...on }: Props) {
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <>
      {source !== null && (
        <div className="note" data-testid="logs-source">
          Archived session <code>{source}</code>
          <button onClick={on.onBackToLive}>back to live</button>
        </div>
      )}
      {counts?.storageStopped && source === null && (
        <div className="note error" role="alert">
          Storing stopped: {counts.storageStopped}. The session continues; new rows are shown live only.
        </div>
      )}
      {counts && counts.notStored > 0 && !counts.storageStopped && source === null && (
        <div className="note error" role="alert" data-testid="logs-not-stored">
          {counts.notStored.toLocaleString()} rows were shown live but not stored: the log store fell behind
          (see the console). Searches and exports do not have them.
        </div>
      )}
      {problem && (
        <div className="note error" role="alert" data-testid="logs-problem">
          {problem}
          <button onClick={on.onDismissProblem} aria-label="dismiss">
            ×
          </button>
        </div>
      )}
      {progress && (
        <div className="note" data-testid="logs-progress">
          {progress.label}… {percent !== null ? `${percent} %` : ''}
          <progress max={100} value={percent ?? undefined} />
          <button onClick={() => on.onCancel(progress.requestId)}>Cancel</button>
        </div>
      )}
      {exported && (
        <div className="note" data-testid="logs-exported">
          Exported {exported.count.toLocaleString()} entries to <code>{exported.path}</code>
          {exported.url && (
            <>
              {' '}
              ·{' '}
              <a href={exported.url} download>
                download
              </a>
            </>
          )}
          <button onClick={on.onDismissExport} aria-label="dismiss">
            ×
          </button>
        </div>
      )}
    </>
  );
}
