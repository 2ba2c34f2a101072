// Warnings the Pools pane derives from the ledger's counts: a pool that is empty (the next take
// fails with its 0xc00000xx error) or nearly empty, with the `prealloc` that refills it. The
// ledger's own warnings (stale counts, lost requests) are shown next to these.
import type { LedgerWarning, PoolCount, PreallocType } from '../../shared/ipc/model';

/** Warn when this many takes or fewer are left. */
export const LOW_WATERMARK = 2;
/** Default refill (hex 0x10 = 16), like the examples of HyperDbg's prealloc documentation. */
export const DEFAULT_REFILL = 0x10;

const REMEDIES: Record<number, { type: PreallocType; errorCode: number; what: string }> = {
  6: { type: 'regular-event', errorCode: 0xc0000042, what: 'regular event buffers' },
  7: { type: 'big-event', errorCode: 0xc0000043, what: 'big event buffers' },
  8: { type: 'regular-event', errorCode: 0xc0000045, what: 'regular action buffers' },
  9: { type: 'big-event', errorCode: 0xc0000046, what: 'big action buffers' },
  10: { type: 'regular-safe-buffer', errorCode: 0xc0000049, what: 'regular safe buffers' },
  11: { type: 'big-safe-buffer', errorCode: 0xc000004a, what: 'big safe buffers' },
};

/** One warning per prealloc type whose pools are empty or low, worst first. Pools that never
 *  held anything (big pools before any prealloc) only warn once something tried to take them. */
export function countWarnings(counts: readonly PoolCount[]): LedgerWarning[] {
  const byType = new Map<PreallocType, LedgerWarning>();
  for (const c of counts) {
    const remedy = REMEDIES[c.intention];
    if (!remedy) continue;
    const used = c.inUse + c.pendingFree + c.pendingNew;
    if (c.free > LOW_WATERMARK || (c.total === 0 && used === 0)) continue;
    const empty = c.free <= 0;
    const warning: LedgerWarning = {
      severity: empty ? 'error' : 'warning',
      message: empty
        ? `no free ${remedy.what}: the next event that needs one fails with 0x${remedy.errorCode.toString(16)}`
        : `only ${c.free} free ${remedy.what} left before 0x${remedy.errorCode.toString(16)}`,
      errorCode: remedy.errorCode,
      remedy: [{ type: remedy.type, count: DEFAULT_REFILL }],
    };
    const previous = byType.get(remedy.type);
    if (!previous || (previous.severity !== 'error' && empty)) byType.set(remedy.type, warning);
  }
  return [...byType.values()].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
}
