// The live table of every event of the session (row keys e/d/c enable, disable, clear; ↑/↓ move),
// with enable/disable/clear all (clear all asks first: it cannot be undone). Fixed columns whose
// text wraps between words only, so the table fits a narrow right column instead of running past it.
import { useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { EventRow } from '../../shared/ipc/model';
import { useServices, useSession } from '../app/context';
import { useModifyEvents, type ModifyAction } from './use-modify-events';

function actionsText(row: EventRow): string {
  return (
    row.actions
      .map((a) => (a.bufferSize ? `${a.kind}(buffer ${a.bufferSize.toString(16)})` : a.kind))
      .join(', ') || 'break'
  );
}

function filtersText(row: EventRow): string {
  const parts: string[] = [];
  if (row.pid !== null) parts.push(`pid ${row.pid.toString(16)}`);
  if (row.core !== null) parts.push(`core ${row.core.toString(16)}`);
  if (row.condition) parts.push('condition');
  if (row.shortCircuit) parts.push('sc');
  if (!row.immediate) parts.push('imm no');
  return parts.join(' · ');
}

/**
 * The target as unbreakable words: a line breaks between words or on either side of a range's
 * `..`, never inside an address; a word wider than the column ends in an ellipsis (the row's
 * tooltip has the whole command).
 */
function TargetWords({ text }: { text: string }) {
  return text
    .split(/(\s+)/)
    .filter((piece) => piece !== '')
    .map((piece, i) =>
      /^\s/.test(piece) ? (
        ' '
      ) : (
        <span key={i}>
          {piece
            .split(/(\.\.)/)
            .filter((word) => word !== '')
            .map((word, j) => (
              <span key={j}>
                {j > 0 && <wbr />}
                <span className="word" data-testid="target-word">
                  {word}
                </span>
              </span>
            ))}
        </span>
      ),
    );
}

export function EventsTable() {
  const events = useSession((s) => s.events);
  const paused = useSession((s) => s.session.phase === 'paused');
  const modify = useModifyEvents();
  const [confirmClear, setConfirmClear] = useState(false);
  const { ui } = useServices();
  const onRowKey = (e: ReactKeyboardEvent, row: EventRow) => {
    const map: Record<string, ModifyAction> = { e: 'enable', d: 'disable', c: 'clear' };
    const action = map[e.key.toLowerCase()];
    if (action && paused) {
      e.preventDefault();
      void modify(action, row.tag);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const sibling = (
        e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
      ) as HTMLElement | null;
      sibling?.focus();
    }
  };
  return (
    <div className="events-table scroll">
      <table className="grid events-grid" aria-label="events">
        <colgroup>
          <col className="col-id" />
          <col />
          <col className="col-hits" />
          <col className="col-state" />
        </colgroup>
        <thead>
          <tr>
            <th>id</th>
            <th>event</th>
            <th className="num" title="hits before the event's effect (pre) / after it (post)">
              pre/post
            </th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {events.map((row) => (
            <tr
              key={row.tag}
              tabIndex={0}
              data-testid={`event-row-${row.id.toString(16)}`}
              data-state={row.state}
              onKeyDown={(e) => onRowKey(e, row)}
              title={row.commandText}
            >
              <td className="mono">{row.id.toString(16)}</td>
              <td className="event-cell">
                <span className="mono" data-testid="event-type">
                  {row.type}
                </span>{' '}
                <span className="mono" data-testid="event-target">
                  <TargetWords text={row.target} />
                </span>
                <div className="dim">
                  stage <span data-testid="event-stage">{row.stage ?? '—'}</span>
                  {filtersText(row) && ` · ${filtersText(row)}`} · {actionsText(row)}
                </div>
              </td>
              <td className="num">
                <span data-testid="hits-pre">{row.hits.pre}</span>
                <br />
                <span data-testid="hits-post">{row.hits.post}</span>
              </td>
              <td className="event-state-cell">
                <div className={`st-${row.state}`} data-testid="event-state">
                  {row.state === 'clear-pending' ? 'clear pending (until g)' : row.state}
                </div>
                <div className="row-actions">
                  <button
                    disabled={!paused || row.state !== 'disabled'}
                    onClick={() => void modify('enable', row.tag)}
                    title="enable (e)"
                  >
                    e
                  </button>
                  <button
                    disabled={!paused || row.state !== 'enabled'}
                    onClick={() => void modify('disable', row.tag)}
                    title="disable (d)"
                  >
                    d
                  </button>
                  <button
                    disabled={!paused || row.state === 'clear-pending'}
                    onClick={() => void modify('clear', row.tag)}
                    title="clear (c): removed after the next g"
                  >
                    c
                  </button>
                  {row.actions.some((a) => a.kind === 'script') && (
                    <button
                      onClick={() =>
                        ui.getState().loadScript(row.actions.find((a) => a.kind === 'script')?.body ?? '')
                      }
                      title="open the script in the editor"
                    >
                      ✎
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {events.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">
                No events. Build one below or type an event command in the console.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {events.length > 0 && (
        <div className="row">
          <button disabled={!paused} onClick={() => void modify('enable', 'all')}>
            enable all
          </button>
          <button disabled={!paused} onClick={() => void modify('disable', 'all')}>
            disable all
          </button>
          {confirmClear ? (
            <span className="confirm-inline" role="alertdialog" aria-label="confirm clear all">
              Clear all {events.length} events?{' '}
              <button
                className="danger"
                data-testid="clear-all-confirm"
                autoFocus
                onClick={() => {
                  setConfirmClear(false);
                  void modify('clear', 'all');
                }}
              >
                events c all
              </button>
              <button onClick={() => setConfirmClear(false)}>Cancel</button>
            </span>
          ) : (
            <button disabled={!paused} data-testid="clear-all" onClick={() => setConfirmClear(true)}>
              clear all…
            </button>
          )}
          <span className="dim">
            Clearing disables at once; HyperDbg removes the event after the next continue.
          </span>
        </div>
      )}
    </div>
  );
}
