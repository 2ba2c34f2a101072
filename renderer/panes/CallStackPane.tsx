// Call stack of the paused core, from HyperDbg's `k`; addresses open in Disassembly.
import { CommandOutputPane } from './CommandOutputPane';

export function CallStackPane() {
  return (
    <CommandOutputPane
      command="k"
      testId="callstack"
      empty="The call stack appears when the debuggee is paused."
    />
  );
}
