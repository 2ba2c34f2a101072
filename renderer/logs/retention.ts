// The Logs → Sessions retention form's fields, and the typed text read as the Settings' limits.
import type { LogRetention } from '../../shared/ipc/model';

export const RETENTION_FIELDS: readonly { key: keyof LogRetention; label: string; unit: string }[] = [
  { key: 'maxSessions', label: 'keep at most', unit: 'sessions' },
  { key: 'maxAgeDays', label: 'delete ended sessions after', unit: 'days' },
  { key: 'maxTotalMb', label: 'keep the archive under', unit: 'MB' },
  { key: 'minFreeMb', label: 'stop storing below', unit: 'MB free on the disk' },
];

export type RetentionDraft = Record<keyof LogRetention, string>;

/** The saved limits as the form shows them. */
export const draftOf = (retention: LogRetention): RetentionDraft => ({
  maxSessions: String(retention.maxSessions),
  maxAgeDays: String(retention.maxAgeDays),
  maxTotalMb: String(retention.maxTotalMb),
  minFreeMb: String(retention.minFreeMb),
});

/** The typed limits, or the first field that is not a whole number ≥ 0. */
export function parseRetention(draft: RetentionDraft): LogRetention | { invalid: string } {
  const parsed: Partial<Record<keyof LogRetention, number>> = {};
  for (const { key, label, unit } of RETENTION_FIELDS) {
    const text = draft[key].trim();
    if (!/^\d+$/.test(text)) return { invalid: `"${label} … ${unit}" needs a whole number (0: no limit)` };
    parsed[key] = Number(text);
  }
  return parsed as LogRetention;
}
