/** HyperDbg's fixed texts for things Debugger Mode refuses (libhyperdbg common.h), shared by the commands that print them. */

/** ASSERT_MESSAGE_CANNOT_SPECIFY_PID: printed when a command is given `pid` while debugging a halted machine. */
export const CANNOT_SPECIFY_PID =
  "err, since HyperDbg won't context-switch to keep the system in a halted state, " +
  "you cannot specify 'pid' for this command in the debugger mode. You can switch to the target process " +
  "memory layout using the '.process' or the '.thread' command. After that, you can use " +
  'this command without specifying the process ID. Alternatively, you can modify the current ' +
  'CR3 register to achieve the same functionality\n';
