// Registers of the paused core; values that changed since the previous pause are highlighted.
// Enter or double-click edits a value (`registers:write`, as `r NAME=VALUE`).
import { useEffect, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import { parseHexAddress } from '../ui/format';
import { errorText } from '../ui/errors';
import { registerDisplayOrder } from '../ui/register-order';

export function RegistersPane() {
  const { client, session, ui } = useServices();
  const paused = useSession((s) => s.paused);
  const last = useSession((s) => s.lastPaused);
  const ctx = paused ?? last;
  const previous = useRef<Map<string, string>>(new Map());
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<{ name: string; value: string } | null>(null);
  // Values written since this halt: the PAUSED packet's register file predates them.
  const [written, setWritten] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    if (!paused) return;
    const next = new Map(paused.registers.map((r) => [r.name, r.value]));
    const diff = new Set<string>();
    for (const [name, value] of next)
      if (previous.current.size > 0 && previous.current.get(name) !== value) diff.add(name);
    previous.current = next;
    setChanged(diff);
    setWritten(new Map());
  }, [paused]);

  const commit = async () => {
    if (!editing) return;
    const value = parseHexAddress(editing.value);
    setEditing(null);
    if (value === null) {
      session.getState().note('error', `'${editing.value}' is not a hex value for ${editing.name}`);
      return;
    }
    try {
      const r = await client.invoke('registers:write', { name: editing.name, value });
      if (r.ok) setWritten((w) => new Map(w).set(editing.name, value));
      else if (r.message) session.getState().note('error', r.message);
    } catch (e) {
      session.getState().note('error', errorText(e));
    }
  };

  if (!ctx) return <div className="empty">Registers appear when the debuggee is paused.</div>;
  return (
    <div className={`registers scroll ${paused ? '' : 'stale'}`} data-testid="registers">
      <table className="grid compact" aria-label="registers">
        <tbody>
          {registerDisplayOrder(ctx.registers)
            .map(({ name, value }) => ({ name, value: written.get(name) ?? value }))
            .map((r) => (
              <tr
                key={r.name}
                tabIndex={0}
                data-testid={`reg-${r.name}`}
                className={written.has(r.name) || changed.has(r.name) ? 'changed' : ''}
                onDoubleClick={() => paused && setEditing({ name: r.name, value: r.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && paused && !editing) setEditing({ name: r.name, value: r.value });
                }}
              >
                <td className="rname">{r.name}</td>
                <td className="mono">
                  {editing?.name === r.name ? (
                    <input
                      autoFocus
                      aria-label={`new value of ${r.name}`}
                      value={editing.value}
                      onChange={(e) => setEditing({ name: r.name, value: e.target.value })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') void commit();
                        if (e.key === 'Escape') setEditing(null);
                        e.stopPropagation();
                      }}
                      onBlur={() => setEditing(null)}
                    />
                  ) : (
                    <a
                      href="#"
                      className="addr"
                      onClick={(e) => {
                        e.preventDefault();
                        ui.getState().showMemory(r.value);
                      }}
                      title="show in Memory"
                    >
                      {r.value.padStart(16, '0')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
