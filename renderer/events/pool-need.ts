// What applying one more event takes from hyperkd's pre-allocated pools (POOL_ALLOCATION_INTENTION),
// so the designer can warn before the debuggee answers 0xc0000042-class errors. Sizes follow the
// v0.23 pool manager: an event slot holds ≤ 100 bytes of condition (else a big slot), an action
// slot ≤ 8192 bytes of script/code (else big), `buffer N` takes a safe buffer, EPT hooks take a
// tracked page (and !epthook2 a trampoline and detour node). Splitting 2 MB pages is counted by
// the session core's ledger, which knows which regions are already split.
import type { PoolCount, PreallocType } from '../../shared/ipc/model';
import type { EventDraft } from './event-draft';

export const INTENTION = {
  TRACKING_HOOKED_PAGES: 0,
  EXEC_TRAMPOLINE: 1,
  DETOUR_HOOK_DETAILS: 3,
  REGULAR_EVENT: 6,
  BIG_EVENT: 7,
  REGULAR_ACTION: 8,
  BIG_ACTION: 9,
  REGULAR_SAFE_BUFFER: 10,
  BIG_SAFE_BUFFER: 11,
} as const;

const REGULAR_CONDITION_MAX = 100;
const REGULAR_ACTION_MAX = 8192;
const REGULAR_SAFE_BUFFER_MAX = 4096;
const SYMBOL_RECORD_BYTES = 24;

export interface PoolTake {
  readonly intention: number;
  readonly count: number;
  /** The `prealloc` type that refills this pool, when one exists. */
  readonly prealloc: PreallocType | null;
  readonly errorCode: number;
  readonly what: string;
}

/** Estimated bytes of the compiled script: HyperDbg emits a few 24-byte records per token. */
export function estimateScriptBytes(script: string): number {
  const tokens = script.match(/[A-Za-z_$@][\w$]*|0x[0-9a-f]+|\d+|"(?:[^"\\]|\\.)*"|\S/gi) ?? [];
  return (tokens.length * 2 + 4) * SYMBOL_RECORD_BYTES;
}

export function poolTakes(d: EventDraft): PoolTake[] {
  const takes: PoolTake[] = [];
  const conditionBytes = d.condition.replace(/\s+/g, '').length / 2 + (d.condition.trim() ? 1 : 0);
  if (conditionBytes > REGULAR_CONDITION_MAX) {
    takes.push({
      intention: INTENTION.BIG_EVENT,
      count: 1,
      prealloc: 'big-event',
      errorCode: 0xc0000043,
      what: 'big event slot (condition > 100 bytes)',
    });
  } else {
    takes.push({
      intention: INTENTION.REGULAR_EVENT,
      count: 1,
      prealloc: 'regular-event',
      errorCode: 0xc0000042,
      what: 'regular event slot',
    });
  }
  const actionBytes =
    d.action === 'script'
      ? estimateScriptBytes(d.script)
      : d.action === 'code'
        ? d.code.replace(/\s+/g, '').length / 2 + 1
        : 0;
  if (actionBytes > REGULAR_ACTION_MAX) {
    takes.push({
      intention: INTENTION.BIG_ACTION,
      count: 1,
      prealloc: 'big-event',
      errorCode: 0xc0000046,
      what: 'big action slot',
    });
  } else {
    takes.push({
      intention: INTENTION.REGULAR_ACTION,
      count: 1,
      prealloc: 'regular-event',
      errorCode: 0xc0000045,
      what: 'regular action slot',
    });
  }
  const buffer = d.buffer.trim() ? parseInt(d.buffer.replace(/^0x/i, ''), 16) : 0;
  if (buffer > 0) {
    if (buffer > REGULAR_SAFE_BUFFER_MAX) {
      takes.push({
        intention: INTENTION.BIG_SAFE_BUFFER,
        count: 1,
        prealloc: 'big-safe-buffer',
        errorCode: 0xc000004a,
        what: 'big safe buffer',
      });
    } else {
      takes.push({
        intention: INTENTION.REGULAR_SAFE_BUFFER,
        count: 1,
        prealloc: 'regular-safe-buffer',
        errorCode: 0xc0000049,
        what: 'regular safe buffer',
      });
    }
  }
  if (d.kind === 'epthook' || d.kind === 'epthook2' || d.kind === 'monitor') {
    const prealloc: PreallocType = d.kind === 'monitor' ? 'monitor' : d.kind;
    takes.push({
      intention: INTENTION.TRACKING_HOOKED_PAGES,
      count: 1,
      prealloc,
      errorCode: 0xc0000042,
      what: 'EPT hooked-page tracker',
    });
  }
  if (d.kind === 'epthook2') {
    takes.push({
      intention: INTENTION.EXEC_TRAMPOLINE,
      count: 1,
      prealloc: 'epthook2',
      errorCode: 0xc0000042,
      what: 'detour trampoline',
    });
    takes.push({
      intention: INTENTION.DETOUR_HOOK_DETAILS,
      count: 1,
      prealloc: 'epthook2',
      errorCode: 0xc0000042,
      what: 'detour list node',
    });
  }
  return takes;
}

export interface HeadroomProblem {
  readonly take: PoolTake;
  readonly available: number;
}

/** Takes that the ledger's predicted free counts cannot cover. */
export function checkHeadroom(takes: readonly PoolTake[], counts: readonly PoolCount[]): HeadroomProblem[] {
  if (counts.length === 0) return [];
  const problems: HeadroomProblem[] = [];
  for (const take of takes) {
    const pool = counts.find((c) => c.intention === take.intention);
    const available = pool ? Math.max(0, pool.free) : 0;
    if (available < take.count) problems.push({ take, available });
  }
  return problems;
}
