import { PoolIntention, type PoolManager } from './pool-manager';
import * as S from '../shared/protocol/generated/constants';

/**
 * The EPT side of `!epthook`, `!epthook2` and `!monitor` as hyperhv v0.23 does it from VMX root:
 * which pre-allocated pools each hook takes and which error a shortage gives (pools doc §2.5).
 * Hooks are tracked per 4 KB physical page; 2 MB regions are split once per core and never merged.
 */

/** Same-page limit of hidden breakpoints (MaximumHiddenBreakpointsOnPage). */
export const MAXIMUM_HIDDEN_BREAKPOINTS_ON_PAGE = 40;
/** !epthook2 needs this many bytes of the page after the hooked instruction. */
const DETOUR_HOOK_BYTES = 19;
const PAGE_SIZE = 0x1000n;
const LARGE_PAGE_SHIFT = 21n;
const EPT_HOOK_PHYSICAL_LIMIT = 512n << 30n;

export type HookKind = 'hidden-breakpoint' | 'detour' | 'monitor';

interface HookedPage {
  kind: HookKind;
  /** tags of the events owning hooks on this page (one per breakpoint for hidden breakpoints) */
  tags: bigint[];
  trackingPool: bigint;
  /** the `!epthook2` on this page and its DETOUR_HOOK_DETAILS record, given back when that event goes */
  detour?: { tag: bigint; pool: bigint };
}

export interface AddressSpace {
  /** Physical address of a virtual address in the current process, or undefined when unmapped. */
  translate(va: bigint): bigint | undefined;
  isValidPhysical(pa: bigint): boolean;
}

export class EptHooks {
  private readonly pages = new Map<bigint, HookedPage>();
  /** per core: 2 MB regions already split (region 0 is pre-split by the MTRR layout) */
  private readonly splitRegions: Set<bigint>[];

  constructor(
    private readonly pools: PoolManager,
    private readonly cores: number,
  ) {
    this.splitRegions = Array.from({ length: cores }, () => new Set<bigint>([0n]));
  }

  /** `!epthook` (HIDDEN_HOOK_EXEC_CC): returns a status code. */
  addHiddenBreakpoint(space: AddressSpace, va: bigint, tag: bigint): number {
    const pa = space.translate(va);
    if (pa === undefined) return S.DEBUGGER_ERROR_INVALID_ADDRESS;
    if (pa >= EPT_HOOK_PHYSICAL_LIMIT)
      return S.DEBUGGER_ERROR_CANNOT_PUT_EPT_HOOKS_ON_PHYSICAL_ADDRESS_ABOVE_512_GB;
    const page = pa / PAGE_SIZE;
    const existing = this.pages.get(page);
    if (existing) {
      // hyperhv adds the breakpoint to whatever entry hooks that page, costing no pools
      if (existing.tags.length >= MAXIMUM_HIDDEN_BREAKPOINTS_ON_PAGE) {
        return S.DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_FOR_A_SINGLE_PAGE_IS_HIT;
      }
      existing.tags.push(tag);
      return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
    }
    const tracking = this.pools.take(PoolIntention.TRACKING_HOOKED_PAGES);
    if (tracking === 0n) return S.DEBUGGER_ERROR_PRE_ALLOCATED_BUFFER_IS_EMPTY;
    if (!this.splitForAllCores(pa)) {
      this.pools.free(tracking);
      return S.DEBUGGER_ERROR_EPT_COULD_NOT_SPLIT_THE_LARGE_PAGE_TO_4KB_PAGES;
    }
    this.pages.set(page, { kind: 'hidden-breakpoint', tags: [tag], trackingPool: tracking });
    return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  }

  /** `!epthook2` (HIDDEN_HOOK_EXEC_DETOURS). */
  addDetour(space: AddressSpace, va: bigint, tag: bigint): number {
    const pa = space.translate(va);
    if (pa === undefined) return S.DEBUGGER_ERROR_INVALID_ADDRESS;
    if (pa >= EPT_HOOK_PHYSICAL_LIMIT)
      return S.DEBUGGER_ERROR_CANNOT_PUT_EPT_HOOKS_ON_PHYSICAL_ADDRESS_ABOVE_512_GB;
    const page = pa / PAGE_SIZE;
    if (this.pages.has(page)) return S.DEBUGGER_ERROR_EPT_MULTIPLE_HOOKS_IN_A_SINGLE_PAGE;
    const tracking = this.pools.take(PoolIntention.TRACKING_HOOKED_PAGES);
    if (tracking === 0n) return S.DEBUGGER_ERROR_PRE_ALLOCATED_BUFFER_IS_EMPTY;
    const crossesPageEnd = Number(pa % PAGE_SIZE) + DETOUR_HOOK_BYTES > 0xfff;
    if (crossesPageEnd || this.pools.take(PoolIntention.EXEC_TRAMPOLINE) === 0n) {
      this.pools.free(tracking);
      return S.DEBUGGER_ERROR_COULD_NOT_BUILD_THE_EPT_HOOK;
    }
    // the trampoline is never given back (it leaks in v0.23); the detour record is, on removal
    const detourPool = this.pools.take(PoolIntention.DETOUR_HOOK_DETAILS);
    if (!this.splitForAllCores(pa)) {
      // a split failure leaves the trampoline and the detour record consumed (pools doc §2.5)
      this.pools.free(tracking);
      return S.DEBUGGER_ERROR_EPT_COULD_NOT_SPLIT_THE_LARGE_PAGE_TO_4KB_PAGES;
    }
    this.pages.set(page, {
      kind: 'detour',
      tags: [tag],
      trackingPool: tracking,
      detour: { tag, pool: detourPool },
    });
    return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  }

  /** `!monitor`: every 4 KB page of [from, to] is hooked on its own; a failure unhooks this event's pages. */
  addMonitor(space: AddressSpace, from: bigint, to: bigint, tag: bigint): number {
    for (let va = from & ~(PAGE_SIZE - 1n); va <= to; va += PAGE_SIZE) {
      const status = this.hookMonitorPage(space, va, tag);
      if (status !== S.DEBUGGER_OPERATION_WAS_SUCCESSFUL) {
        this.removeByTag(tag);
        return status;
      }
    }
    return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  }

  /**
   * Unhook every page owned by an event (clear/removal): its detour record is freed, a page's
   * TRACKING record when the page's last hook goes; SPLITs and trampolines stay (pools doc §6.5).
   */
  removeByTag(tag: bigint): void {
    for (const [page, hooked] of this.pages) {
      if (!hooked.tags.includes(tag)) continue;
      hooked.tags = hooked.tags.filter((t) => t !== tag);
      if (hooked.detour?.tag === tag) {
        this.pools.free(hooked.detour.pool);
        hooked.detour = undefined;
      }
      if (hooked.tags.length === 0) {
        this.pools.free(hooked.trackingPool);
        this.pages.delete(page);
      }
    }
  }

  /** Whether an event's hook covers the physical page of this physical address. */
  hooksPage(tag: bigint, pa: bigint): boolean {
    return this.pages.get(pa / PAGE_SIZE)?.tags.includes(tag) ?? false;
  }

  private hookMonitorPage(space: AddressSpace, va: bigint, tag: bigint): number {
    const pa = space.translate(va);
    if (pa === undefined) return S.DEBUGGER_ERROR_INVALID_ADDRESS;
    const page = pa / PAGE_SIZE;
    if (this.pages.has(page)) return S.DEBUGGER_ERROR_EPT_MULTIPLE_HOOKS_IN_A_SINGLE_PAGE;
    const tracking = this.pools.take(PoolIntention.TRACKING_HOOKED_PAGES);
    if (tracking === 0n) return S.DEBUGGER_ERROR_PRE_ALLOCATED_BUFFER_IS_EMPTY;
    if (!this.splitForAllCores(pa)) {
      this.pools.free(tracking);
      return S.DEBUGGER_ERROR_EPT_COULD_NOT_SPLIT_THE_LARGE_PAGE_TO_4KB_PAGES;
    }
    this.pages.set(page, { kind: 'monitor', tags: [tag], trackingPool: tracking });
    return S.DEBUGGER_OPERATION_WAS_SUCCESSFUL;
  }

  /** One SPLIT pool per core whose EPT still maps the 2 MB region as a large page. */
  private splitForAllCores(pa: bigint): boolean {
    const region = pa >> LARGE_PAGE_SHIFT;
    for (let core = 0; core < this.cores; core++) {
      if (this.splitRegions[core].has(region)) continue;
      if (this.pools.take(PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE) === 0n) return false;
      this.splitRegions[core].add(region);
    }
    return true;
  }
}
