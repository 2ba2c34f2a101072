// Disassembly: the instructions around RIP from each PAUSED packet (the view follows RIP), or
// `u ADDRESS` output when an address is opened from elsewhere. Clicking the gutter sets a
// breakpoint (`bp ADDRESS`) and marks the line.
import { useEffect, useRef, useState } from 'react';
import { useServices, useSession, useUi } from '../app/context';
import { formatAddress } from '../ui/format';
import { captureCommand } from '../state/capture';
import { splitAddresses } from '../console/command-syntax';

interface Line {
  readonly address: string | null;
  readonly bytes: string;
  readonly text: string;
  readonly current: boolean;
}

export function DisassemblyPane() {
  const { session } = useServices();
  const paused = useSession((s) => s.paused);
  const last = useSession((s) => s.lastPaused);
  const requested = useUi((s) => s.disassemblyAddress);
  const [atAddress, setAtAddress] = useState<{ address: string; lines: Line[] } | null>(null);
  const [breakpoints, setBreakpoints] = useState<Set<string>>(new Set());
  const currentRef = useRef<HTMLDivElement>(null);
  const ctx = paused ?? last;

  // A new pause brings the view back to RIP.
  useEffect(() => {
    if (paused) setAtAddress(null);
  }, [paused]);

  useEffect(() => {
    if (!requested) return;
    void captureCommand(session, `u ${requested}`).then(({ lines }) => {
      setAtAddress({
        address: requested,
        lines: lines.map((text) => {
          const addr = splitAddresses(text).find((p) => p.address)?.address ?? null;
          return { address: addr, bytes: '', text, current: false };
        }),
      });
    });
  }, [requested, session]);

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
          u {atAddress.address} · <button onClick={() => setAtAddress(null)}>back to RIP</button>
        </div>
      )}
      {lines.map((l, i) => (
        <div
          key={i}
          ref={l.current ? currentRef : undefined}
          className={`dline ${l.current ? 'current' : ''}`}
          data-current={l.current || undefined}
        >
          <button
            className={`gutter ${l.address && breakpoints.has(l.address) ? 'bp' : ''}`}
            aria-label={l.address ? `breakpoint at ${l.address}` : 'no address'}
            disabled={!l.address || !paused}
            onClick={() => l.address && void toggleBreakpoint(l.address)}
          >
            {l.address && breakpoints.has(l.address) ? '●' : l.current ? '▶' : ''}
          </button>
          {l.address && !atAddress && <span className="daddr">{formatAddress(l.address)}</span>}
          {!atAddress && <span className="dbytes">{l.bytes}</span>}
          <span className="dtext">{l.text}</span>
        </div>
      ))}
    </div>
  );
}
