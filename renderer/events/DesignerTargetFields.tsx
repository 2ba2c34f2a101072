// What the designed event watches: the monitor's access and range, the target its type names
// (address, MSR, vector...) and !crwrite's mask.
import { EVENT_KINDS, type EventDraft, type MonitorAccess } from './event-draft';

interface Props {
  readonly draft: EventDraft;
  set(patch: Partial<EventDraft>): void;
  problemFor(field: keyof EventDraft): string | undefined;
}

const MONITOR_ACCESS: readonly MonitorAccess[] = ['r', 'w', 'x', 'rw', 'rx', 'wx', 'rwx'];

export function DesignerTargetFields({ draft: d, set, problemFor }: Props) {
  const info = EVENT_KINDS[d.kind];
  return (
    <>
      {d.kind === 'monitor' && (
        <label>
          Access
          <select
            aria-label="monitor access"
            value={d.monitorAccess}
            onChange={(e) => set({ monitorAccess: e.target.value as MonitorAccess })}
          >
            {MONITOR_ACCESS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
      )}
      {info.target && (
        <label className={problemFor('target') ? 'invalid' : ''}>
          {info.target}
          <input
            aria-label="event target"
            value={d.target}
            onChange={(e) => set({ target: e.target.value })}
            title={problemFor('target')}
          />
        </label>
      )}
      {d.kind === 'monitor' && (
        <>
          <label className={problemFor('monitorEnd') ? 'invalid' : ''}>
            {d.monitorByLength ? 'length (hex)' : 'to address (inclusive)'}
            <input
              aria-label="monitor end"
              value={d.monitorEnd}
              onChange={(e) => set({ monitorEnd: e.target.value })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={d.monitorByLength}
              onChange={(e) => set({ monitorByLength: e.target.checked })}
            />{' '}
            by length
          </label>
        </>
      )}
      {d.kind === 'crwrite' && (
        <label>
          mask (hex, optional)
          <input aria-label="crwrite mask" value={d.mask} onChange={(e) => set({ mask: e.target.value })} />
        </label>
      )}
    </>
  );
}
