// Logs → Sessions: how long the session archive keeps logs (the Settings' logRetention). Saving
// applies the limits to the archive at once (main deletes the oldest ended sessions beyond them)
// and the free-disk floor from the next session on.
import { useEffect, useState } from 'react';
import { useServices } from '../app/context';
import type { LogRetention } from '../../shared/ipc/model';
import { errorText } from '../ui/errors';
import {
  draftOf,
  parseRetention,
  RETENTION_FIELDS as FIELDS,
  type RetentionDraft as Draft,
} from './retention';

export function RetentionSettings({ onApplied }: { onApplied: () => void }) {
  const { client } = useServices();
  const [saved, setSaved] = useState<LogRetention | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    client.invoke('settings:get', {}).then(
      (s) => {
        setSaved(s.logRetention);
        setDraft(draftOf(s.logRetention));
      },
      (e) => setMessage(errorText(e)),
    );
  }, [client]);

  if (!draft || !saved) return message ? <div className="note error">{message}</div> : null;
  const typed = parseRetention(draft);
  const shown = draftOf(saved);
  const changed = FIELDS.some(({ key }) => draft[key].trim() !== shown[key]);

  const apply = async () => {
    if ('invalid' in typed) return;
    setMessage(null);
    try {
      const s = await client.invoke('settings:set', { patch: { logRetention: typed } });
      setSaved(s.logRetention);
      setDraft(draftOf(s.logRetention));
      onApplied();
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  return (
    <fieldset aria-label="log retention" className="logs-retention">
      <legend>Retention (0: no limit; the oldest ended sessions go first)</legend>
      {FIELDS.map(({ key, label, unit }) => (
        <label key={key}>
          {label}{' '}
          <input
            aria-label={`${label} ${unit}`}
            inputMode="numeric"
            size={6}
            value={draft[key]}
            onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void apply();
            }}
          />{' '}
          {unit}
        </label>
      ))}
      <button onClick={() => void apply()} disabled={!changed || 'invalid' in typed}>
        Apply
      </button>
      {'invalid' in typed && <span className="error">{typed.invalid}</span>}
      {message && (
        <div className="error" role="alert">
          {message}
        </div>
      )}
    </fieldset>
  );
}
