/**
 * Rows per stage, event and kind, kept as rows arrive, so a view's total is a lookup and never a
 * COUNT(*). The event counts are the Events table's hit counts (see docs: one per event message).
 */
import type { LogKind, LogRecord, LogStage } from './log-record';

export interface StageCounts {
  pre: number;
  post: number;
  /** Rows of no calling stage (kernel messages, output of an unknown event). */
  none: number;
}

export interface CountersSnapshot {
  readonly total: number;
  readonly byStage: StageCounts;
  readonly byKind: Partial<Record<LogKind, number>>;
  readonly byEvent: readonly { readonly tag: number; readonly counts: StageCounts }[];
}

const stageKey = (stage: LogStage | undefined): keyof StageCounts => stage ?? 'none';

export class LogCounters {
  private total = 0;
  private readonly byStage: StageCounts = { pre: 0, post: 0, none: 0 };
  private readonly byKind = new Map<LogKind, number>();
  private readonly byEvent = new Map<number, StageCounts>();

  add(record: LogRecord): void {
    this.total++;
    const stage = stageKey(record.stage);
    this.byStage[stage]++;
    this.byKind.set(record.kind, (this.byKind.get(record.kind) ?? 0) + 1);
    if (record.eventTag !== undefined) {
      let counts = this.byEvent.get(record.eventTag);
      if (!counts) this.byEvent.set(record.eventTag, (counts = { pre: 0, post: 0, none: 0 }));
      counts[stage]++;
    }
  }

  /** Rows of one event per stage (zeros for an event with no rows yet). */
  event(tag: number): StageCounts {
    return { ...(this.byEvent.get(tag) ?? { pre: 0, post: 0, none: 0 }) };
  }

  snapshot(): CountersSnapshot {
    return {
      total: this.total,
      byStage: { ...this.byStage },
      byKind: Object.fromEntries(this.byKind),
      byEvent: [...this.byEvent].map(([tag, counts]) => ({ tag, counts: { ...counts } })),
    };
  }
}
