// The designer's common event options: stage (locked for pre-only types), pid, core, safe buffer,
// imm, sc and condition bytes.
import { EVENT_KINDS, type EventDraft, type Stage } from './event-draft';

interface Props {
  readonly draft: EventDraft;
  set(patch: Partial<EventDraft>): void;
  problemFor(field: keyof EventDraft): string | undefined;
}

export function DesignerFilterFields({ draft: d, set, problemFor }: Props) {
  const info = EVENT_KINDS[d.kind];
  return (
    <>
      <label className={problemFor('stage') ? 'invalid' : ''}>
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
      <label className={problemFor('pid') ? 'invalid' : ''}>
        pid (hex)
        <input
          aria-label="pid"
          value={d.pid}
          onChange={(e) => set({ pid: e.target.value })}
          placeholder="all"
        />
      </label>
      <label className={problemFor('core') ? 'invalid' : ''}>
        core (hex)
        <input
          aria-label="core"
          value={d.core}
          onChange={(e) => set({ core: e.target.value })}
          placeholder="all"
        />
      </label>
      <label className={problemFor('buffer') ? 'invalid' : ''}>
        buffer (hex)
        <input
          aria-label="safe buffer"
          value={d.buffer}
          onChange={(e) => set({ buffer: e.target.value })}
          placeholder="none"
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          aria-label="immediate messages"
          checked={d.imm}
          onChange={(e) => set({ imm: e.target.checked })}
        />{' '}
        imm
      </label>
      <label className={`check ${problemFor('shortCircuit') ? 'invalid' : ''}`}>
        <input
          type="checkbox"
          aria-label="short-circuit"
          checked={d.shortCircuit}
          onChange={(e) => set({ shortCircuit: e.target.checked })}
        />{' '}
        sc on
      </label>
      <label className={`wide ${problemFor('condition') ? 'invalid' : ''}`}>
        condition (hex bytes, optional)
        <input
          aria-label="condition bytes"
          value={d.condition}
          onChange={(e) => set({ condition: e.target.value })}
          placeholder="e.g. 48 31 c0"
        />
      </label>
    </>
  );
}
