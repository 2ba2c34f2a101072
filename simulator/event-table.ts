import { EptHooks, type AddressSpace } from './ept-hooks';
import { PoolIntention, type PoolManager } from './pool-manager';
import * as S from '../shared/protocol/generated/constants';
import { VMM_EVENT_TYPE_ENUM } from '../shared/protocol/generated/enums';
import { PreparedScript } from '../shared/script/eval';

/**
 * hyperkd v0.23's event registry on the instant path (events registered while halted in Debugger
 * Mode): validation order and codes (DebuggerValidateEvent), pool use per event/action/safe buffer
 * (DebuggerCreateEvent, DebuggerAddActionToEvent), EPT application, and the enable/disable/clear
 * lifecycle of KdPerformEventQueryAndModification. Pure state, no I/O.
 */

export const EventType = VMM_EVENT_TYPE_ENUM;

/** VMM_CALLBACK_EVENT_CALLING_STAGE_TYPE */
export const CallingStage = { PRE: 1, POST: 2, ALL: 3 } as const;
export type StoredStage = 1 | 2 | 3;

/** DEBUGGER_EVENT_ACTION_TYPE_ENUM */
export const ActionType = { BREAK_TO_DEBUGGER: 0, RUN_SCRIPT: 1, RUN_CUSTOM_CODE: 2 } as const;

/** DEBUGGER_MODIFY_EVENTS_TYPE */
export const ModifyEventsType = { QUERY_STATE: 0, ENABLE: 1, DISABLE: 2, CLEAR: 3 } as const;

export const APPLY_TO_ALL = 0xffffffff;
export const ALL_EVENTS_TAG = 0xffffffffffffffffn;
/** sizeof(DEBUGGER_EVENT) and sizeof(DEBUGGER_EVENT_ACTION), kernel-internal (constants.json). */
const DEBUGGER_EVENT_SIZE = 184;
const DEBUGGER_EVENT_ACTION_SIZE = 96;
const REGULAR_EVENT_BUFFER = S.REGULAR_INSTANT_EVENT_CONDITIONAL_BUFFER;
const BIG_EVENT_BUFFER = S.BIG_INSTANT_EVENT_CONDITIONAL_BUFFER;
const REGULAR_ACTION_BUFFER = S.REGULAR_INSTANT_EVENT_ACTION_BUFFER;
const BIG_ACTION_BUFFER = S.BIG_INSTANT_EVENT_ACTION_BUFFER;
/** `buffer N` must stay below MaximumPacketsCapacity. */
const MAXIMUM_PACKETS_CAPACITY = S.MaximumPacketsCapacity;
/** Clear requests that fit in the user-mode priority ring per halt (MaximumPacketsCapacityPriority). */
export const PRIORITY_RING_CAPACITY = S.MaximumPacketsCapacityPriority;

/** The fields of DEBUGGER_GENERAL_EVENT_DETAIL the debuggee uses. */
export interface EventRequest {
  coreId: number;
  processId: number;
  enableShortCircuiting: boolean;
  eventStage: number;
  tag: bigint;
  eventType: number;
  options: readonly bigint[]; // OptionalParam1..6
  /** ConditionBufferSize as sent (decides the pool), and the condition bytes that arrived */
  conditionSize: number;
  condition: Uint8Array;
}

/** The fields of DEBUGGER_GENERAL_ACTION plus the bytes that follow it. */
export interface ActionRequest {
  eventTag: bigint;
  actionType: number;
  immediateMessagePassing: boolean;
  preAllocatedBuffer: number;
  customCodeBufferSize: number;
  scriptBufferSize: number;
  scriptBufferPointer: number;
  payload: Uint8Array;
}

export interface SimAction {
  type: number;
  immediate: boolean;
  /** RUN_SCRIPT bytecode (ScriptBufferSize bytes), decoded once here because it runs on every hit */
  script: PreparedScript | undefined;
  scriptPointer: number;
  safeBufferSize: number;
  /** the safe buffer's kernel address ($buffer) or 0n */
  safeBuffer: bigint;
  poolAddress: bigint;
}

export interface SimEvent {
  tag: bigint;
  type: number;
  coreId: number;
  processId: number;
  enabled: boolean;
  shortCircuiting: boolean;
  stage: StoredStage;
  options: readonly bigint[];
  condition: Uint8Array;
  actions: SimAction[];
  poolAddress: bigint;
  /** cleared while halted: removed once the debuggee's user mode runs after the next continue */
  clearQueued: boolean;
  /** the condition is `xor eax, eax; ret` (see conditionPasses in debuggee.ts) */
  conditionNeverTrue: boolean;
}

export interface EventActionStatus {
  isSuccessful: boolean;
  error: number;
}

export interface ModifyResult {
  kernelStatus: number;
  isEnabled: boolean;
}

export interface DebuggeeContext extends AddressSpace {
  readonly coreCount: number;
  currentProcessId(): number;
  /** `preactivate mode` has been run (the mode exec trap exists) */
  modeExecTrapReady(): boolean;
  /** kernel LogError lines the registration itself prints */
  logError(functionName: string, line: number, text: string): void;
}

/**
 * Native condition code cannot be executed by the simulator. `xor eax, eax; ret` (the usual way
 * to write "never") is recognised as always false; every other condition passes.
 */
function isNeverTrueCondition(code: Uint8Array): boolean {
  const hex = Array.from(code, (b) => b.toString(16).padStart(2, '0')).join('');
  return ['31c0c3', '33c0c3', '4831c0c3', '4833c0c3'].includes(hex);
}

const ok = (): EventActionStatus => ({ isSuccessful: true, error: 0 });
const fail = (error: number): EventActionStatus => ({ isSuccessful: false, error });

export class EventTable {
  private readonly events = new Map<bigint, SimEvent>();
  private listCache: SimEvent[] | undefined;
  readonly ept: EptHooks;
  /** clear requests queued in the VMX-root priority ring during the current halt */
  private priorityRingUsed = 0;

  constructor(
    private readonly pools: PoolManager,
    private readonly context: DebuggeeContext,
  ) {
    this.ept = new EptHooks(pools, context.coreCount);
  }

  /** Registered events in registration order (includes disabled and clear-pending ones). */
  list(): readonly SimEvent[] {
    this.listCache ??= [...this.events.values()];
    return this.listCache;
  }

  get(tag: bigint): SimEvent | undefined {
    return this.events.get(tag);
  }

  /** a18 REGISTER_EVENT on the instant path (DebuggerParseEvent with InputFromVmxRoot = TRUE). */
  register(request: EventRequest): EventActionStatus {
    const invalid = this.validate(request);
    if (invalid !== undefined) return fail(invalid);

    const created = this.takeEventPool(request.conditionSize);
    if (typeof created === 'number') return fail(created);

    const event: SimEvent = {
      tag: request.tag,
      type: request.eventType,
      coreId: request.coreId,
      processId: request.processId,
      enabled: false,
      shortCircuiting: false,
      stage: CallingStage.PRE,
      options: request.options,
      condition: request.condition,
      actions: [],
      poolAddress: created.address,
      clearQueued: false,
      conditionNeverTrue: isNeverTrueCondition(request.condition),
    };
    // Types 23 and >= 28 have no event list: registration silently fails and the pool leaks.
    const hasList = request.eventType <= 27 && request.eventType !== EventType.CONTROL_REGISTER_READ;
    if (!hasList) {
      this.context.logError('DebuggerRegisterEvent', 2236, 'Err, wrong event type is specified');
      return fail(S.DEBUGGER_ERROR_EVENT_TYPE_IS_INVALID);
    }
    this.events.set(event.tag, event);
    this.listCache = undefined;

    const applied = this.apply(event);
    if (applied !== S.DEBUGGER_OPERATION_WAS_SUCCESSFUL) {
      this.removeEvent(event);
      return fail(applied);
    }
    event.shortCircuiting = request.enableShortCircuiting;
    event.stage = request.eventStage === 2 ? 2 : request.eventStage === 3 ? 3 : 1;
    return ok();
  }

  /** a19 ADD_ACTION_TO_EVENT on the instant path (DebuggerParseAction). */
  addAction(request: ActionRequest): EventActionStatus {
    const event = this.events.get(request.eventTag);
    if (!event) return fail(S.DEBUGGER_ERROR_TAG_NOT_EXISTS);

    let payloadSize: number;
    if (request.actionType === ActionType.RUN_CUSTOM_CODE) {
      if (request.customCodeBufferSize === 0) return fail(S.DEBUGGER_ERROR_ACTION_BUFFER_SIZE_IS_ZERO);
      payloadSize = request.customCodeBufferSize;
    } else if (request.actionType === ActionType.RUN_SCRIPT) {
      if (request.scriptBufferSize === 0) return fail(S.DEBUGGER_ERROR_ACTION_BUFFER_SIZE_IS_ZERO);
      payloadSize = request.scriptBufferSize;
    } else if (request.actionType === ActionType.BREAK_TO_DEBUGGER) {
      payloadSize = 0;
    } else {
      return fail(S.DEBUGGER_ERROR_INVALID_ACTION_TYPE);
    }

    const actionPool = this.takeActionPool(DEBUGGER_EVENT_ACTION_SIZE + payloadSize);
    if (typeof actionPool === 'number') return fail(actionPool);

    let safeBuffer = 0n;
    const wantsSafeBuffer =
      request.actionType !== ActionType.BREAK_TO_DEBUGGER && request.preAllocatedBuffer !== 0;
    if (wantsSafeBuffer) {
      if (request.preAllocatedBuffer >= MAXIMUM_PACKETS_CAPACITY) {
        this.pools.free(actionPool.address);
        return fail(
          S.DEBUGGER_ERROR_INSTANT_EVENT_REQUESTED_OPTIONAL_BUFFER_IS_BIGGER_THAN_DEBUGGERS_SEND_RECEIVE_STACK,
        );
      }
      safeBuffer = this.pools.take(PoolIntention.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS);
      if (safeBuffer === 0n) safeBuffer = this.pools.take(PoolIntention.INSTANT_BIG_SAFE_BUFFER_FOR_EVENTS);
      if (safeBuffer === 0n) {
        this.pools.free(actionPool.address);
        return fail(S.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_REQUESTED_SAFE_BUFFER_NOT_FOUND);
      }
    }

    event.actions.push({
      type: request.actionType,
      immediate: request.immediateMessagePassing,
      script:
        request.actionType === ActionType.RUN_SCRIPT
          ? new PreparedScript(request.payload.subarray(0, payloadSize))
          : undefined,
      scriptPointer: request.scriptBufferPointer,
      safeBufferSize: wantsSafeBuffer ? request.preAllocatedBuffer : 0,
      safeBuffer,
      poolAddress: actionPool.address,
    });
    event.enabled = true;
    return ok();
  }

  /** a20 QUERY_AND_MODIFY_EVENT (KdPerformEventQueryAndModification). */
  modify(tag: bigint, typeOfAction: number): ModifyResult {
    const forAll = tag === ALL_EVENTS_TAG;
    const event = this.events.get(tag);
    if (!forAll && !event)
      return { kernelStatus: S.DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TAG, isEnabled: false };
    const targets = forAll ? this.list() : [event as SimEvent];
    switch (typeOfAction) {
      case ModifyEventsType.QUERY_STATE:
        if (!event) return { kernelStatus: S.DEBUGGER_ERROR_TAG_NOT_EXISTS, isEnabled: false };
        return { kernelStatus: S.DEBUGGER_OPERATION_WAS_SUCCESSFUL, isEnabled: event.enabled };
      case ModifyEventsType.ENABLE:
      case ModifyEventsType.DISABLE:
        for (const target of targets) target.enabled = typeOfAction === ModifyEventsType.ENABLE;
        return { kernelStatus: S.DEBUGGER_OPERATION_WAS_SUCCESSFUL, isEnabled: false };
      case ModifyEventsType.CLEAR: {
        for (const target of targets) target.enabled = false;
        if (this.priorityRingUsed >= PRIORITY_RING_CAPACITY) {
          return {
            kernelStatus:
              S.DEBUGGER_ERROR_THE_TARGET_EVENT_IS_DISABLED_BUT_CANNOT_BE_CLEARED_PRIRITY_BUFFER_IS_FULL,
            isEnabled: false,
          };
        }
        this.priorityRingUsed++;
        for (const target of targets) target.clearQueued = true;
        return { kernelStatus: S.DEBUGGER_OPERATION_WAS_SUCCESSFUL, isEnabled: false };
      }
      default:
        return { kernelStatus: S.DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TYPE_OF_ACTION, isEnabled: false };
    }
  }

  /**
   * The debuggee's user mode drains the priority ring once the cores run again: every queued clear
   * becomes DebuggerClearEvent (unhook, remove, pools marked for freeing). Returns the cleared tags.
   */
  processQueuedClears(): bigint[] {
    this.priorityRingUsed = 0;
    const cleared: bigint[] = [];
    for (const event of this.list()) {
      if (!event.clearQueued) continue;
      this.removeEvent(event);
      cleared.push(event.tag);
    }
    return cleared;
  }

  /** LogCallbackCheckIfBufferIsFull(TRUE): no room left in the VMX-root priority ring. */
  priorityRingFull(): boolean {
    return this.priorityRingUsed >= PRIORITY_RING_CAPACITY;
  }

  /** Whether clear requests are waiting for the debuggee's user mode (they make it issue IOCTLs). */
  hasQueuedClears(): boolean {
    return this.priorityRingUsed > 0;
  }

  /** Script `event_clear()`: immediate removal, even in VMX root. */
  clearNow(tag: bigint): boolean {
    const event = this.events.get(tag);
    if (!event) return false;
    this.removeEvent(event);
    return true;
  }

  private validate(request: EventRequest): number | undefined {
    const stageIsPostOrAll =
      request.eventStage === CallingStage.POST || request.eventStage === CallingStage.ALL;
    if (stageIsPostOrAll && request.enableShortCircuiting) {
      return S.DEBUGGER_ERROR_USING_SHORT_CIRCUITING_EVENT_WITH_POST_EVENT_MODE_IS_FORBIDDEDN;
    }
    if (request.coreId !== APPLY_TO_ALL && request.coreId >= this.context.coreCount) {
      return S.DEBUGGER_ERROR_INVALID_CORE_ID;
    }
    const [p1, p2, p3] = request.options;
    switch (request.eventType) {
      case EventType.EXCEPTION_OCCURRED:
        if (p1 !== 0xffffffffn && p1 >= 31n) return S.DEBUGGER_ERROR_EXCEPTION_INDEX_EXCEED_FIRST_32_ENTRIES;
        return undefined;
      case EventType.EXTERNAL_INTERRUPT_OCCURRED:
        if (p1 < 32n || p1 > 255n) return S.DEBUGGER_ERROR_INTERRUPT_INDEX_IS_NOT_VALID;
        return undefined;
      case EventType.TRAP_EXECUTION_MODE_CHANGED:
        if (p1 !== 0n && p1 !== 1n && p1 !== 3n) return S.DEBUGGER_ERROR_MODE_EXECUTION_IS_INVALID;
        return undefined;
      case EventType.HIDDEN_HOOK_EXEC_DETOURS:
      case EventType.HIDDEN_HOOK_EXEC_CC:
        if (!this.isCurrentProcess(request.processId)) {
          return S.DEBUGGER_ERROR_PROCESS_ID_CANNOT_BE_SPECIFIED_WHILE_APPLYING_EVENT_FROM_VMX_ROOT_MODE;
        }
        if (this.context.translate(p1) === undefined) return S.DEBUGGER_ERROR_INVALID_ADDRESS;
        return undefined;
      default:
        if (request.eventType >= 0 && request.eventType <= EventType.HIDDEN_HOOK_EXECUTE) {
          if (!this.isCurrentProcess(request.processId)) {
            return S.DEBUGGER_ERROR_PROCESS_ID_CANNOT_BE_SPECIFIED_WHILE_APPLYING_EVENT_FROM_VMX_ROOT_MODE;
          }
          if (p3 === 1n) {
            if (!this.context.isValidPhysical(p1) || !this.context.isValidPhysical(p2)) {
              return S.DEBUGGER_ERROR_INVALID_PHYSICAL_ADDRESS;
            }
          } else if (this.context.translate(p1) === undefined || this.context.translate(p2) === undefined) {
            return S.DEBUGGER_ERROR_INVALID_ADDRESS;
          }
          if (p1 >= p2) return S.DEBUGGER_ERROR_INVALID_ADDRESS;
        }
        return undefined;
    }
  }

  /** ProcessId 0xFFFFFFFF means "current"; pid 0 is not (except while halted in the Idle process). */
  private isCurrentProcess(processId: number): boolean {
    const effective = processId === APPLY_TO_ALL ? this.context.currentProcessId() : processId;
    return effective === this.context.currentProcessId();
  }

  private takeEventPool(conditionLength: number): { address: bigint } | number {
    const needed = DEBUGGER_EVENT_SIZE + conditionLength;
    if (needed <= REGULAR_EVENT_BUFFER) {
      let address = this.pools.take(PoolIntention.INSTANT_REGULAR_EVENT_BUFFER);
      if (address === 0n) address = this.pools.take(PoolIntention.INSTANT_BIG_EVENT_BUFFER);
      return address === 0n
        ? S.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND
        : { address };
    }
    if (needed <= BIG_EVENT_BUFFER) {
      const address = this.pools.take(PoolIntention.INSTANT_BIG_EVENT_BUFFER);
      return address === 0n ? S.DEBUGGER_ERROR_INSTANT_EVENT_BIG_PREALLOCATED_BUFFER_NOT_FOUND : { address };
    }
    return S.DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_EVENT_AND_CONDITIONALS;
  }

  private takeActionPool(needed: number): { address: bigint } | number {
    if (needed <= REGULAR_ACTION_BUFFER) {
      let address = this.pools.take(PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER);
      if (address === 0n) address = this.pools.take(PoolIntention.INSTANT_BIG_EVENT_ACTION_BUFFER);
      return address === 0n
        ? S.DEBUGGER_ERROR_INSTANT_EVENT_ACTION_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND
        : { address };
    }
    if (needed <= BIG_ACTION_BUFFER) {
      const address = this.pools.take(PoolIntention.INSTANT_BIG_EVENT_ACTION_BUFFER);
      return address === 0n
        ? S.DEBUGGER_ERROR_INSTANT_EVENT_ACTION_BIG_PREALLOCATED_BUFFER_NOT_FOUND
        : { address };
    }
    return S.DEBUGGER_ERROR_INSTANT_EVENT_PREALLOCATED_BUFFER_IS_NOT_ENOUGH_FOR_ACTION_BUFFER;
  }

  /** DebuggerApplyEvent for the instant path. */
  private apply(event: SimEvent): number {
    const [p1, p2, p3] = event.options;
    if (event.type === EventType.HIDDEN_HOOK_EXEC_CC)
      return this.ept.addHiddenBreakpoint(this.context, p1, event.tag);
    if (event.type === EventType.HIDDEN_HOOK_EXEC_DETOURS)
      return this.ept.addDetour(this.context, p1, event.tag);
    if (event.type >= 0 && event.type <= EventType.HIDDEN_HOOK_EXECUTE) {
      if (p3 === 1n)
        return this.ept.addMonitor({ translate: (pa) => pa, isValidPhysical: () => true }, p1, p2, event.tag);
      return this.ept.addMonitor(this.context, p1, p2, event.tag);
    }
    if (event.type === EventType.TRAP_EXECUTION_MODE_CHANGED && !this.context.modeExecTrapReady()) {
      return S.DEBUGGER_ERROR_THE_MODE_EXEC_TRAP_IS_NOT_INITIALIZED;
    }
    if (event.type === EventType.CONTROL_REGISTER_3_MODIFIED) return S.DEBUGGER_ERROR_EVENT_TYPE_IS_INVALID;
    return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  }

  /** DebuggerRemoveEvent / DebuggerClearEvent: unhook, unlink, mark every pool of the event for freeing. */
  private removeEvent(event: SimEvent): void {
    this.ept.removeByTag(event.tag);
    for (const action of event.actions) {
      this.pools.free(action.poolAddress);
      if (action.safeBuffer !== 0n) this.pools.free(action.safeBuffer);
    }
    this.pools.free(event.poolAddress);
    this.events.delete(event.tag);
    this.listCache = undefined;
  }
}
