/**
 * The a18/a19 payloads the tests and benches send, through the one event-payload encoder
 * (shared/protocol/event-packets). Unset fields are those of a plain event command with no
 * options: every core, every process, pre stage, no condition, no output sources.
 */
import {
  APPLY_TO_ALL,
  EventStage,
  encodeAddActionPayload,
  encodeRegisterEventPayload,
  type GeneralAction,
  type GeneralEventDetail,
} from '../event-packets';

export function registerEventPayload(
  event: Pick<GeneralEventDetail, 'tag' | 'eventType'> & Partial<GeneralEventDetail>,
): Uint8Array {
  return encodeRegisterEventPayload({
    coreId: APPLY_TO_ALL,
    processId: APPLY_TO_ALL,
    enableShortCircuiting: false,
    stage: EventStage.pre,
    outputSourceTags: [],
    countOfActions: 0,
    params: [],
    condition: new Uint8Array(0),
    ...event,
  });
}

export function addActionPayload(
  action: Pick<GeneralAction, 'eventTag' | 'actionType'> & Partial<GeneralAction>,
): Uint8Array {
  return encodeAddActionPayload({
    immediateMessagePassing: true,
    preAllocatedBuffer: 0,
    body: new Uint8Array(0),
    ...action,
  });
}
