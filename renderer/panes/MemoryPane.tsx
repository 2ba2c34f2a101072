// Memory: hex + ASCII view of virtual or physical memory around an address or symbol. Click a
// byte to edit it (two hex digits, Enter writes with `memory:write`). Reloads on every pause.
import { useCallback, useEffect, useState } from 'react';
import { useServices, useSession, useUi } from '../app/context';
import { addHex, formatAddress, parseHexAddress } from '../ui/format';
import { errorText } from '../ui/errors';
import { captureCommand } from '../state/capture';

const BYTES_PER_ROW = 16;
const VIEW_BYTES = 512;

/** Resolves a symbol or expression through HyperDbg's `?` evaluation. */
async function evaluate(session: Parameters<typeof captureCommand>[0], expr: string): Promise<string | null> {
  const { lines } = await captureCommand(session, `? ${expr}`);
  for (const line of lines) {
    const m = /\b([0-9a-f]{1,16})\b/i.exec(line.replace(/`/g, ''));
    if (m) return m[1].toLowerCase();
  }
  return null;
}

export function MemoryPane() {
  const { client, session } = useServices();
  const requested = useUi((s) => s.memoryAddress);
  const generation = useSession((s) => s.pauseGeneration);
  const paused = useSession((s) => s.session.phase === 'paused');
  const [kind, setKind] = useState<'virtual' | 'physical'>('virtual');
  const [input, setInput] = useState('');
  const [address, setAddress] = useState<string | null>(null);
  const [bytes, setBytes] = useState<string>('');
  const [message, setMessage] = useState<string | null>(null);
  const [edit, setEdit] = useState<{ offset: number; text: string } | null>(null);

  useEffect(() => {
    if (requested) {
      setAddress(requested);
      setInput(requested);
    }
  }, [requested]);

  const load = useCallback(async () => {
    if (!address) return;
    try {
      const r = await client.invoke('memory:read', { kind, address, length: VIEW_BYTES });
      setBytes(r.bytes);
      setMessage(r.message);
    } catch (e) {
      setBytes('');
      setMessage(errorText(e));
    }
  }, [client, kind, address]);

  useEffect(() => {
    if (paused) void load();
  }, [load, generation, paused]);

  const go = async () => {
    const hex = parseHexAddress(input);
    if (hex !== null) setAddress(hex);
    else if (input.trim()) {
      const value = await evaluate(session, input.trim());
      if (value) setAddress(value);
      else setMessage(`could not resolve '${input.trim()}' (is the symbol loaded? try lm)`);
    }
  };

  const write = async () => {
    if (!edit || !address) return;
    const clean = edit.text.trim().toLowerCase();
    setEdit(null);
    if (!/^[0-9a-f]{2}$/.test(clean)) {
      setMessage('type two hex digits for a byte');
      return;
    }
    try {
      const r = await client.invoke('memory:write', {
        kind,
        address: addHex(address, edit.offset),
        bytes: clean,
      });
      if (!r.ok) setMessage(r.message);
      await load();
    } catch (e) {
      setMessage(errorText(e));
    }
  };

  const count = bytes.length / 2;
  const rows: number[] = [];
  for (let off = 0; off < Math.max(count, address ? BYTES_PER_ROW : 0); off += BYTES_PER_ROW) rows.push(off);
  const byteAt = (i: number) => (i < count ? bytes.slice(i * 2, i * 2 + 2) : null);

  return (
    <div className="memory">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <input
          aria-label="memory address"
          placeholder="address or symbol (nt!Foo)"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-autofocus
        />
        <select
          aria-label="memory kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'virtual' | 'physical')}
        >
          <option value="virtual">virtual</option>
          <option value="physical">physical</option>
        </select>
        <button type="submit">Go</button>
        {address && (
          <button type="button" onClick={() => setAddress(addHex(address, -VIEW_BYTES))}>
            ◀
          </button>
        )}
        {address && (
          <button type="button" onClick={() => setAddress(addHex(address, VIEW_BYTES))}>
            ▶
          </button>
        )}
      </form>
      {message && <div className="warn">{message}</div>}
      {!address && <div className="empty">Enter an address, or click one in the console or registers.</div>}
      {address && (
        <div className="hex scroll mono" data-testid="memory-view">
          {rows.map((off) => (
            <div key={off} className="hexrow">
              <span className="haddr">{formatAddress(addHex(address, off))}</span>
              <span className="hbytes">
                {Array.from({ length: BYTES_PER_ROW }, (_, j) => {
                  const i = off + j;
                  const b = byteAt(i);
                  if (edit?.offset === i) {
                    return (
                      <input
                        key={j}
                        autoFocus
                        className="hedit"
                        aria-label="new byte value"
                        value={edit.text}
                        maxLength={2}
                        onChange={(e) => setEdit({ offset: i, text: e.target.value })}
                        onKeyDown={(e) => {
                          e.stopPropagation();
                          if (e.key === 'Enter') void write();
                          if (e.key === 'Escape') setEdit(null);
                        }}
                        onBlur={() => setEdit(null)}
                      />
                    );
                  }
                  return (
                    <span
                      key={j}
                      className={b === null ? 'hb unreadable' : 'hb'}
                      tabIndex={b === null ? -1 : 0}
                      onClick={() => b !== null && paused && setEdit({ offset: i, text: b })}
                      onKeyDown={(e) =>
                        e.key === 'Enter' && b !== null && paused && setEdit({ offset: i, text: b })
                      }
                    >
                      {b ?? '??'}
                    </span>
                  );
                })}
              </span>
              <span className="hascii">
                {Array.from({ length: BYTES_PER_ROW }, (_, j) => {
                  const b = byteAt(off + j);
                  if (b === null) return '?';
                  const v = parseInt(b, 16);
                  return v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '.';
                }).join('')}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
