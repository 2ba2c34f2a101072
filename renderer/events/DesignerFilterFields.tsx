// The designer's common event options: stage (locked for pre-only types), pid, core, safe buffer,
// imm, sc and condition bytes.
import { EVENT_KINDS, type EventDraft, type Stage } from './event-draft';

interface Props {
  readonly draft: EventDraft;
  set(patch: Partial<EventDraft>): void;
  problemFor(field: keyof EventDraft): string | undefined;
}

/** The options after Stage, in their order: a text box or a switch, its label and accessible name. */
const OPTION_FIELDS: readonly (
  | {
      kind: 'text';
      field: 'pid' | 'core' | 'buffer' | 'condition';
      label: string;
      name: string;
      placeholder: string;
    }
  | { kind: 'check'; field: 'imm' | 'shortCircuit'; label: string; name: string }
)[] = [
  { kind: 'text', field: 'pid', label: 'pid (hex)', name: 'pid', placeholder: 'all' },
  { kind: 'text', field: 'core', label: 'core (hex)', name: 'core', placeholder: 'all' },
  { kind: 'text', field: 'buffer', label: 'buffer (hex)', name: 'safe buffer', placeholder: 'none' },
  { kind: 'check', field: 'imm', label: 'imm', name: 'immediate messages' },
  { kind: 'check', field: 'shortCircuit', label: 'sc on', name: 'short-circuit' },
  {
    kind: 'text',
    field: 'condition',
    label: 'condition (hex bytes, optional)',
    name: 'condition bytes',
    placeholder: 'e.g. 48 31 c0',
  },
];

/** Class of a field's label: its layout (a switch, a full-width row) plus `invalid` while it has a problem. */
function labelClass(spec: (typeof OPTION_FIELDS)[number] | null, problem: string | undefined): string {
  const layout = spec?.kind === 'check' ? 'check' : spec?.field === 'condition' ? 'wide' : '';
  return [layout, problem ? 'invalid' : ''].filter(Boolean).join(' ');
}

export function DesignerFilterFields({ draft: d, set, problemFor }: Props) {
  const info = EVENT_KINDS[d.kind];
  return (
    <>
      <label className={labelClass(null, problemFor('stage'))}>
        Stage
        <select
          aria-label="stage"
          value={d.stage}
          disabled={info.preOnly}
          onChange={(e) => set({ stage: e.target.value as Stage })}
          title={info.preOnly ? `!${d.kind} runs in the pre stage only` : ''}
        >
          <option value="pre">pre</option>
          <option value="post">post</option>
          <option value="all">all</option>
        </select>
      </label>
      {OPTION_FIELDS.map((spec) => (
        <label key={spec.field} className={labelClass(spec, problemFor(spec.field))}>
          {spec.kind === 'text' ? (
            <>
              {spec.label}
              <input
                aria-label={spec.name}
                value={d[spec.field]}
                onChange={(e) => set({ [spec.field]: e.target.value })}
                placeholder={spec.placeholder}
              />
            </>
          ) : (
            <>
              <input
                type="checkbox"
                aria-label={spec.name}
                checked={d[spec.field]}
                onChange={(e) => set({ [spec.field]: e.target.checked })}
              />{' '}
              {spec.label}
            </>
          )}
        </label>
      ))}
    </>
  );
}
