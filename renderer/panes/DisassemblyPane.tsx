// Disassembly: instructions around RIP (or an address typed, clicked or followed), scrolling both
// ways, with a go-to box (Ctrl+G) that takes any address expression, back/forward history,
// symbol labels and clickable branch targets. The gutter and F9 toggle breakpoints in the
// debuggee's table, so its dots are the same ones the Breakpoints pane and `bl` show.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useServices, useSession, useUi } from '../app/context';
import { DisassemblyLine } from '../disassembly/DisassemblyLine';
import { useDisassemblyView } from '../disassembly/use-disassembly-view';
import { resolveAddress } from '../state/address-expression';
import { breakpointToggleCommand } from '../state/breakpoint-toggle';

/** How close to an edge (px) scrolling reads more instructions. */
const EDGE = 24;

export function DisassemblyPane() {
  const { client, session, ui } = useServices();
  const paused = useSession((s) => s.paused);
  const breakpoints = useSession((s) => s.breakpoints);
  const selection = useUi((s) => s.disassemblySelection);
  const view = useDisassemblyView();
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const anchorRow = useRef<HTMLDivElement>(null);
  const goBox = useRef<HTMLInputElement>(null);

  // Center the anchor (RIP or the address gone to) whenever a new window is read.
  const hasLines = view.lines.length > 0;
  useEffect(() => {
    anchorRow.current?.scrollIntoView({ block: 'center' });
  }, [view.anchor, hasLines]);

  const byAddress = useMemo(() => new Map(breakpoints.map((b) => [b.address, b])), [breakpoints]);

  const go = async () => {
    const result = await resolveAddress(client, input);
    if (!result.ok) {
      setInputError(result.error);
      return;
    }
    setInputError(null);
    view.goTo(result.value);
  };

  const toggle = (address: string) =>
    void session.getState().execute(breakpointToggleCommand(breakpoints, address));

  const onScroll = async () => {
    const el = scroller.current;
    if (!el) return;
    if (el.scrollTop < EDGE) {
      const before = el.scrollHeight;
      if ((await view.loadEarlier()) > 0) {
        // Keep the lines the user is reading where they were.
        requestAnimationFrame(() => (el.scrollTop += el.scrollHeight - before));
      }
    } else if (el.scrollTop + el.clientHeight > el.scrollHeight - EDGE) {
      await view.loadLater();
    }
  };

  return (
    <div
      className="disasm-pane"
      onKeyDown={(e) => {
        if (e.ctrlKey && e.key.toLowerCase() === 'g') {
          e.preventDefault();
          goBox.current?.focus();
          goBox.current?.select();
        }
      }}
    >
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <button
          type="button"
          aria-label="back"
          title="back (Alt+←)"
          disabled={!view.canBack}
          onClick={view.back}
        >
          ◀
        </button>
        <button
          type="button"
          aria-label="forward"
          title="forward (Alt+→)"
          disabled={!view.canForward}
          onClick={view.forward}
        >
          ▶
        </button>
        <input
          ref={goBox}
          aria-label="disassembly address"
          placeholder="go to: address, nt!Foo, @rsp+8 (Ctrl+G)"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-autofocus
        />
        <button type="submit" disabled={!paused}>
          Go
        </button>
        <button type="button" onClick={view.followRip} disabled={!paused}>
          RIP
        </button>
      </form>
      {inputError && (
        <div className="error" data-testid="disassembly-address-error">
          {inputError}
        </div>
      )}
      {view.error && <div className="error">{view.error}</div>}
      {!paused && view.lines.length === 0 && (
        <div className="empty">Disassembly appears when the debuggee is paused.</div>
      )}
      <div
        ref={scroller}
        className={`disasm scroll mono ${paused ? '' : 'stale'}`}
        data-testid="disassembly"
        aria-label="disassembly"
        tabIndex={0}
        onScroll={() => void onScroll()}
      >
        {view.lines.map((line, i) => (
          <DisassemblyLine
            key={line.address}
            line={line}
            first={i === 0}
            breakpoint={byAddress.get(line.address)}
            selected={selection === line.address}
            canEdit={paused !== null}
            rowRef={line.address === view.anchor ? anchorRow : undefined}
            onToggle={toggle}
            onSelect={(address) => ui.getState().selectDisassembly(address)}
            onFollow={view.goTo}
          />
        ))}
      </div>
    </div>
  );
}
