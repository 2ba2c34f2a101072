/**
 * Texts HyperDbg v0.23 prints for the kernel status codes an event, action or `events` request
 * can return (protocol reference appendix B and 5.8). `%x` is the code in lower-case hex.
 */
const INSTANT_EVENTS_DOC =
  'for more information please visit: https://docs.hyperdbg.org/tips-and-tricks/misc/instant-events';

const MESSAGES: Record<number, string> = {
  0xc0000000: 'err, tag not found (%x)',
  0xc0000001: 'err, invalid action type (%x)',
  0xc0000002: 'err, action buffer size is zero (%x)',
  0xc0000003: 'err, the event type is invalid (%x)',
  0xc0000004: 'err, unable to create event (%x)',
  0xc0000005:
    "err, invalid address (%x)\naddress may be paged-out or unavailable on the page table due to 'demand paging'\n" +
    'please refer to https://docs.hyperdbg.org/tips-and-tricks/considerations/accessing-invalid-address for further information',
  0xc0000006: 'err, invalid core id (%x)',
  0xc0000007: 'err, exception index exceed first 32 entries (%x)',
  0xc0000008: 'err, interrupt index is not valid (%x)',
  0xc000000e: 'err, modify event with invalid tag (%x)',
  0xc000000f: 'err, modify event with invalid type of action (%x)',
  0xc000001e:
    "err, the process id is invalid, make sure to enter the process id in hex format, or if you want to use it in decimal format, add '0n' prefix to the number (%x)",
  0xc000001f: 'err, the event is not applied (%x)',
  0xc0000022:
    'err, the maximum breakpoint for a single page is hit, you cannot apply more breakpoints in this page (%x)',
  0xc0000023:
    'err, the pre-allocated buffer is empty, usually this buffer will be filled at the next IOCTL when the debugger is continued (%x)\n' +
    "please visit the documentation for the 'prealloc' command or use '.help prealloc' to to reserve more pre-allocated pools",
  0xc0000024:
    'err, could not convert 2MB large page to 4KB pages (maybe pre-allocated buffers are empty?) (%x)',
  0xc0000025: 'err, failed to get the PML1 entry of the target address (%x)',
  0xc0000026:
    "err, the page modification is not applied, make sure that you don't put multiple EPT Hooks or Monitors on a single page (%x)",
  0xc0000027: 'err, could not build the EPT hook (%x)',
  0xc000003a: 'err, using short-circuiting event with post events is not possible (%x)',
  0xc000003f: 'err, the specified execution mode is invalid (%x)',
  0xc0000040:
    "err, you cannot specify process id while the debugger is paused in the debugger mode. You can use the '.process' or the '.thread' command to switch to the target process's memory layout (%x)",
  0xc0000041: `err, the requested buffer for storing event and conditions is larger than the pre-allocated buffer size (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000042: `err, not enough pre-allocated buffer exists for storing the event. You can use the 'prealloc' command to fix this issue by pre-allocating more buffers (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000043: `err, the requested event is considered as a "big instant event" and right now, there is no pre-allocated buffer for storing it. You can use the 'prealloc' command to fix this issue by pre-allocating big instant event buffers (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000044: 'err, unable to allocate buffer for the target action (%x)',
  0xc0000045: `err, not enough pre-allocated buffer exists for storing the event's action. You can use the 'prealloc' command to fix this issue by pre-allocating more buffers (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000046: `err, the requested action is considered as a "big instant event (action)" and right now, there is no pre-allocated buffer for storing it. You can use the 'prealloc' command to fix this issue by pre-allocating big instant event's action buffers (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000047: `err, the requested buffer for storing action is larger than the pre-allocated buffer size (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000048:
    'err, the requested optional buffer is bigger than the debuggers send/receive stack, please select a smaller requested buffer for the target event (%x)',
  0xc0000049: `err, by default HyperDbg won't allocate requested safe buffers for instant events in the debugger mode. You can use the 'prealloc' command to allocate (regular) requested safe buffers before running this command (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc000004a: `err, the requested safe buffer is bigger than regular buffers. You can use the 'prealloc' command to allocate (big) requested safe buffers before running this command (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc000004b: `err, the requested buffer for storing safe buffers of the action is larger than the pre-allocated buffer size (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc000004e:
    "err, for performance reasons, the '!mode' event command cannot be directly initialized in the Debugger Mode. You can use the 'preactivate mode' command to preactivate this mechanism after that, you can use the '!mode' event (%x)",
  0xc000004f:
    "err, the event(s) that you've requested are disabled, yet HyperDbg cannot remove (clear) them in the subsequent run due to the user-mode priority buffers being at full capacity. " +
    'This typically occurs when you attempt to clear numerous events without resuming the debuggee. Since these unserviced events remain in the queue, HyperDbg is unable to clear them. ' +
    'To address this issue, you can resume the debuggee, allowing all queued events to be cleared (usually 2 to 10 seconds). ' +
    `Afterward, you can pause the debuggee again and request the removal of new events (%x)\n${INSTANT_EVENTS_DOC}`,
  0xc0000050:
    'err, the event cannot be applied since not all cores are locked! If you are using the instant-event mechanism or switching between cores, this will likely halt the system. ' +
    'This may be caused by a race condition, but continuing and halting the debugger might resolve it. If the problem persists, please open an issue and provide steps to reproduce it (%x)',
  0xc0000052: 'err, invalid physical address (%x)',
  0xc0000056: 'err, putting EPT hooks on physical address above 512 GB is not supported (%x)',
};

/** The message for a status code, ending in a newline like HyperDbg's output. */
export function eventErrorMessage(code: number): string {
  const hex = (code >>> 0).toString(16);
  const template = MESSAGES[code >>> 0] ?? 'err, the debuggee returned error status (%x)';
  return template.replace('%x', hex) + '\n';
}
