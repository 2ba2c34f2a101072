// Memory: virtual or physical memory at an address expression (`@rsp+8`, `nt!Foo`, `poi(@rcx)`,
// evaluated by the debuggee; errors shown here, nothing printed in the console), in the layouts
// of db/dw/dd/dq/dps/da/du, with pointer following and in-place edits. Reloads on every halt.
import { useState } from 'react';
import { MEMORY_FORMATS, type MemoryFormat } from '../memory/memory-format';
import { MemoryRows } from '../memory/MemoryRows';
import type { MemoryKind } from '../../shared/ipc';
import { useMemoryView, VIEW_BYTES } from '../memory/use-memory-view';

export function MemoryPane() {
  const [kind, setKind] = useState<MemoryKind>('virtual');
  const [format, setFormat] = useState<MemoryFormat>('db');
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const view = useMemoryView(format, kind);

  return (
    <div className="memory">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void view.goTo(input).then(setInputError);
        }}
      >
        <input
          aria-label="memory address"
          placeholder="address or expression (@rsp+8, nt!Foo)"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-autofocus
        />
        <select aria-label="memory kind" value={kind} onChange={(e) => setKind(e.target.value as MemoryKind)}>
          <option value="virtual">virtual</option>
          <option value="physical">physical</option>
        </select>
        <select
          aria-label="memory format"
          value={format}
          onChange={(e) => setFormat(e.target.value as MemoryFormat)}
        >
          {MEMORY_FORMATS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="submit">Go</button>
        {view.address && (
          <>
            <button type="button" aria-label="previous page" onClick={() => view.page(-1)}>
              ◀
            </button>
            <button type="button" aria-label="next page" onClick={() => view.page(1)}>
              ▶
            </button>
          </>
        )}
      </form>
      {inputError && (
        <div className="error" data-testid="memory-address-error">
          {inputError}
        </div>
      )}
      {view.message && <div className="warn">{view.message}</div>}
      {!view.address && (
        <div className="empty">Enter an address or expression, or click one in the console or registers.</div>
      )}
      {view.address && (
        <MemoryRows
          address={view.address}
          bytes={view.bytes}
          viewBytes={VIEW_BYTES}
          format={format}
          symbols={view.symbols}
          editable={view.paused}
          onWrite={(offset, bytes) => void view.write(offset, bytes)}
          onFollow={view.follow}
          onError={view.setMessage}
        />
      )}
    </div>
  );
}
