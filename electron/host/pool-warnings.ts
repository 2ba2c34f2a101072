// Warnings the Pools pane shows from the pool ledger's counts: an event-slot pool that is empty
// (the next event that needs it fails with the error the ledger names) or nearly empty, each with
// the `prealloc` that refills it. The ledger's own state warnings (stale counts, lost requests)
// are added by `poolsUpdate`.
import type { LedgerWarning, PoolCount, PreallocType } from '../../shared/ipc';
import { PreallocType as PreallocTypes } from '../../shared/ipc';
import { shortageRemedy } from '../model/pool-ledger';
import { PoolIntention } from '../model/pool-state';

/** Warn when this many takes or fewer are left. */
export const LOW_WATERMARK = 2;
/** Refill suggested by a warning (hex 0x10 = 16, like the examples of HyperDbg's prealloc documentation). */
export const DEFAULT_REFILL = 0x10;

/**
 * The pools every event takes from (event, action and safe-buffer slots). EPT tracking and split
 * pools are checked per event by the designer's forecast, which knows the page being hooked.
 */
const EVENT_SLOT_POOLS: readonly number[] = [
  PoolIntention.INSTANT_REGULAR_EVENT_BUFFER,
  PoolIntention.INSTANT_BIG_EVENT_BUFFER,
  PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER,
  PoolIntention.INSTANT_BIG_EVENT_ACTION_BUFFER,
  PoolIntention.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS,
];

/**
 * EPT pools: whether an event takes from them depends on the page (a breakpoint on a page that is
 * already hooked takes nothing), so they warn only when empty; the designer's forecast knows more.
 */
const EPT_POOLS: readonly number[] = [
  PoolIntention.TRACKING_HOOKED_PAGES,
  PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE,
  PoolIntention.EXEC_TRAMPOLINE,
  PoolIntention.DETOUR_HOOK_DETAILS,
];

/**
 * One warning per prealloc type whose pools are empty or low, worst first. Pools that never held
 * anything (big pools before any prealloc) only warn once something tried to take them.
 */
export function lowPoolWarnings(counts: readonly PoolCount[]): LedgerWarning[] {
  const byType = new Map<PreallocType, LedgerWarning>();
  for (const count of counts) {
    const ept = EPT_POOLS.includes(count.intention);
    if (!ept && !EVENT_SLOT_POOLS.includes(count.intention)) continue;
    const remedy = shortageRemedy(count.intention);
    const type = PreallocTypes.safeParse(remedy?.prealloc);
    if (!remedy || !type.success) continue;
    const used = count.inUse + count.pendingFree + count.pendingNew;
    if (count.free > (ept ? 0 : LOW_WATERMARK) || (count.total === 0 && used === 0)) continue;
    const empty = count.free <= 0;
    const code = remedy.error.toString(16);
    const warning: LedgerWarning = {
      // An empty EPT pool fails only hooks on new pages: a warning, not a certain error.
      severity: empty && !ept ? 'error' : 'warning',
      message: ept
        ? `no free ${remedy.what}s (${count.name}): the next EPT hook on a page that is not hooked yet fails with 0x${code}`
        : empty
          ? `no free ${remedy.what}s: the next event that needs one fails with 0x${code}`
          : `only ${count.free} free ${remedy.what}s left before 0x${code}`,
      errorCode: remedy.error,
      remedy: [{ type: type.data, count: DEFAULT_REFILL }],
    };
    const previous = byType.get(type.data);
    if (!previous || (previous.severity !== 'error' && empty)) byType.set(type.data, warning);
  }
  return [...byType.values()].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
}
