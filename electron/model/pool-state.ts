/**
 * `test pool` output → counts per pool intention (instant-event pools reference 5.1–5.3).
 * Each pool record arrives as one log line; lines that do not match the grammar are ignored.
 */
import { POOL_ALLOCATION_INTENTION } from '../../shared/protocol';

/** POOL_ALLOCATION_INTENTION values as printed by `test pool` (lower-case hex). */
export const PoolIntention = POOL_ALLOCATION_INTENTION;
export const POOL_INTENTION_COUNT = 12;
export const POOL_INTENTION_NAMES: readonly string[] = Object.keys(PoolIntention);

export interface PoolCounts {
  /** Never taken; available to the next take. */
  free: number;
  /** Taken and still owned. */
  inUse: number;
  /** Taken, freed by its owner, gone at the next drain ("Should be freed: true"). */
  pendingFree: number;
  total: number;
}

export const emptyCounts = (): PoolCounts[] =>
  Array.from({ length: POOL_INTENTION_COUNT }, () => ({ free: 0, inUse: 0, pendingFree: 0, total: 0 }));

const LINE =
  /Pool intention: ([0-9a-f]+) \| Pool address: ([0-9a-f]+) \| Pool state: (used|free) \| Should be freed: (true|false) \| Already freed: (true|false)/;

export interface TestPoolParse {
  readonly counts: PoolCounts[];
  /** Lines that matched the grammar (one per pool record). */
  readonly records: number;
}

/** Parses the a41 texts collected between a12 (RequestType 2) and its a51. */
export function parseTestPoolOutput(texts: Iterable<string>): TestPoolParse {
  const counts = emptyCounts();
  let records = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const match = LINE.exec(line);
      if (!match) continue;
      const intention = parseInt(match[1], 16);
      if (intention >= POOL_INTENTION_COUNT) continue;
      records++;
      const entry = counts[intention];
      entry.total++;
      if (match[3] === 'free') entry.free++;
      else if (match[4] === 'true') entry.pendingFree++;
      else entry.inUse++;
    }
  }
  return { counts, records };
}
