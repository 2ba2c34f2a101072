/**
 * Live model of every event of the session (what `events` lists and the GUI's events panel
 * shows): identity, parameters, filters, actions, state and hit counts. The debuggee never sends
 * an event list, so this is built from what we sent and what came back (protocol reference 5.6,
 * 5.7): registration results, `events e/d/c` results, PAUSED reason 11 (stage-tagged triggers)
 * and log messages whose operation code is an event tag (script output).
 */
import type { EventsModel } from '../ports/services';
import type { LogMessage, HaltContext } from '../session/link';
import {
  EVENT_TAG_START_SEED,
  EventType,
  type GeneralAction,
  type GeneralEventDetail,
} from '../../shared/protocol/event-packets';
import { Emitter } from '../../shared/events/emitter';
import type { ActionKind } from '../../shared/ipc/model';

export type EventState = 'enabled' | 'disabled' | 'clear-pending';
export type StageName = 'pre' | 'post' | 'all';

export interface EventActionRecord {
  readonly kind: ActionKind;
  readonly immediateMessagePassing: boolean;
  readonly preAllocatedBuffer: number;
  readonly bodySize: number;
  readonly scriptSource?: string;
  /** Result of ADD_ACTION (a53): undefined = accepted, else the error status. */
  readonly error?: number;
}

export interface EventRecord {
  /** User-visible event number (tag − 0x1000000). */
  readonly id: number;
  readonly tag: bigint;
  readonly commandText: string;
  /** What HyperDbg's `events` prints for this event (tokens joined by spaces). */
  readonly listingText: string;
  readonly commandName: string;
  readonly eventType: number;
  readonly eventTypeName: string;
  readonly params: readonly bigint[];
  /**
   * The parameters in words, e.g. "rw 0xffffc58a00000000..0xffffc58a00002fff (virtual)". Always
   * set by the model; optional so records built elsewhere (fixtures, older snapshots) stay valid.
   */
  readonly parameterSummary?: string;
  readonly stage: StageName;
  /** undefined = all processes / all cores. */
  readonly processId?: number;
  readonly coreId?: number;
  readonly shortCircuiting: boolean;
  /** Tags of the `output {}` sources the event's messages are forwarded to (empty: the console). */
  readonly outputSourceTags?: readonly bigint[];
  readonly conditionSize: number;
  readonly actions: readonly EventActionRecord[];
  readonly state: EventState;
  readonly hits: { readonly pre: number; readonly post: number };
  /** Messages whose operation code is this event's tag (script output with `imm yes`). */
  readonly outputMessages: number;
  readonly lastHitAt?: number;
}

export type EventsChange =
  | { readonly kind: 'reset' }
  | { readonly kind: 'added' | 'updated' | 'removed'; readonly event: EventRecord };

type Listener = (change: EventsChange) => void;

const TYPE_NAMES = new Map<number, string>(Object.entries(EventType).map(([name, value]) => [value, name]));
const STAGE_NAMES: Record<number, StageName> = { 1: 'pre', 2: 'post', 3: 'all' };
const ACTION_KINDS: Record<number, ActionKind> = { 0: 'break', 1: 'script', 2: 'code' };
const ALL = 0xffffffff;
const PAUSE_REASON_EVENT_TRIGGERED = 11;

export interface RegisteredEvent {
  readonly commandText: string;
  readonly listingText: string;
  readonly commandName: string;
  readonly event: GeneralEventDetail;
  readonly actions: readonly GeneralAction[];
  /** Per action, in order: undefined when accepted, else the a53 error status. */
  readonly actionErrors: readonly (number | undefined)[];
  readonly scriptSource?: string;
}

export class LiveEventsModel implements EventsModel {
  private nextTag = EVENT_TAG_START_SEED;
  private readonly events = new Map<bigint, EventRecord>();
  private readonly changes = new Emitter<{ change: EventsChange }>();

  /** HyperDbg's debugger-side tag counter: taken before validation, so gaps are normal. */
  allocateTag(): bigint {
    return this.nextTag++;
  }

  reset(): void {
    this.nextTag = EVENT_TAG_START_SEED;
    this.events.clear();
    this.emit({ kind: 'reset' });
  }

  /** Oldest first, like HyperDbg's `events` list. */
  list(): readonly EventRecord[] {
    return [...this.events.values()];
  }

  get(tag: bigint): EventRecord | undefined {
    return this.events.get(tag);
  }

  has(tag: bigint): boolean {
    return this.events.has(tag);
  }

  onChange(listener: Listener): () => void {
    return this.changes.on('change', listener);
  }

  /** A52 succeeded: the debuggee created the event (enabled once an action was accepted). */
  add(registered: RegisteredEvent): EventRecord {
    const { event } = registered;
    const actions = registered.actions.map((action, i): EventActionRecord => {
      const kind = ACTION_KINDS[action.actionType];
      const error = registered.actionErrors[i];
      return {
        kind,
        immediateMessagePassing: action.immediateMessagePassing,
        preAllocatedBuffer: action.preAllocatedBuffer,
        bodySize: action.body.length,
        ...(kind === 'script' && registered.scriptSource !== undefined
          ? { scriptSource: registered.scriptSource }
          : {}),
        ...(error !== undefined ? { error } : {}),
      };
    });
    const record: EventRecord = {
      id: Number(event.tag - EVENT_TAG_START_SEED),
      tag: event.tag,
      commandText: registered.commandText,
      listingText: registered.listingText,
      commandName: registered.commandName,
      eventType: event.eventType,
      eventTypeName: TYPE_NAMES.get(event.eventType) ?? `TYPE_${event.eventType}`,
      params: event.params,
      parameterSummary: summarizeParameters(event.eventType, event.params),
      stage: STAGE_NAMES[event.stage] ?? 'pre',
      ...(event.processId !== ALL ? { processId: event.processId } : {}),
      ...(event.coreId !== ALL ? { coreId: event.coreId } : {}),
      shortCircuiting: event.enableShortCircuiting,
      outputSourceTags: event.outputSourceTags,
      conditionSize: event.condition.length,
      actions,
      // The debuggee creates events disabled and enables them with the first accepted action.
      state: actions.some((a) => a.error === undefined) ? 'enabled' : 'disabled',
      hits: { pre: 0, post: 0 },
      outputMessages: 0,
    };
    this.events.set(record.tag, record);
    this.emit({ kind: 'added', event: record });
    return record;
  }

  /** Result of an `events e|d` request (or a live query) for one tag or all. */
  setEnabled(tag: bigint | 'all', enabled: boolean): void {
    for (const record of this.targets(tag)) {
      if (record.state === 'clear-pending') continue;
      this.update(record, { state: enabled ? 'enabled' : 'disabled' });
    }
  }

  /** `events c`: disabled now, removed from the debuggee after the next continue. */
  markCleared(tag: bigint | 'all'): void {
    for (const record of this.targets(tag)) this.update(record, { state: 'clear-pending' });
  }

  observeResume(): void {
    for (const record of [...this.events.values()]) {
      if (record.state !== 'clear-pending') continue;
      this.events.delete(record.tag);
      this.emit({ kind: 'removed', event: record });
    }
  }

  /** A trigger halt: the event's last hit time (its hit is counted from the stored trigger row). */
  observePause(context: HaltContext): void {
    if (context.reason !== PAUSE_REASON_EVENT_TRIGGERED) return;
    const record = this.events.get(context.eventTag);
    if (record) this.update(record, { lastHitAt: context.arrivedAt });
  }

  /**
   * One hit of an event in a calling stage: every event message the debuggee sends (a trigger
   * halt, or one script/code output message) is one hit, so hits equal the event's log rows
   * per stage. Rows of no known stage are not hits.
   */
  countHit(tag: number, stage: 'pre' | 'post' | undefined): void {
    if (stage === undefined) return;
    const record = this.events.get(BigInt(tag));
    if (!record) return;
    this.update(record, { hits: { ...record.hits, [stage]: record.hits[stage] + 1 } });
  }

  observeLog(message: LogMessage): void {
    // Operation codes 1..4 are severities/batches; script output of an event carries its tag's low 32 bits.
    if (message.operationCode < Number(EVENT_TAG_START_SEED)) return;
    const record = this.events.get(BigInt(message.operationCode >>> 0));
    if (!record) return;
    this.update(record, { outputMessages: record.outputMessages + 1, lastHitAt: message.arrivedAt });
  }

  private targets(tag: bigint | 'all'): EventRecord[] {
    if (tag === 'all') return [...this.events.values()];
    const record = this.events.get(tag);
    return record ? [record] : [];
  }

  private update(record: EventRecord, patch: Partial<EventRecord>): void {
    const next = { ...record, ...patch };
    this.events.set(record.tag, next);
    this.emit({ kind: 'updated', event: next });
  }

  private emit(change: EventsChange): void {
    this.changes.emit('change', change);
  }
}

const MONITOR_ACCESS: Record<number, string> = {
  0: 'rwx',
  1: 'rw',
  2: 'rx',
  3: 'wx',
  4: 'r',
  5: 'w',
  6: 'x',
};
const MODE_NAMES: Record<string, string> = {
  '0': 'kernel mode',
  '1': 'user and kernel mode',
  '3': 'user mode',
};
const ALL_OF = 0xffffffffn;

/** What an event watches, in words (protocol reference 5.4 gives the meaning of each parameter). */
export function summarizeParameters(eventType: number, params: readonly bigint[]): string {
  const hex = (value: bigint | undefined) => `0x${(value ?? 0n).toString(16)}`;
  const oneOrAll = (what: string, all: string) => (params[0] === ALL_OF ? all : `${what} ${hex(params[0])}`);
  switch (eventType) {
    case EventType.HIDDEN_HOOK_EXEC_CC:
    case EventType.HIDDEN_HOOK_EXEC_DETOURS:
      return `address ${hex(params[0])}`;
    case EventType.SYSCALL_HOOK_EFER_SYSCALL:
      return oneOrAll('syscall', 'all syscalls') + (params[1] === 1n ? ', handles every #UD' : '');
    case EventType.SYSCALL_HOOK_EFER_SYSRET:
      return 'all sysrets' + (params[1] === 1n ? ', handles every #UD' : '');
    case EventType.CPUID_INSTRUCTION_EXECUTION:
      return params[0] === 1n ? `leaf (eax) ${hex(params[1])}` : 'every leaf';
    case EventType.XSETBV_INSTRUCTION_EXECUTION:
      return params[0] === 1n ? `xcr ${hex(params[1])}` : 'every xcr';
    case EventType.RDMSR_INSTRUCTION_EXECUTION:
    case EventType.WRMSR_INSTRUCTION_EXECUTION:
      return oneOrAll('msr', 'all MSRs');
    case EventType.IN_INSTRUCTION_EXECUTION:
    case EventType.OUT_INSTRUCTION_EXECUTION:
      return oneOrAll('port', 'all ports');
    case EventType.EXCEPTION_OCCURRED:
      return oneOrAll('vector', 'the first 32 vectors');
    case EventType.EXTERNAL_INTERRUPT_OCCURRED:
      return `vector ${hex(params[0])}`;
    case EventType.CONTROL_REGISTER_MODIFIED:
      return `cr${params[0] ?? 0n}` + (params[1] === 0xffffffffffffffffn ? '' : `, mask ${hex(params[1])}`);
    case EventType.TRAP_EXECUTION_MODE_CHANGED:
      return MODE_NAMES[String(params[0])] ?? `mode ${hex(params[0])}`;
    default:
      if (eventType in MONITOR_ACCESS) {
        return `${MONITOR_ACCESS[eventType]} ${hex(params[0])}..${hex(params[1])} (${params[2] === 1n ? 'physical' : 'virtual'})`;
      }
      return '';
  }
}
