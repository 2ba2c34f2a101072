// One instruction row: breakpoint gutter (from the debuggee's table), address, bytes, text with
// the branch target as a link, and the symbol label above a function start.
import { Fragment, type Ref } from 'react';
import type { BreakpointRow, InstructionRow } from '../../shared/ipc/model';
import { formatAddress } from '../ui/format';

interface Props {
  readonly line: InstructionRow;
  readonly first: boolean;
  readonly breakpoint: BreakpointRow | undefined;
  readonly selected: boolean;
  readonly canEdit: boolean;
  readonly rowRef?: Ref<HTMLDivElement>;
  onToggle(address: string): void;
  onSelect(address: string): void;
  onFollow(address: string): void;
}

/** A symbol label goes above a line that starts a function, and above the first line shown. */
function symbolLabel(line: InstructionRow, first: boolean): string | null {
  if (!line.symbol) return null;
  return first || !line.symbol.includes('+') ? line.symbol : null;
}

/** The instruction text with its branch target (as iced-x86 prints it, 0x + upper-case hex) as a link. */
function InstructionText({ line, onFollow }: { line: InstructionRow; onFollow(address: string): void }) {
  if (!line.target) return <span className="dtext">{line.text}</span>;
  const target = line.target;
  const match = new RegExp(`0x0*${target}\\b`, 'i').exec(line.text);
  const link = (label: string) => (
    <a
      href="#"
      className="addr dtarget"
      title={`go to ${formatAddress(target)} (Back returns here)`}
      onClick={(e) => {
        e.preventDefault();
        onFollow(target);
      }}
    >
      {label}
    </a>
  );
  if (!match) {
    return (
      <span className="dtext">
        {line.text} {link(`→ ${formatAddress(target)}`)}
      </span>
    );
  }
  return (
    <span className="dtext">
      {line.text.slice(0, match.index)}
      {link(match[0])}
      {line.text.slice(match.index + match[0].length)}
    </span>
  );
}

export function DisassemblyLine(props: Props) {
  const { line, breakpoint, selected } = props;
  const label = symbolLabel(line, props.first);
  const dot = breakpoint ? (breakpoint.enabled ? '●' : '○') : line.current ? '▶' : '';
  const state = breakpoint ? (breakpoint.enabled ? 'enabled' : 'disabled') : 'none';
  return (
    <Fragment>
      {label && <div className="dsym">{label}:</div>}
      <div
        ref={props.rowRef}
        className={`dline ${line.current ? 'current' : ''} ${selected ? 'selected' : ''}`}
        data-current={line.current || undefined}
        data-address={line.address}
        data-breakpoint={state}
        onClick={() => props.onSelect(line.address)}
      >
        <button
          className={`gutter ${breakpoint ? (breakpoint.enabled ? 'bp' : 'bp disabled') : ''}`}
          aria-label={`${breakpoint ? 'clear' : 'set'} breakpoint at ${line.address}`}
          title={
            breakpoint
              ? `breakpoint ${breakpoint.id.toString(16)} (${state}); click clears it`
              : 'set a breakpoint (F9)'
          }
          disabled={!props.canEdit}
          onClick={(e) => {
            e.stopPropagation();
            props.onToggle(line.address);
          }}
        >
          {dot}
        </button>
        <span className="daddr">{formatAddress(line.address)}</span>
        <span className="dbytes">{line.bytes.replace(/(..)/g, '$1 ').trim()}</span>
        <InstructionText line={line} onFollow={props.onFollow} />
      </div>
    </Fragment>
  );
}
