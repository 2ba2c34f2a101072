// F9 and the disassembly gutter toggle a breakpoint the way WinDbg does: set one where there is
// none, remove the one that is there. The table is the debuggee's (pushed by the session), so the
// answer is the same whichever view the click came from.
import type { BreakpointRow } from '../../shared/ipc/model';

export function breakpointAt(rows: readonly BreakpointRow[], address: string): BreakpointRow | undefined {
  const wanted = address.replace(/^0+(?=.)/, '');
  return rows.find((row) => row.address === wanted);
}

/** The command that toggles a breakpoint at `address`: `bc ID` when one is there, else `bp ADDRESS`. */
export function breakpointToggleCommand(rows: readonly BreakpointRow[], address: string): string {
  const existing = breakpointAt(rows, address);
  return existing ? `bc ${existing.id.toString(16)}` : `bp ${address.replace(/^0+(?=.)/, '')}`;
}
