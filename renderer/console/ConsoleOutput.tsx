// The console's output: a virtualized list of the newest lines, wrapped to the pane's width (each
// line's rows counted from its text, see wrap-rows.ts); 64-bit addresses are links (click: Memory,
// Ctrl+click: Disassembly), HyperDbg's `err,` lines are shown as errors and an echoed command's
// hover shows its syntax and an example.
import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useServices, useSession } from '../app/context';
import type { ConsoleLine } from '../state/session-reducer';
import { splitAddresses } from './command-syntax';
import { hoverForLine } from './command-hover';
import { lineAtRow, rowStarts } from './wrap-rows';

/** Height of one screen row of console text, px (the line height of `.cline`). */
const ROW = 17;

function isErrorLine(line: ConsoleLine): boolean {
  return line.stream === 'output' && /^err,/.test(line.text);
}

function OutputLine({ line, rows }: { line: ConsoleLine; rows: number }) {
  const { ui } = useServices();
  const parts = useMemo(() => splitAddresses(line.text), [line.text]);
  return (
    <div
      className={`cline c-${isErrorLine(line) ? 'error' : line.stream}`}
      style={{ lineHeight: `${ROW}px` }}
      data-rows={rows}
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
  const probe = useRef<HTMLSpanElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const columns = useColumns(ref, probe);
  const stick = useRef(true);
  const starts = useMemo(
    () =>
      rowStarts(
        lines.map((l) => l.text),
        columns,
      ),
    [lines, columns],
  );
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [starts]);
  const total = lines.length;
  const first = lineAtRow(starts, Math.max(0, Math.floor(scroll.top / ROW) - 5));
  const last = Math.min(total, lineAtRow(starts, Math.ceil((scroll.top + scroll.height) / ROW) + 5) + 1);
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
      <span className="cline-probe" ref={probe} aria-hidden="true">
        {PROBE_TEXT}
      </span>
      {dropped > 0 && (
        <div className="note">
          {dropped} older lines dropped from the console (the log store keeps debuggee output)
        </div>
      )}
      <div style={{ height: starts[total]! * ROW, position: 'relative' }}>
        <div style={{ position: 'absolute', top: starts[first]! * ROW, left: 0, right: 0 }}>
          {lines.slice(first, last).map((l, i) => (
            <OutputLine key={l.id} line={l} rows={starts[first + i + 1]! - starts[first + i]!} />
          ))}
        </div>
      </div>
    </div>
  );
}

const PROBE_TEXT = '0'.repeat(100);

/** Characters per row of the console: its content width over one monospace character's width. */
function useColumns(
  output: RefObject<HTMLDivElement | null>,
  probe: RefObject<HTMLSpanElement | null>,
): number {
  const [columns, setColumns] = useState(0);
  useLayoutEffect(() => {
    const el = output.current;
    const sample = probe.current;
    if (!el || !sample) return;
    const measure = () => {
      const style = getComputedStyle(el);
      const width = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const char = sample.getBoundingClientRect().width / PROBE_TEXT.length;
      if (char > 0) setColumns(Math.max(1, Math.floor(width / char)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [output, probe]);
  return columns;
}
