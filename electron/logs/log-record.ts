/**
 * What one stored log row is, and how a debuggee message (a41, protocol reference 7.1) or a
 * trigger notice (PAUSED reason 11) becomes one.
 */
import type { LogMessage, HaltContext } from '../session/link';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';
import type { StoredLog } from './log-database';

export type LogKind = 'info' | 'warning' | 'error' | 'batch' | 'event' | 'halt' | 'trigger';
export type LogStage = 'pre' | 'post';

export interface LogRecord {
  /** Session-monotonic sequence (gaps reveal lost messages). */
  readonly sequence: number;
  /** Wall-clock milliseconds (Date.now()) at arrival. */
  readonly arrivedAt: number;
  readonly kind: LogKind;
  readonly operationCode: number;
  /** Event tag for event output and trigger notices; undefined otherwise. */
  readonly eventTag?: number;
  readonly stage?: LogStage;
  readonly core?: number;
  readonly text: string;
}

/** Kernel LogInfo/LogWarning/LogError prefix (protocol reference 7.1) names the core that logged. */
const KERNEL_PREFIX_CORE = /^\(\d\d:\d\d:\d\d\.\d{3} - core : (\d+) - vmx-root\? (?:yes|no)\)/;
const PAUSE_REASON_EVENT_TRIGGERED = 11;

/** The calling stage an event was registered with, looked up by its tag (undefined: unknown tag). */
export type EventStageLookup = (tag: number) => 'pre' | 'post' | 'all' | undefined;

/**
 * Turns messages into records and gives event output its calling stage. A script's output packet
 * carries the event tag but not the stage (protocol reference 7.1), so the stage comes from:
 * - the current halt, for output produced while an event's break action holds the debuggee;
 * - the event's registration, when it runs in one stage only (`stage pre` or `stage post`);
 * - for `stage all`, the order of one hit: hyperkd runs the pre actions, emulates, then runs the
 *   post actions inside the same VM exit, so an event's outputs alternate pre, post, pre, ...
 *   This is an inference: it drifts when the script prints in one stage only, when the condition
 *   differs between stages, or when several cores hit the same event at once (the docs say so).
 */
export class LogClassifier {
  private halt: { tag: number; stage: LogStage } | undefined;
  private triggerSequence = -1;
  private eventStage: EventStageLookup = () => undefined;
  /** For `stage all` events: the stage the event's next output belongs to. */
  private readonly nextStage = new Map<number, LogStage>();

  /** Converts the link's `performance.now()` arrival times to wall-clock milliseconds. */
  constructor(
    private readonly toWallClock: (arrivedAt: number) => number = (t) => performance.timeOrigin + t,
  ) {}

  /** Where registered stages come from (the session's events model). */
  setEventStageLookup(lookup: EventStageLookup): void {
    this.eventStage = lookup;
    this.nextStage.clear();
  }

  /** The row of message number `id` (built in one allocation: this runs once per message). */
  fromMessage(message: LogMessage, id: number): StoredLog {
    const code = message.operationCode >>> 0;
    let kind: LogKind;
    if (code === 1) kind = 'info';
    else if (code === 2) kind = 'warning';
    else if (code === 3) kind = 'error';
    else if (code === 4) kind = 'batch';
    else if (code >= DebuggerEventTagStartSeed) kind = 'event';
    else kind = 'halt';
    // A flat literal (no conditional spreads): this runs once per message on the ingest path.
    return {
      id,
      sequence: message.sequence,
      arrivedAt: this.toWallClock(message.arrivedAt),
      kind,
      operationCode: code,
      eventTag: kind === 'event' ? code : undefined,
      stage: kind === 'event' ? this.stageOfOutput(code) : undefined,
      core: message.core ?? coreFromKernelPrefix(message.text),
      text: message.text,
    };
  }

  /** A halt; for an event trigger also a record shaped like HyperDbg's notice line. */
  fromPause(context: HaltContext, id: number): StoredLog | undefined {
    if (context.reason !== PAUSE_REASON_EVENT_TRIGGERED) {
      this.halt = undefined;
      return undefined;
    }
    const tag = Number(context.eventTag & 0xffffffffn);
    const stage: LogStage = context.eventStage === 2 ? 'post' : 'pre';
    this.halt = { tag, stage };
    // After this halt the hit continues with the other stage (or a new hit starts with pre).
    this.nextStage.set(tag, stage === 'pre' ? 'post' : 'pre');
    const number = (tag - DebuggerEventTagStartSeed).toString(16);
    return {
      id,
      // Notices are not a41 messages: negative sequences keep them apart from the link's numbering.
      sequence: this.triggerSequence--,
      arrivedAt: this.toWallClock(context.arrivedAt),
      kind: 'trigger',
      operationCode: 0,
      eventTag: tag,
      stage,
      core: context.core,
      text: `event 0x${number} triggered (${stage})\n`,
    };
  }

  observeResume(): void {
    this.halt = undefined;
  }

  private stageOfOutput(tag: number): LogStage | undefined {
    if (this.halt?.tag === tag) return this.halt.stage;
    const registered = this.eventStage(tag);
    if (registered !== 'all') return registered;
    const stage = this.nextStage.get(tag) ?? 'pre';
    this.nextStage.set(tag, stage === 'pre' ? 'post' : 'pre');
    return stage;
  }
}

function coreFromKernelPrefix(text: string): number | undefined {
  if (text.charCodeAt(0) !== 0x28 /* ( */) return undefined;
  const match = KERNEL_PREFIX_CORE.exec(text);
  return match ? Number(match[1]) : undefined;
}
