/**
 * Live model of every event of the session (what `events` lists and the GUI's events panel
 * shows): identity, parameters, filters, actions, state and hit counts. The debuggee never sends
 * an event list, so this is built from what we sent and what came back (protocol reference 5.6,
 * 5.7): registration results, `events e/d/c` results, PAUSED reason 11 (stage-tagged triggers)
 * and log messages whose operation code is an event tag (script output).
 */
import type { EventsModel } from '../commands/types';
import type { LogMessage, PausedContext } from '../session/link';
import { EVENT_TAG_START_SEED, EventType, type GeneralAction, type GeneralEventDetail } from '../commands/events/event-packets';

export type EventState = 'enabled' | 'disabled' | 'clear-pending';
export type StageName = 'pre' | 'post' | 'all';
export type ActionKind = 'break' | 'script' | 'code';

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
  readonly stage: StageName;
  /** undefined = all processes / all cores. */
  readonly processId?: number;
  readonly coreId?: number;
  readonly shortCircuiting: boolean;
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
const EVENT_STAGE_POST = 2;

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
  private readonly listeners = new Set<Listener>();

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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
        ...(kind === 'script' && registered.scriptSource !== undefined ? { scriptSource: registered.scriptSource } : {}),
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
      stage: STAGE_NAMES[event.stage] ?? 'pre',
      ...(event.processId !== ALL ? { processId: event.processId } : {}),
      ...(event.coreId !== ALL ? { coreId: event.coreId } : {}),
      shortCircuiting: event.enableShortCircuiting,
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

  observePause(context: PausedContext): void {
    if (context.reason !== PAUSE_REASON_EVENT_TRIGGERED) return;
    const record = this.events.get(context.eventTag);
    if (!record) return;
    const stage = context.eventStage === EVENT_STAGE_POST ? 'post' : 'pre';
    this.update(record, {
      hits: { ...record.hits, [stage]: record.hits[stage] + 1 },
      lastHitAt: context.arrivedAt,
    });
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
    for (const listener of this.listeners) listener(change);
  }
}
