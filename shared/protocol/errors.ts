/**
 * HyperDbg v0.23 status codes (ErrorCodes.h): every DEBUGGER_ERROR_* value plus the success
 * code, with what it means in our words and, where the user can do something, what to do.
 * The remedies for the instant-event codes 0xc0000040..0xc000004f follow HyperDbg's
 * "instant events" documentation (which `prealloc` to run, or that a rebuild is needed).
 */
import * as constants from './generated/constants';

export interface StatusCode {
  code: number;
  name: string;
  meaning: string;
  remedy?: string;
}

const REBUILD =
  'the pre-allocated sizes are compile-time constants: rebuild HyperDbg with larger design constants ' +
  '(docs: "Changing Design Constants"), or make the request smaller';
const PREALLOC_NOTE =
  '`prealloc` resumes the debuggee for a moment (the current context is lost), so run it before pausing at the spot you care about';

/** [name, meaning, remedy?]; the code comes from the generated constant of that name. */
const TABLE: readonly (readonly [keyof typeof constants, string, string?])[] = [
  ['DEBUGGER_OPERATION_WAS_SUCCESSFUL', 'the operation was successful'],
  [
    'DEBUGGER_ERROR_TAG_NOT_EXISTS',
    'no event with this tag exists on the debuggee',
    'list events with `events`',
  ],
  ['DEBUGGER_ERROR_INVALID_ACTION_TYPE', 'the action type is not break, script or custom code'],
  [
    'DEBUGGER_ERROR_ACTION_BUFFER_SIZE_IS_ZERO',
    'a script or custom-code action was sent with an empty buffer',
  ],
  ['DEBUGGER_ERROR_EVENT_TYPE_IS_INVALID', 'the event type is not one the debuggee knows'],
  ['DEBUGGER_ERROR_UNABLE_TO_CREATE_EVENT', 'the debuggee could not create the event'],
  [
    'DEBUGGER_ERROR_INVALID_ADDRESS',
    'the address is invalid or not mapped on the debuggee',
    'check the address and the current process (`.process`)',
  ],
  ['DEBUGGER_ERROR_INVALID_CORE_ID', 'the core number does not exist on the debuggee'],
  ['DEBUGGER_ERROR_EXCEPTION_INDEX_EXCEED_FIRST_32_ENTRIES', 'exception events only cover vectors 0..31'],
  ['DEBUGGER_ERROR_INTERRUPT_INDEX_IS_NOT_VALID', 'external-interrupt events only cover vectors 32..255'],
  ['DEBUGGER_ERROR_UNABLE_TO_HIDE_OR_UNHIDE_DEBUGGER', 'the transparent (hidden) mode could not be switched'],
  ['DEBUGGER_ERROR_DEBUGGER_ALREADY_HIDE', 'the debugger is already in transparent (hidden) mode'],
  ['DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_PARAMETER', 'the memory-edit request has an invalid parameter'],
  [
    'DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_CURRENT_PROCESS',
    'the address to edit is not valid in the current process',
  ],
  [
    'DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_OTHER_PROCESS',
    'the address to edit is not valid in the given process',
  ],
  [
    'DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TAG',
    'no event with this tag exists (enable/disable/clear)',
    'list events with `events`',
  ],
  [
    'DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TYPE_OF_ACTION',
    'the event modification is not query, enable, disable or clear',
  ],
  ['DEBUGGER_ERROR_STEPPING_INVALID_PARAMETER', 'the stepping request has an invalid parameter'],
  [
    'DEBUGGER_ERROR_STEPPINGS_EITHER_THREAD_NOT_FOUND_OR_DISABLED',
    'the thread to step was not found or stepping is disabled for it',
  ],
  [
    'DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_BAUDRATE',
    'the baud rate is not one HyperDbg accepts',
    'use one of 110 … 256000, typically 115200',
  ],
  ['DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_SERIAL_PORT', 'the serial port is not COM1..COM4'],
  [
    'DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_CORE_IN_REMOTE_DEBUGGE',
    'the core to switch to does not exist on the debuggee',
  ],
  [
    'DEBUGGER_ERROR_PREPARING_DEBUGGEE_UNABLE_TO_SWITCH_TO_NEW_PROCESS',
    'the debuggee could not switch to the requested process',
  ],
  ['DEBUGGER_ERROR_PREPARING_DEBUGGEE_TO_RUN_SCRIPT', 'the debuggee could not run the script'],
  ['DEBUGGER_ERROR_INVALID_REGISTER_NUMBER', 'the register id is not valid'],
  [
    'DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_WITHOUT_CONTINUE',
    'too many breakpoints were set without continuing the debuggee',
    'continue (`g`) once, pause, then add more',
  ],
  ['DEBUGGER_ERROR_BREAKPOINT_ALREADY_EXISTS_ON_THE_ADDRESS', 'a breakpoint already exists at this address'],
  ['DEBUGGER_ERROR_BREAKPOINT_ID_NOT_FOUND', 'no breakpoint has this id', 'list breakpoints with `bl`'],
  ['DEBUGGER_ERROR_BREAKPOINT_ALREADY_DISABLED', 'the breakpoint is already disabled'],
  ['DEBUGGER_ERROR_BREAKPOINT_ALREADY_ENABLED', 'the breakpoint is already enabled'],
  ['DEBUGGER_ERROR_MEMORY_TYPE_INVALID', 'the memory type is neither physical nor virtual'],
  ['DEBUGGER_ERROR_INVALID_PROCESS_ID', 'no process has this id'],
  ['DEBUGGER_ERROR_EVENT_IS_NOT_APPLIED', 'the event was not applied on the debuggee'],
  [
    'DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER',
    'the process details/switch request has an invalid parameter',
  ],
  [
    'DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER',
    'the thread details/switch request has an invalid parameter',
  ],
  [
    'DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_FOR_A_SINGLE_PAGE_IS_HIT',
    'the page already holds the maximum number of breakpoints',
  ],
  [
    'DEBUGGER_ERROR_PRE_ALLOCATED_BUFFER_IS_EMPTY',
    'a pre-allocated pool needed for this operation is used up',
    `run \`prealloc\` for the pool you need; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_EPT_COULD_NOT_SPLIT_THE_LARGE_PAGE_TO_4KB_PAGES',
    'the EPT large page could not be split into 4 KB pages',
  ],
  [
    'DEBUGGER_ERROR_EPT_FAILED_TO_GET_PML1_ENTRY_OF_TARGET_ADDRESS',
    'no EPT PML1 entry was found for the target address',
  ],
  [
    'DEBUGGER_ERROR_EPT_MULTIPLE_HOOKS_IN_A_SINGLE_PAGE',
    'this kind of EPT hook cannot be combined with another hook on the same page',
  ],
  ['DEBUGGER_ERROR_COULD_NOT_BUILD_THE_EPT_HOOK', 'the EPT hook could not be built'],
  ['DEBUGGER_ERROR_COULD_NOT_FIND_ALLOCATION_TYPE', 'the `prealloc` pool type is unknown'],
  ['DEBUGGER_ERROR_INVALID_TEST_QUERY_INDEX', 'the test query index is invalid'],
  [
    'DEBUGGER_ERROR_UNABLE_TO_ATTACH_TO_TARGET_USER_MODE_PROCESS',
    'the user-mode debugger could not attach to the process',
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_REMOVE_HOOKS_ENTRYPOINT_NOT_REACHED',
    'hooks cannot be removed before the process reaches its entry point',
  ],
  ['DEBUGGER_ERROR_UNABLE_TO_REMOVE_HOOKS', 'the user-mode debugger could not remove its hooks'],
  [
    'DEBUGGER_ERROR_FUNCTIONS_FOR_INITIALIZING_PEB_ADDRESSES_ARE_NOT_INITIALIZED',
    'the routines that locate a process PEB are not initialised',
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_DETECT_32_BIT_OR_64_BIT_PROCESS',
    'whether the process is 32-bit or 64-bit could not be determined',
  ],
  ['DEBUGGER_ERROR_UNABLE_TO_KILL_THE_PROCESS', 'the process could not be terminated'],
  ['DEBUGGER_ERROR_INVALID_THREAD_DEBUGGING_TOKEN', 'the thread debugging token is invalid'],
  ['DEBUGGER_ERROR_UNABLE_TO_PAUSE_THE_PROCESS_THREADS', "the process's threads could not be paused"],
  ['DEBUGGER_ERROR_UNABLE_TO_ATTACH_TO_AN_ALREADY_ATTACHED_PROCESS', 'the process is already attached'],
  [
    'DEBUGGER_ERROR_THE_USER_DEBUGGER_NOT_ATTACHED_TO_THE_PROCESS',
    'the user-mode debugger is not attached to this process',
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_DETACH_AS_THERE_ARE_PAUSED_THREADS',
    'cannot detach while threads of the process are paused',
    'continue the process first',
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_SWITCH_PROCESS_ID_OR_THREAD_ID_IS_INVALID',
    'the process or thread id to switch to is invalid',
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_SWITCH_THERE_IS_NO_THREAD_ON_THE_PROCESS',
    'the process has no thread to switch to',
  ],
  ['DEBUGGER_ERROR_UNABLE_TO_GET_MODULES_OF_THE_PROCESS', "the process's module list could not be read"],
  ['DEBUGGER_ERROR_UNABLE_TO_GET_CALLSTACK', 'the call stack could not be read'],
  [
    'DEBUGGER_ERROR_UNABLE_TO_QUERY_COUNT_OF_PROCESSES_OR_THREADS',
    'the number of processes or threads could not be determined',
    'reload symbols (`.sym reload`) so the structure offsets are known',
  ],
  [
    'DEBUGGER_ERROR_USING_SHORT_CIRCUITING_EVENT_WITH_POST_EVENT_MODE_IS_FORBIDDEDN',
    'short-circuiting cannot be combined with a post (or all) calling stage',
    'use `stage pre` or drop `sc on`',
  ],
  ['DEBUGGER_ERROR_UNKNOWN_TEST_QUERY_RECEIVED', 'the debuggee does not know this test query'],
  ['DEBUGGER_ERROR_READING_MEMORY_INVALID_PARAMETER', 'the memory-read request has an invalid parameter'],
  [
    'DEBUGGER_ERROR_THE_TRAP_FLAG_LIST_IS_FULL',
    "the debuggee's list of pending trap-flag steps is full",
    'continue the debuggee, then retry',
  ],
  ['DEBUGGER_ERROR_UNABLE_TO_KILL_THE_PROCESS_DOES_NOT_EXISTS', 'the process to terminate does not exist'],
  [
    'DEBUGGER_ERROR_MODE_EXECUTION_IS_INVALID',
    'the execution mode given to `!mode` is invalid',
    'use u, k or ku',
  ],
  [
    'DEBUGGER_ERROR_PROCESS_ID_CANNOT_BE_SPECIFIED_WHILE_APPLYING_EVENT_FROM_VMX_ROOT_MODE',
    'a process id other than the current one cannot be given while the event is applied from the halted debuggee (e.g. `!epthook`, `!monitor`)',
    'switch to the target process with `.process` or `.thread` first, then apply the event without `pid`',
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_EVENT_AND_CONDITIONALS',
    'the event with its condition code is larger than any pre-allocated event slot',
    REBUILD,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND',
    'no free regular pre-allocated slot is left for the event (typical after applying many events without continuing)',
    `run \`prealloc regular-event N\` (and for EPT hooks \`prealloc epthook N\`) before pausing to apply the events, or continue (\`g\`) for a moment, pause and retry; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_BIG_PREALLOCATED_BUFFER_NOT_FOUND',
    'the condition is too large for a regular slot and no big pre-allocated event slot is free (none exist by default)',
    `run \`prealloc big-event N\`; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_CREATE_ACTION_CANNOT_ALLOCATE_BUFFER',
    'memory for the action could not be allocated (the system is short of RAM)',
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_ACTION_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND',
    'no free regular pre-allocated slot is left for the action (typical after applying many events without continuing)',
    `run \`prealloc regular-event N\` (and for EPT hooks \`prealloc epthook N\`) before pausing to apply the events, or continue (\`g\`) for a moment, pause and retry; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_ACTION_BIG_PREALLOCATED_BUFFER_NOT_FOUND',
    'the script or custom code is too large for a regular action slot and no big slot is free',
    `run \`prealloc big-event N\`; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_ACTION_BUFFER',
    'the script or custom code is larger than any pre-allocated action slot',
    REBUILD,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_REQUESTED_OPTIONAL_BUFFER_IS_BIGGER_THAN_DEBUGGERS_SEND_RECEIVE_STACK',
    "the requested safe buffer (`buffer N`) is larger than HyperDbg's send/receive stack",
    `request a smaller safe buffer, or ${REBUILD}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_REQUESTED_SAFE_BUFFER_NOT_FOUND',
    'no regular safe buffer ($buffer) is pre-allocated (none are by default for instant events)',
    `run \`prealloc regular-safe-buffer N\`; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_BIG_REQUESTED_SAFE_BUFFER_NOT_FOUND',
    'the safe buffer is too large for a regular one and no big safe buffer is pre-allocated',
    `run \`prealloc big-safe-buffer N\`; ${PREALLOC_NOTE}`,
  ],
  [
    'DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_REQUESTED_SAFE_BUFFER',
    'the requested safe buffer is larger than any pre-allocated safe buffer',
    REBUILD,
  ],
  [
    'DEBUGGER_ERROR_UNABLE_TO_ALLOCATE_REQUESTED_SAFE_BUFFER',
    'memory for the safe buffer could not be allocated (the system is short of RAM)',
  ],
  [
    'DEBUGGER_ERROR_COULD_NOT_FIND_PREACTIVATION_TYPE',
    'the `preactivate` type is unknown',
    'use `preactivate mode`',
  ],
  [
    'DEBUGGER_ERROR_THE_MODE_EXEC_TRAP_IS_NOT_INITIALIZED',
    '`!mode` needs the execution-mode trap, which is not activated',
    'run `preactivate mode` first, then apply `!mode`',
  ],
  [
    'DEBUGGER_ERROR_THE_TARGET_EVENT_IS_DISABLED_BUT_CANNOT_BE_CLEARED_PRIRITY_BUFFER_IS_FULL',
    'the event is disabled but cannot be queued for removal: the user-mode priority queue is full (many clears while paused)',
    'continue the debuggee and let it run a few seconds (2–10 s) so the queue drains, pause again and repeat the clear; a larger queue needs a rebuild with bigger design constants',
  ],
  [
    'DEBUGGER_ERROR_NOT_ALL_CORES_ARE_LOCKED_FOR_APPLYING_INSTANT_EVENT',
    'not every core is halted, so the instant event cannot be applied',
    'continue and pause the debuggee again',
  ],
  ['DEBUGGER_ERROR_TARGET_SWITCHING_CORE_IS_NOT_LOCKED', 'the core to switch to is not halted'],
  ['DEBUGGER_ERROR_INVALID_PHYSICAL_ADDRESS', 'the physical address is invalid'],
  ['DEBUGGER_ERROR_APIC_ACTIONS_ERROR', 'the APIC request failed'],
  ['DEBUGGER_ERROR_DEBUGGER_ALREADY_UNHIDE', 'the debugger is already out of transparent (hidden) mode'],
  ['DEBUGGER_ERROR_DEBUGGER_NOT_INITIALIZED', 'the user-mode debugger is not initialised'],
  [
    'DEBUGGER_ERROR_CANNOT_PUT_EPT_HOOKS_ON_PHYSICAL_ADDRESS_ABOVE_512_GB',
    'EPT hooks cannot target physical addresses above 512 GB',
  ],
  ['DEBUGGER_ERROR_INVALID_SMI_OPERATION_PARAMETERS', 'the SMI request has invalid parameters'],
  ['DEBUGGER_ERROR_UNABLE_TO_TRIGGER_SMI', 'the SMI could not be triggered'],
  [
    'DEBUGGER_ERROR_UNABLE_TO_APPLY_COMMAND_TO_THE_TARGET_THREAD',
    'the command could not be applied to the target thread',
  ],
  ['DEBUGGER_ERROR_HYPERTRACE_NOT_INITIALIZED', 'HyperTrace is not initialised'],
  ['DEBUGGER_ERROR_INVALID_HYPERTRACE_OPERATION_TYPE', 'the HyperTrace operation type is invalid'],
  ['DEBUGGER_ERROR_LBR_ALREADY_ENABLED', 'LBR tracing is already enabled'],
  ['DEBUGGER_ERROR_LBR_ALREADY_DISABLED', 'LBR tracing is already disabled'],
  ['DEBUGGER_ERROR_LBR_NOT_SUPPORTED', 'the processor does not support LBR'],
  ['DEBUGGER_ERROR_LBR_NOT_SUPPORTED_ON_VMCS', 'LBR is not supported through the VMCS on this processor'],
  ['DEBUGGER_ERROR_PT_ALREADY_ENABLED', 'Intel PT tracing is already enabled'],
  ['DEBUGGER_ERROR_PT_ALREADY_DISABLED', 'Intel PT tracing is already disabled'],
  ['DEBUGGER_ERROR_PT_NOT_SUPPORTED', 'the processor does not support Intel PT'],
  [
    'DEBUGGER_ERROR_VMM_CANNOT_BE_INITIALIZED_IF_HYPERTRACE_IS_LOADED',
    'the VMM cannot be started while HyperTrace is loaded',
  ],
  [
    'DEBUGGER_ERROR_VMM_CANNOT_BE_INITIALIZED_IF_DEBUGGER_IS_NOT_LOADED',
    'the VMM cannot be started before the debugger module is loaded',
  ],
  ['DEBUGGER_ERROR_CANNOT_INITIALIZE_DEBUGGER', 'the debugger could not be initialised'],
];

export const STATUS_CODES: readonly StatusCode[] = TABLE.map(([name, meaning, remedy]) => ({
  code: constants[name] as number,
  name,
  meaning,
  ...(remedy === undefined ? {} : { remedy }),
}));

const BY_CODE = new Map(STATUS_CODES.map((entry) => [entry.code, entry]));

/**
 * Looks up a status code. Accepts u64 status fields too (MODIFY_EVENTS, SHORT_CIRCUITING,
 * SYMBOL_UPDATE_RESULT carry 0x00000000FFFFFFFF on success): only the low 32 bits count.
 */
export function describeStatus(code: number | bigint): StatusCode | undefined {
  const low = typeof code === 'bigint' ? Number(BigInt.asUintN(32, code)) : code >>> 0;
  return BY_CODE.get(low);
}

/** True for HyperDbg's success code (0xFFFFFFFF, also as a zero-extended u64). */
export function isSuccessStatus(code: number | bigint): boolean {
  return describeStatus(code)?.code === constants.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
}

/** A one-line message for the user: "0xc0000042 (NAME): meaning; what to do". */
export function formatStatus(code: number | bigint): string {
  const low = typeof code === 'bigint' ? Number(BigInt.asUintN(32, code)) : code >>> 0;
  const hex = `0x${low.toString(16).padStart(8, '0')}`;
  const entry = BY_CODE.get(low);
  if (!entry) return `${hex}: unknown status code (not a HyperDbg v0.23 code)`;
  return `${hex} (${entry.name}): ${entry.meaning}${entry.remedy ? `; ${entry.remedy}` : ''}`;
}
