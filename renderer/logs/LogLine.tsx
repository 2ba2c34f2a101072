// The column titles and one log row of the Logs list (time, core, event id, stage, text), at a fixed height so the list
// can be virtualised; an absent entry keeps its slot empty (the missing side of a pre/post pair).
import type { LogEntry } from '../../shared/ipc/model';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';
import { formatLogTime } from '../ui/format';

/** Height of one row in pixels. */
export const LOG_ROW = 18;

export function LogLine({ e }: { e: LogEntry | undefined }) {
  if (!e) return <div className="lrow" style={{ height: LOG_ROW }} />;
  return (
    <div
      className={`lrow k-${e.kind}`}
      style={{ height: LOG_ROW }}
      data-testid="log-row"
      data-id={e.id}
      data-time={e.time}
      data-event={e.eventTag ?? ''}
      data-stage={e.stage ?? ''}
    >
      <span className="lt">{formatLogTime(e.time)}</span>
      <span className="lc">{e.core ?? ''}</span>
      <span className="le">
        {e.eventTag !== null ? (e.eventTag - DebuggerEventTagStartSeed).toString(16) : ''}
      </span>
      <span className={`ls s-${e.stage ?? 'none'}`}>{e.stage ?? ''}</span>
      <span className="lx">{e.text}</span>
    </div>
  );
}

/** The column titles above the rows. */
export function LogHeader() {
  return (
    <div className="lrow lhead" aria-hidden="true">
      <span className="lt">time</span>
      <span className="lc">core</span>
      <span className="le">event</span>
      <span className="ls">stage</span>
      <span className="lx">message</span>
    </div>
  );
}
