// The console's output: a virtualized list of the newest lines; 64-bit addresses are links (click:
// Memory, Ctrl+click: Disassembly), HyperDbg's `err,` lines are shown as errors and an echoed
// command's hover shows its syntax and an example.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useServices, useSession } from '../app/context';
import type { ConsoleLine } from '../state/session-reducer';
import { splitAddresses } from './command-syntax';
import { hoverForLine } from './command-hover';

const ROW = 17;

function isErrorLine(line: ConsoleLine): boolean {
  return line.stream === 'output' && /^err,/.test(line.text);
}

function OutputLine({ line }: { line: ConsoleLine }) {
  const { ui } = useServices();
  const parts = useMemo(() => splitAddresses(line.text), [line.text]);
  return (
    <div
      className={`cline c-${isErrorLine(line) ? 'error' : line.stream}`}
      style={{ height: ROW }}
      title={line.stream === 'echo' ? hoverForLine(line.text) : undefined}
    >
      {parts.map((p, i) =>
        p.address ? (
          <a
            key={i}
            href="#"
            className="addr"
            title="click: Memory · Ctrl+click: Disassembly"
            onClick={(e) => {
              e.preventDefault();
              if (e.ctrlKey || e.metaKey) ui.getState().showDisassembly(p.address!);
              else ui.getState().showMemory(p.address!);
            }}
          >
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

export function ConsoleOutput() {
  const lines = useSession((s) => s.console);
  const dropped = useSession((s) => s.consoleDropped);
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  const total = lines.length;
  const first = Math.max(0, Math.floor(scroll.top / ROW) - 5);
  const last = Math.min(total, Math.ceil((scroll.top + scroll.height) / ROW) + 5);
  return (
    <div
      className="console-output"
      ref={ref}
      data-testid="console-output"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
        setScroll({ top: el.scrollTop, height: el.clientHeight });
      }}
    >
      {dropped > 0 && (
        <div className="note">
          {dropped} older lines dropped from the console (the log store keeps debuggee output)
        </div>
      )}
      <div style={{ height: total * ROW, position: 'relative' }}>
        <div style={{ position: 'absolute', top: first * ROW, left: 0, right: 0 }}>
          {lines.slice(first, last).map((l) => (
            <OutputLine key={l.id} line={l} />
          ))}
        </div>
      </div>
    </div>
  );
}
