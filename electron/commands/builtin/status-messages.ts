import { formatStatus } from '../../../shared/protocol/errors';
import { eventErrorMessage } from '../events/event-errors';

/**
 * The text HyperDbg v0.23's debugger prints for the statuses the non-event commands can get
 * back (its ShowErrorMessage), so users see the messages they know. Event-related codes come
 * from the event commands' table (commands/events/event-errors.ts); codes neither table knows fall back to the protocol core's description.
 */
const MESSAGES: Record<number, string> = {
  0xc000000b: 'err, edit memory request has invalid parameters (%x)',
  0xc000000c:
    'err, edit memory request has invalid address based on current process layout, the address might be valid but not present in the ram (%x)',
  0xc000000d: 'err, edit memory request has invalid address based on other process layout (%x)',
  0xc0000010: 'err, invalid parameter passed to stepping core. (%x)',
  0xc0000011: 'err, the target thread not found or the thread is disabled (%x)',
  0xc0000014: 'err, invalid core selected in switching cores (%x)',
  0xc0000015: 'err, unable to switch to the new process (%x)',
  0xc0000016: 'err, unable to run the script on remote debuggee (%x)',
  0xc0000017: 'err, invalid register number (%x)',
  0xc0000018:
    'err, maximum number of breakpoints are used, you need to send an ioctl to re-allocate new pre-allocated buffers or configure HyperDbg to pre-allocated more buffers by configuring MAXIMUM_BREAKPOINTS_WITHOUT_CONTINUE (%x)',
  0xc0000019:
    "err, breakpoint already exists on target address, you can use 'bl' command to view a list of breakpoints (%x)",
  0xc000001a: 'err, breakpoint id is invalid (%x)',
  0xc000001b: 'err, breakpoint already disabled (%x)',
  0xc000001c: 'err, breakpoint already enabled (%x)',
  0xc000001d: 'err, the memory type is invalid (%x)',
  0xc0000020:
    'err, either the process id or the _EPROCESS is invalid or cannot get the details based on the provided parameters (%x)',
  0xc0000021:
    'err, either the thread id, _ETHREAD, or _EPROCESS is invalid or cannot get the details based on the provided parameters (%x)',
  0xc0000029: 'err, invalid index specified for test query command (%x)',
  0xc0000038: 'err, unable to get the callstack (%x)',
  0xc0000039: 'err, unable to query count of processes or threads (%x)',
  0xc000003b: 'err, unknown test query is received to the debugger (%x)',
  0xc000003c: 'err, invalid process or memory address (%x)',
  0xc0000051:
    'err, target core is not locked! This may be caused by a race condition, continuing and halting the debugger might resolve it. If the problem persists, please open an issue and provide steps to reproduce it (%x)',
};

/** HyperDbg's message for `code` (without the trailing newline). */
export function statusMessage(code: number): string {
  const low = code >>> 0;
  const own = MESSAGES[low];
  if (own) return own.replace('%x', low.toString(16));
  const event = eventErrorMessage(low).trimEnd();
  if (!event.startsWith('err, the debuggee returned error status')) return event;
  return `err, ${formatStatus(low)}`;
}
