/**
 * Byte layouts of the event packets (protocol reference 5.3, 5.5, 5.6, 5.7; sizes from the v0.23
 * layout oracle). Pure functions: a request payload in, bytes out; a response payload in, fields out.
 */
import {
  DEBUGGER_EVENT_APPLY_TO_ALL_CORES,
  DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG,
  VMM_EVENT_TYPE_ENUM,
} from '../../../shared/protocol';

/** First event tag of a session; the user-visible event number is `tag - EVENT_TAG_START_SEED`. */
export const EVENT_TAG_START_SEED = 0x1000000n;
/** `events e|d|c all`: DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG. */
export const ALL_EVENTS_TAG = DEBUGGER_MODIFY_EVENTS_APPLY_TO_ALL_TAG;
/** Filter value meaning "every core" / "every process". */
export const APPLY_TO_ALL = DEBUGGER_EVENT_APPLY_TO_ALL_CORES;
export const STATUS_SUCCESS = 0xffffffff;

export const GENERAL_EVENT_DETAIL_SIZE = 168;
export const GENERAL_ACTION_SIZE = 32;
export const MODIFY_EVENTS_SIZE = 24;
export const SHORT_CIRCUITING_EVENT_SIZE = 16;
export const MAX_OUTPUT_SOURCES_PER_EVENT = 5;

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

/** A SCRIPT action's body is an array of 24-byte SYMBOL records (protocol reference 5.5). */
export const SCRIPT_SYMBOL_RECORD_SIZE = 24;

function withLengthPrefix(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out.set(body, 4);
  return out;
}

/** DEBUGGER_GENERAL_EVENT_DETAIL followed by the condition bytes (no length prefix). */
export function encodeGeneralEventDetail(event: GeneralEventDetail): Uint8Array {
  if (event.outputSourceTags.length > MAX_OUTPUT_SOURCES_PER_EVENT) {
    throw new RangeError(`at most ${MAX_OUTPUT_SOURCES_PER_EVENT} output sources fit in one event`);
  }
  if (event.params.length > 6) throw new RangeError('an event has at most six optional parameters');
  const out = new Uint8Array(GENERAL_EVENT_DETAIL_SIZE + event.condition.length);
  const view = new DataView(out.buffer);
  view.setUint32(16, event.coreId >>> 0, true);
  view.setUint32(20, event.processId >>> 0, true);
  // IsEnabled: HyperDbg's CLI always sends 1; the debuggee enables on the first good action anyway.
  out[24] = 1;
  out[25] = event.enableShortCircuiting ? 1 : 0;
  view.setUint32(28, event.stage, true);
  out[32] = event.outputSourceTags.length > 0 ? 1 : 0;
  event.outputSourceTags.forEach((tag, i) => view.setBigUint64(40 + 8 * i, tag, true));
  view.setUint32(80, event.countOfActions, true);
  view.setBigUint64(88, event.tag, true);
  view.setUint32(96, event.eventType, true);
  event.params.forEach((value, i) => view.setBigUint64(104 + 8 * i, BigInt.asUintN(64, value), true));
  // CommandStringBuffer (offset 152) is a debugger heap pointer in HyperDbg: meaningless remotely, sent as 0.
  view.setUint32(160, event.condition.length, true);
  out.set(event.condition, GENERAL_EVENT_DETAIL_SIZE);
  return out;
}

/** REGISTER_EVENT (a18) payload: u32 length + event detail + condition. */
export function encodeRegisterEventPayload(event: GeneralEventDetail): Uint8Array {
  return withLengthPrefix(encodeGeneralEventDetail(event));
}

/** DEBUGGER_GENERAL_ACTION followed by its code/script bytes (no length prefix). */
export function encodeGeneralAction(action: GeneralAction): Uint8Array {
  const out = new Uint8Array(GENERAL_ACTION_SIZE + action.body.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, action.eventTag, true);
  view.setUint32(8, action.actionType, true);
  out[12] = action.immediateMessagePassing ? 1 : 0;
  view.setUint32(16, action.preAllocatedBuffer >>> 0, true);
  if (action.actionType === ActionType.runCustomCode) {
    view.setUint32(20, action.body.length, true);
  } else if (action.actionType === ActionType.runScript) {
    view.setUint32(24, action.body.length, true);
    view.setUint32(28, Math.floor(action.body.length / SCRIPT_SYMBOL_RECORD_SIZE), true);
  }
  out.set(action.body, GENERAL_ACTION_SIZE);
  return out;
}

/** ADD_ACTION_TO_EVENT (a19) payload: u32 length + action + body. */
export function encodeAddActionPayload(action: GeneralAction): Uint8Array {
  return withLengthPrefix(encodeGeneralAction(action));
}

/** DEBUGGER_MODIFY_EVENTS request (a20). */
export function encodeModifyEvents(tag: bigint, typeOfAction: ModifyEventsTypeValue): Uint8Array {
  const out = new Uint8Array(MODIFY_EVENTS_SIZE);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, tag, true);
  view.setUint32(16, typeOfAction, true);
  return out;
}

/** DEBUGGER_SHORT_CIRCUITING_EVENT request (a29). */
export function encodeShortCircuitingEvent(on: boolean): Uint8Array {
  const out = new Uint8Array(SHORT_CIRCUITING_EVENT_SIZE);
  out[8] = on ? 1 : 0;
  return out;
}

/** Short payloads read as zero-padded, like HyperDbg (protocol reference 9.15). */
function padded(payload: Uint8Array, size: number): DataView {
  const buf = new Uint8Array(Math.max(size, payload.length));
  buf.set(payload);
  return new DataView(buf.buffer);
}

export interface EventAndActionResult {
  readonly isSuccessful: boolean;
  readonly error: number;
  /** HyperDbg's success rule: IsSuccessful and Error == 0. */
  readonly ok: boolean;
}

/** DEBUGGER_EVENT_AND_ACTION_RESULT (a52/a53). */
export function decodeEventAndActionResult(payload: Uint8Array): EventAndActionResult {
  const view = padded(payload, 8);
  const isSuccessful = view.getUint8(0) !== 0;
  const error = view.getUint32(4, true);
  return { isSuccessful, error, ok: isSuccessful && error === 0 };
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
  const view = padded(payload, MODIFY_EVENTS_SIZE);
  return {
    tag: view.getBigUint64(0, true),
    status: view.getUint32(8, true),
    typeOfAction: view.getUint32(16, true),
    isEnabled: view.getUint8(20) !== 0,
  };
}

/** DEBUGGER_SHORT_CIRCUITING_EVENT response (a60): low 32 bits of KernelStatus. */
export function decodeShortCircuitingStatus(payload: Uint8Array): number {
  return padded(payload, SHORT_CIRCUITING_EVENT_SIZE).getUint32(0, true);
}
