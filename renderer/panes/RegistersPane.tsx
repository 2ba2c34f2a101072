// Registers of the paused core, all read from the debuggee: the general-purpose file of the halt
// (rip and rflags first; values that changed since the previous pause are highlighted), RFLAGS
// decoded into flags you can flip, segment selectors decoded, and the control, debug,
// descriptor-table and task registers read by id on every halt (`registers:read`, as `r cr0`).
// Enter or double-click edits a value; every edit is written through the debuggee
// (`registers:write`, as `r NAME=VALUE`) and read back.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import { parseHexAddress } from '../ui/format';
import { errorText } from '../ui/errors';
import { registerDisplayOrder } from '../ui/register-order';
import {
  decodeSelector,
  describeRegister,
  iopl,
  isBitSet,
  RFLAGS_BITS,
  toggleBit,
} from '../ui/register-decode';
import { usePausedQuery } from './use-paused-query';

const SEGMENTS = ['cs', 'ds', 'es', 'fs', 'gs', 'ss'];
/** Read by id on each halt: the all-registers answer of HyperDbg v0.23 does not carry them. */
const SYSTEM_GROUPS: readonly { readonly title: string; readonly names: readonly string[] }[] = [
  { title: 'Control', names: ['cr0', 'cr2', 'cr3', 'cr4', 'cr8'] },
  { title: 'Debug', names: ['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'] },
  { title: 'Descriptor tables', names: ['gdtr', 'idtr', 'ldtr', 'tr'] },
];
const SYSTEM_NAMES = SYSTEM_GROUPS.flatMap((g) => g.names);

interface Editing {
  readonly name: string;
  readonly value: string;
}

export function RegistersPane() {
  const { client, session } = useServices();
  const paused = useSession((s) => s.paused);
  const last = useSession((s) => s.lastPaused);
  const ctx = paused ?? last;
  const previous = useRef<Map<string, string>>(new Map());
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Editing | null>(null);
  // Values written since this halt: the PAUSED packet's register file predates them.
  const [written, setWritten] = useState<ReadonlyMap<string, string>>(new Map());
  const loadSystem = useCallback(
    async () => (await client.invoke('registers:read', { names: SYSTEM_NAMES })).registers,
    [client],
  );
  const system = usePausedQuery(loadSystem);

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

  const write = async (name: string, text: string) => {
    const value = parseHexAddress(text);
    if (value === null) {
      session.getState().note('error', `'${text}' is not a hex value for ${name}`);
      return;
    }
    try {
      const r = await client.invoke('registers:write', { name, value });
      if (!r.ok) {
        if (r.message) session.getState().note('error', r.message);
        return;
      }
      if (SYSTEM_NAMES.includes(name)) system.refresh();
      else setWritten((w) => new Map(w).set(name, value));
    } catch (e) {
      session.getState().note('error', errorText(e));
    }
  };
  const commit = () => {
    if (!editing) return;
    setEditing(null);
    void write(editing.name, editing.value);
  };
  const startEdit = (name: string, value: string) => {
    if (paused && !editing) setEditing({ name, value });
  };
  const cell = (name: string, value: string, width: number) =>
    editing?.name === name ? (
      <input
        autoFocus
        aria-label={`new value of ${name}`}
        value={editing.value}
        onChange={(e) => setEditing({ name, value: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setEditing(null);
          e.stopPropagation();
        }}
        onBlur={() => setEditing(null)}
      />
    ) : (
      <ValueLink value={value} width={width} />
    );

  if (!ctx) return <div className="empty">Registers appear when the debuggee is paused.</div>;
  const value = (name: string) => written.get(name) ?? ctx.registers.find((r) => r.name === name)?.value;
  const general = registerDisplayOrder(ctx.registers).filter((r) => !SEGMENTS.includes(r.name));
  const rflagsText = value('rflags');
  const rflags = rflagsText === undefined ? null : BigInt(`0x${rflagsText}`);
  return (
    <div className={`registers scroll ${paused ? '' : 'stale'}`} data-testid="registers">
      <table className="grid compact" aria-label="registers">
        <tbody>
          {general.map(({ name }) => {
            const v = value(name) ?? '0';
            return (
              <tr
                key={name}
                tabIndex={0}
                data-testid={`reg-${name}`}
                className={written.has(name) || changed.has(name) ? 'changed' : ''}
                onDoubleClick={() => startEdit(name, v)}
                onKeyDown={(e) => e.key === 'Enter' && startEdit(name, v)}
              >
                <td className="rname">{name}</td>
                <td className="mono">{cell(name, v, 16)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {rflags !== null && (
        <section className="reg-group" aria-label="flags" data-testid="reg-flags">
          <h4>
            Flags <span className="dim">IOPL {iopl(rflags)}</span>
          </h4>
          <div className="flag-chips">
            {RFLAGS_BITS.map((flag) => {
              const set = isBitSet(rflags, flag.bit);
              return (
                <button
                  key={flag.name}
                  type="button"
                  className={set ? 'flag set' : 'flag'}
                  data-testid={`flag-${flag.name}`}
                  aria-pressed={set}
                  disabled={!paused}
                  title={`${flag.title} (bit ${flag.bit}): click to ${set ? 'clear' : 'set'} it (r rflags=…)`}
                  onClick={() => void write('rflags', toggleBit(rflags, flag.bit).toString(16))}
                >
                  {flag.name} {set ? 1 : 0}
                </button>
              );
            })}
          </div>
        </section>
      )}

      <section className="reg-group" aria-label="segment registers">
        <h4>Segments</h4>
        <table className="grid compact">
          <tbody>
            {SEGMENTS.map((name) => {
              const v = value(name);
              if (v === undefined) return null;
              const selector = decodeSelector(BigInt(`0x${v}`));
              return (
                <tr key={name} data-testid={`reg-${name}`} title={`selector ${v}`}>
                  <td className="rname">{name}</td>
                  <td className="mono">{BigInt(`0x${v}`).toString(16).padStart(4, '0')}</td>
                  <td className="dim" data-testid="selector">
                    {selector.table}[{selector.index.toString(16)}] RPL {selector.rpl}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      {SYSTEM_GROUPS.map((group) => (
        <section key={group.title} className="reg-group" aria-label={`${group.title} registers`}>
          <h4>{group.title}</h4>
          {system.error !== null && <div className="error">{system.error}</div>}
          <table className="grid compact">
            <tbody>
              {group.names.map((name) => {
                const reading = system.value?.find((r) => r.name === name);
                const v = reading?.value ?? null;
                const meaning = v === null ? null : describeRegister(name, BigInt(`0x${v}`));
                return (
                  <tr
                    key={name}
                    tabIndex={0}
                    data-testid={`reg-${name}`}
                    onDoubleClick={() => v !== null && startEdit(name, v)}
                    onKeyDown={(e) => e.key === 'Enter' && v !== null && startEdit(name, v)}
                  >
                    <td className="rname">{name}</td>
                    <td className="mono">
                      {v !== null ? (
                        <>
                          {cell(name, v, 16)}
                          {meaning && (
                            <div className="dim reg-meaning" data-testid="meaning">
                              {meaning}
                            </div>
                          )}
                        </>
                      ) : (
                        <span className="dim">{reading?.error ?? (system.loading ? 'reading…' : '—')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}

      <section className="reg-group" aria-label="xmm registers" data-testid="reg-xmm">
        <h4>XMM</h4>
        <div className="dim">
          Not readable in Debugger Mode: HyperDbg v0.23's register ids (REGS_ENUM) end at dr7, and its script
          engine has no xmm register, pseudo-register or function, so neither `r`, `?` nor the debugging link
          can read them (hyperhv saves xmm0-xmm5 of a halted core only to restore them itself).
        </div>
      </section>
    </div>
  );
}

/** A register value that opens Memory at that address. */
function ValueLink({ value, width }: { value: string; width: number }) {
  const { ui } = useServices();
  return (
    <a
      href="#"
      className="addr"
      onClick={(e) => {
        e.preventDefault();
        ui.getState().showMemory(value);
      }}
      title="show in Memory"
    >
      {value.padStart(width, '0')}
    </a>
  );
}
