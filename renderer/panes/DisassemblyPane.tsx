// Disassembly: the instructions around RIP from each PAUSED packet (the view follows RIP), or the
// instructions at an address opened from elsewhere, read through `debug:disassemble` (nothing is
// printed to the console). Clicking the gutter sets a breakpoint (`bp ADDRESS`) and marks the line.
import { Fragment, useEffect, useRef, useState } from 'react';
import { useServices, useSession, useUi } from '../app/context';
import { formatAddress, parseHexAddress } from '../ui/format';
import { errorText } from '../ui/errors';

/** Instructions read when an address is opened (a screenful). */
const LINES_AT_ADDRESS = 32;

interface Line {
  readonly address: string;
  readonly bytes: string;
  readonly text: string;
  readonly current: boolean;
  /** `module!name+0x..` when symbols know the address. */
  readonly symbol?: string | null;
}

/** A symbol label goes above a line that starts a function, and above the first line shown. */
function symbolLabel(line: Line, index: number): string | null {
  if (!line.symbol) return null;
  return index === 0 || !line.symbol.includes('+') ? line.symbol : null;
}

export function DisassemblyPane() {
  const { session, client } = useServices();
  const paused = useSession((s) => s.paused);
  const last = useSession((s) => s.lastPaused);
  const requested = useUi((s) => s.disassemblyAddress);
  const [atAddress, setAtAddress] = useState<{ address: string; lines: Line[]; error: string | null } | null>(
    null,
  );
  const [breakpoints, setBreakpoints] = useState<Set<string>>(new Set());
  const currentRef = useRef<HTMLDivElement>(null);
  const ctx = paused ?? last;

  // A new pause brings the view back to RIP.
  useEffect(() => {
    if (paused) setAtAddress(null);
  }, [paused]);

  useEffect(() => {
    if (!requested) return;
    const address = parseHexAddress(requested);
    if (address === null) {
      setAtAddress({ address: requested, lines: [], error: `'${requested}' is not a hex address` });
      return;
    }
    let stale = false;
    client.invoke('debug:disassemble', { address, count: LINES_AT_ADDRESS }).then(
      ({ lines }) => !stale && setAtAddress({ address, lines, error: null }),
      (error: unknown) => !stale && setAtAddress({ address, lines: [], error: errorText(error) }),
    );
    return () => {
      stale = true;
    };
  }, [requested, client]);

  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'center' });
  }, [ctx]);

  const lines: Line[] = atAddress ? atAddress.lines : (ctx?.disassembly ?? []);
  const toggleBreakpoint = async (address: string) => {
    if (breakpoints.has(address)) {
      session
        .getState()
        .note('info', `breakpoint at ${address} is listed in the Breakpoints pane (remove it there with bc)`);
      return;
    }
    if (await session.getState().execute(`bp ${address}`)) setBreakpoints((s) => new Set(s).add(address));
  };

  if (!ctx && !atAddress)
    return <div className="empty">Disassembly appears when the debuggee is paused.</div>;
  return (
    <div
      className={`disasm scroll mono ${paused ? '' : 'stale'}`}
      data-testid="disassembly"
      aria-label="disassembly"
    >
      {atAddress && (
        <div className="note">
          {formatAddress(atAddress.address)} · <button onClick={() => setAtAddress(null)}>back to RIP</button>
        </div>
      )}
      {atAddress?.error && <div className="error">{atAddress.error}</div>}
      {lines.map((l, i) => (
        <Fragment key={i}>
          {symbolLabel(l, i) && <div className="dsym">{symbolLabel(l, i)}:</div>}
          <div
            ref={l.current ? currentRef : undefined}
            className={`dline ${l.current ? 'current' : ''}`}
            data-current={l.current || undefined}
          >
            <button
              className={`gutter ${breakpoints.has(l.address) ? 'bp' : ''}`}
              aria-label={`breakpoint at ${l.address}`}
              disabled={!paused}
              onClick={() => void toggleBreakpoint(l.address)}
            >
              {breakpoints.has(l.address) ? '●' : l.current ? '▶' : ''}
            </button>
            <span className="daddr">{formatAddress(l.address)}</span>
            <span className="dbytes">{l.bytes}</span>
            <span className="dtext">{l.text}</span>
          </div>
        </Fragment>
      ))}
    </div>
  );
}
