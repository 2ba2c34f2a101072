/**
 * The event packets (protocol reference 5.3, 5.5, 5.6, 5.7) in the event commands' terms. Pure
 * functions: a request payload in, bytes out; a response payload in, fields out. Every byte goes
 * through the struct codecs and payload helpers of shared/protocol.
 */
import {
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_EVENT_APPLY_TO_ALL_CORES,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG,
  DEBUGGER_OPERATION_WAS_SUCCESSFUL,
  DEBUGGER_SHORT_CIRCUITING_EVENT,
  DebuggerEventTagStartSeed,
  DebuggerOutputSourceMaximumRemoteSourceForSingleEvent,
  DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET,
  DEBUGGER_GENERAL_ACTION,
  DEBUGGER_GENERAL_EVENT_DETAIL,
  SYMBOL,
  VMM_EVENT_TYPE_ENUM,
} from './index';

/** First event tag of a session; the user-visible event number is `tag - EVENT_TAG_START_SEED`. */
export const EVENT_TAG_START_SEED = BigInt(DebuggerEventTagStartSeed);
/** `events e|d|c all`: DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG. */
export const ALL_EVENTS_TAG = DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG;
/** Filter value meaning "every core" / "every process". */
export const APPLY_TO_ALL = DEBUGGER_EVENT_APPLY_TO_ALL_CORES;
export const STATUS_SUCCESS = DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export const MAX_OUTPUT_SOURCES_PER_EVENT = DebuggerOutputSourceMaximumRemoteSourceForSingleEvent;
/** DEBUGGER_EVENT_OPTIONS holds OptionalParam1..6. */
const MAX_EVENT_PARAMS = 6;

/** Requested actions used by events (protocol reference 4.1). */
export const EventAction = {
  registerEvent: 18,
  addActionToEvent: 19,
  queryAndModifyEvent: 20,
  setShortCircuitingState: 29,
  resultOfRegisteringEvent: 52,
  resultOfAddingActionToEvent: 53,
  resultOfQueryAndModifyEvent: 54,
  resultOfShortCircuitingState: 60,
} as const;

/** VMM_EVENT_TYPE_ENUM (protocol reference, appendix C). */
export const EventType = VMM_EVENT_TYPE_ENUM;
export type EventTypeValue = VMM_EVENT_TYPE_ENUM;

/** Calling stage (VMM_CALLBACK_EVENT_CALLING_STAGE_TYPE). */
export const EventStage = { pre: 1, post: 2, all: 3 } as const;
export type EventStageValue = (typeof EventStage)[keyof typeof EventStage];

/** DEBUGGER_EVENT_ACTION_TYPE_ENUM; also the send order of an event's actions. */
export const ActionType = { breakToDebugger: 0, runScript: 1, runCustomCode: 2 } as const;
export type ActionTypeValue = (typeof ActionType)[keyof typeof ActionType];

/** DEBUGGER_MODIFY_EVENTS_TYPE. */
export const ModifyEventsType = { query: 0, enable: 1, disable: 2, clear: 3 } as const;
export type ModifyEventsTypeValue = (typeof ModifyEventsType)[keyof typeof ModifyEventsType];

export interface GeneralEventDetail {
  readonly tag: bigint;
  readonly eventType: EventTypeValue;
  readonly coreId: number;
  readonly processId: number;
  readonly enableShortCircuiting: boolean;
  readonly stage: EventStageValue;
  /** Debugger-side output source ids (`output {}`); empty when none. */
  readonly outputSourceTags: readonly bigint[];
  readonly countOfActions: number;
  /** OptionalParam1..6; missing entries are 0. */
  readonly params: readonly bigint[];
  readonly condition: Uint8Array;
}

export interface GeneralAction {
  readonly eventTag: bigint;
  readonly actionType: ActionTypeValue;
  readonly immediateMessagePassing: boolean;
  readonly preAllocatedBuffer: number;
  /** Custom code bytes (RUN_CUSTOM_CODE) or script bytecode (RUN_SCRIPT); empty for BREAK. */
  readonly body: Uint8Array;
}

/**
 * The u32 length, the struct and its trailing bytes. Built here rather than with shared/protocol's
 * payload helpers because an oversize payload must still be built: the handler refuses it with
 * the frame encoder's own message (HyperDbg's "buffer is above the maximum buffer size").
 */
function withLengthPrefix(struct: Uint8Array, trailing: Uint8Array): Uint8Array {
  const header = DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET;
  const out = new Uint8Array(header.size + struct.length + trailing.length);
  header.encodeInto(out, 0, { Length: struct.length + trailing.length });
  out.set(struct, header.size);
  out.set(trailing, header.size + struct.length);
  return out;
}

/** REGISTER_EVENT (a18) payload: u32 length + DEBUGGER_GENERAL_EVENT_DETAIL + condition. */
export function encodeRegisterEventPayload(event: GeneralEventDetail): Uint8Array {
  if (event.outputSourceTags.length > MAX_OUTPUT_SOURCES_PER_EVENT) {
    throw new RangeError(`at most ${MAX_OUTPUT_SOURCES_PER_EVENT} output sources fit in one event`);
  }
  if (event.params.length > MAX_EVENT_PARAMS) {
    throw new RangeError('an event has at most six optional parameters');
  }
  const params = Array.from({ length: MAX_EVENT_PARAMS }, (_, i) =>
    BigInt.asUintN(64, event.params[i] ?? 0n),
  );
  const detail = DEBUGGER_GENERAL_EVENT_DETAIL.encode({
    CoreId: event.coreId >>> 0,
    ProcessId: event.processId >>> 0,
    // HyperDbg's CLI always sends IsEnabled = 1; the debuggee enables on the first good action anyway.
    IsEnabled: true,
    EnableShortCircuiting: event.enableShortCircuiting,
    EventStage: event.stage,
    HasCustomOutput: event.outputSourceTags.length > 0,
    OutputSourceTags: [...event.outputSourceTags],
    CountOfActions: event.countOfActions,
    Tag: event.tag,
    EventType: event.eventType,
    Options: {
      OptionalParam1: params[0],
      OptionalParam2: params[1],
      OptionalParam3: params[2],
      OptionalParam4: params[3],
      OptionalParam5: params[4],
      OptionalParam6: params[5],
    },
    // CommandStringBuffer is a debugger heap pointer in HyperDbg: meaningless remotely, sent as 0.
    ConditionBufferSize: event.condition.length,
  });
  return withLengthPrefix(detail, event.condition);
}

/**
 * ADD_ACTION_TO_EVENT (a19) payload: u32 length + DEBUGGER_GENERAL_ACTION + body. A script body
 * is bytecode of SYMBOL records; ScriptBufferPointer carries their count.
 */
export function encodeAddActionPayload(action: GeneralAction): Uint8Array {
  const isScript = action.actionType === ActionType.runScript;
  const isCustomCode = action.actionType === ActionType.runCustomCode;
  const header = DEBUGGER_GENERAL_ACTION.encode({
    EventTag: action.eventTag,
    ActionType: action.actionType,
    ImmediateMessagePassing: action.immediateMessagePassing,
    PreAllocatedBuffer: action.preAllocatedBuffer >>> 0,
    CustomCodeBufferSize: isCustomCode ? action.body.length : 0,
    ScriptBufferSize: isScript ? action.body.length : 0,
    ScriptBufferPointer: isScript ? Math.floor(action.body.length / SYMBOL.size) : 0,
  });
  return withLengthPrefix(header, action.body);
}

/** DEBUGGER_MODIFY_EVENTS request (a20). */
export function encodeModifyEvents(tag: bigint, typeOfAction: ModifyEventsTypeValue): Uint8Array {
  return DEBUGGER_MODIFY_EVENTS.encode({ Tag: tag, TypeOfAction: typeOfAction });
}

/** DEBUGGER_SHORT_CIRCUITING_EVENT request (a29). */
export function encodeShortCircuitingEvent(on: boolean): Uint8Array {
  return DEBUGGER_SHORT_CIRCUITING_EVENT.encode({ IsShortCircuiting: on });
}

/** The low 32 bits of a u64 KernelStatus (success is 0x00000000FFFFFFFF). */
const low32 = (status: bigint): number => Number(BigInt.asUintN(32, status));

export interface EventAndActionResult {
  readonly isSuccessful: boolean;
  readonly error: number;
  /** HyperDbg's success rule: IsSuccessful and Error == 0. */
  readonly ok: boolean;
}

/** DEBUGGER_EVENT_AND_ACTION_RESULT (a52/a53); short payloads read as zero-padded, like HyperDbg. */
export function decodeEventAndActionResult(payload: Uint8Array): EventAndActionResult {
  const result = DEBUGGER_EVENT_AND_ACTION_RESULT.decode(payload);
  return {
    isSuccessful: result.IsSuccessful,
    error: result.Error,
    ok: result.IsSuccessful && result.Error === 0,
  };
}

export interface ModifyEventsResult {
  readonly tag: bigint;
  /** Low 32 bits of the u64 KernelStatus (success is 0x00000000FFFFFFFF). */
  readonly status: number;
  readonly typeOfAction: number;
  readonly isEnabled: boolean;
}

/** DEBUGGER_MODIFY_EVENTS response (a54). */
export function decodeModifyEvents(payload: Uint8Array): ModifyEventsResult {
  const result = DEBUGGER_MODIFY_EVENTS.decode(payload);
  return {
    tag: result.Tag,
    status: low32(result.KernelStatus),
    typeOfAction: result.TypeOfAction,
    isEnabled: result.IsEnabled,
  };
}

/** DEBUGGER_SHORT_CIRCUITING_EVENT response (a60): low 32 bits of KernelStatus. */
export function decodeShortCircuitingStatus(payload: Uint8Array): number {
  return low32(DEBUGGER_SHORT_CIRCUITING_EVENT.decode(payload).KernelStatus);
}
