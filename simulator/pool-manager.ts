import * as C from '../shared/protocol/generated/constants';
import { POOL_ALLOCATION_INTENTION } from '../shared/protocol/generated/enums';

/**
 * Model of hyperkd v0.23's pre-allocated pool manager (PoolManager.c), the part of the debuggee
 * that decides when instant events fail with 0xc0000042 and friends. Semantics that matter and
 * are reproduced exactly (see docs/simulator.md):
 * - a taken pool never becomes free again; freeing only marks it and the record vanishes at the
 *   next drain;
 * - every take attempt (successful or not, fallbacks included) queues one replacement request;
 * - the request queue has 300 slots and silently drops requests beyond that;
 * - new records are inserted at the list head, so the newest pool is taken and printed first;
 * - a drain never runs while the debuggee is halted (VMX root).
 */

/** POOL_ALLOCATION_INTENTION (values from enums.json). */
export const PoolIntention = POOL_ALLOCATION_INTENTION;
export type PoolIntention = POOL_ALLOCATION_INTENTION;

/** Element size of each intention in bytes (constants.json; 0..5 are computed kernel struct sizes, pools doc §1). */
export const POOL_ELEMENT_SIZE: Record<PoolIntention, number> = {
  0: 8192,
  1: 100,
  2: 8192,
  3: 32,
  4: 72,
  5: 16816,
  6: C.REGULAR_INSTANT_EVENT_CONDITIONAL_BUFFER,
  7: C.BIG_INSTANT_EVENT_CONDITIONAL_BUFFER,
  8: C.REGULAR_INSTANT_EVENT_ACTION_BUFFER,
  9: C.BIG_INSTANT_EVENT_ACTION_BUFFER,
  10: C.REGULAR_INSTANT_EVENT_REQUESTED_SAFE_BUFFER,
  11: C.BIG_INSTANT_EVENT_REQUESTED_SAFE_BUFFER,
};

/** MaximumRequestsQueueDepth in PoolManager.h. */
export const POOL_REQUEST_QUEUE_DEPTH = 300;

/**
 * Non-paged pool the simulated machine can still give HyperDbg (a small VM's worth). Requests
 * beyond it fail the way ExAllocatePool2 fails: the pool manager logs "insufficient memory" and
 * stops that request, so `prealloc epthook ffffffff` ends with an error, not a dead process.
 */
export const NON_PAGED_POOL_BYTES = 64 * 1024 * 1024;
/** sizeof(POOL_TABLE) plus the pool header each of its two allocations carries */
const POOL_TABLE_COST = 0x40 + 2 * 0x10;

export interface PoolRecord {
  readonly address: bigint;
  readonly size: number;
  readonly intention: PoolIntention;
  isBusy: boolean;
  shouldBeFreed: boolean;
}

interface PoolRequest {
  size: number;
  count: number;
  intention: PoolIntention;
}

/** Counts per intention as `test pool` would show them. */
export interface IntentionCounts {
  free: number;
  used: number;
  pendingFree: number;
}

const POOL_ADDRESS_BASE = 0xffffc58a10000000n;

export class PoolManager {
  /** Oldest first; the list head (newest) is the end of the array. */
  private readonly records: PoolRecord[] = [];
  private readonly queue: PoolRequest[] = [];
  private nextAddress = POOL_ADDRESS_BASE;
  private droppedRequests = 0;
  private allocatedBytes = 0;

  constructor(
    private readonly nonPagedPoolBytes = NON_PAGED_POOL_BYTES,
    /** LogError of PoolManagerAllocateAndAddToPoolTable when an allocation fails */
    private readonly onInsufficientMemory: () => void = () => undefined,
  ) {}

  /** Queue {size, count, intention} in the first empty slot; silently dropped when all 300 are used. */
  requestAllocation(intention: PoolIntention, count: number, size = POOL_ELEMENT_SIZE[intention]): void {
    if (this.queue.length >= POOL_REQUEST_QUEUE_DEPTH) {
      this.droppedRequests++;
      return;
    }
    this.queue.push({ size, count, intention });
  }

  /**
   * PoolManagerRequestPool with RequestNewPool = TRUE (all v0.23 call sites): returns the newest
   * free record of that intention (marking it busy) or 0n, then queues one replacement either way.
   */
  take(intention: PoolIntention): bigint {
    let address = 0n;
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record.intention === intention && !record.isBusy) {
        record.isBusy = true;
        address = record.address;
        break;
      }
    }
    this.requestAllocation(intention, 1);
    return address;
  }

  /** PoolManagerFreePool: only marks the record; it disappears at the next drain. */
  free(address: bigint): boolean {
    const record = this.records.find((r) => r.address === address);
    if (!record) return false;
    record.shouldBeFreed = true;
    return true;
  }

  /** PoolManagerCheckAndPerformAllocationAndDeallocation, as run at IOCTL entry in VMX non-root. */
  drain(): void {
    for (const request of this.queue) {
      for (let i = 0; i < request.count; i++) {
        const cost = POOL_TABLE_COST + request.size;
        if (this.allocatedBytes + cost > this.nonPagedPoolBytes) {
          // PoolManagerAllocateAndAddToPoolTable returns FALSE: the rest of this request is lost
          this.onInsufficientMemory();
          break;
        }
        this.allocatedBytes += cost;
        this.insertAtHead(request.intention, request.size);
      }
    }
    this.queue.length = 0;
    for (let i = this.records.length - 1; i >= 0; i--) {
      if (!this.records[i].shouldBeFreed) continue;
      this.allocatedBytes -= POOL_TABLE_COST + this.records[i].size;
      this.records.splice(i, 1);
    }
  }

  /** Records head to tail (newest first): the `test pool` print order. */
  listHeadFirst(): readonly PoolRecord[] {
    return [...this.records].reverse();
  }

  counts(intention: PoolIntention): IntentionCounts {
    const counts: IntentionCounts = { free: 0, used: 0, pendingFree: 0 };
    for (const record of this.records) {
      if (record.intention !== intention) continue;
      if (!record.isBusy) counts.free++;
      else counts.used++;
      if (record.shouldBeFreed) counts.pendingFree++;
    }
    return counts;
  }

  /** Outstanding replacement requests (slots) and how many requests were lost to a full queue. */
  queueState(): { slots: number; dropped: number } {
    return { slots: this.queue.length, dropped: this.droppedRequests };
  }

  private insertAtHead(intention: PoolIntention, size: number): void {
    const alignment = size >= 0x1000 ? 0x1000n : 0x10n;
    const address = (this.nextAddress + alignment - 1n) & ~(alignment - 1n);
    this.nextAddress = address + BigInt(size);
    this.records.push({ address, size, intention, isBusy: false, shouldBeFreed: false });
  }
}

/**
 * "One EPT hook reserve" (EptHookReservePreallocatedPoolsForEptHooks): per unit N × SPLIT,
 * then TRACKING, TRAMPOLINE and DETOUR.
 */
export function reserveEptHookPools(pools: PoolManager, units: number, cores: number): void {
  pools.requestAllocation(PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE, units * cores);
  pools.requestAllocation(PoolIntention.TRACKING_HOOKED_PAGES, units);
  pools.requestAllocation(PoolIntention.EXEC_TRAMPOLINE, units);
  pools.requestAllocation(PoolIntention.DETOUR_HOOK_DETAILS, units);
}

/** The pools of a fresh `.debug prepare` (DebuggerInitialize … KdInitializeInstantEventPools). */
export function createStartupPools(cores: number, onInsufficientMemory?: () => void): PoolManager {
  const pools = new PoolManager(NON_PAGED_POOL_BYTES, onInsufficientMemory);
  pools.requestAllocation(
    PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE,
    C.MAXIMUM_BREAKPOINTS_WITHOUT_CONTINUE,
  );
  reserveEptHookPools(pools, C.MAXIMUM_NUMBER_OF_INITIAL_PREALLOCATED_EPT_HOOKS, cores);
  pools.drain();
  addKdInstantEventPools(pools, cores);
  return pools;
}

/** KdInitializeInstantEventPools: 20 regular events + actions, then the remaining 15 EPT hook reserves. */
export function addKdInstantEventPools(pools: PoolManager, cores: number): void {
  pools.requestAllocation(PoolIntention.INSTANT_REGULAR_EVENT_BUFFER, C.MAXIMUM_REGULAR_INSTANT_EVENTS);
  pools.requestAllocation(
    PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER,
    C.MAXIMUM_REGULAR_INSTANT_EVENTS,
  );
  // MAXIMUM_BIG_INSTANT_EVENTS is 0 in v0.23, so its block is not even compiled
  reserveEptHookPools(
    pools,
    C.MAXIMUM_REGULAR_INSTANT_EVENTS - C.MAXIMUM_NUMBER_OF_INITIAL_PREALLOCATED_EPT_HOOKS,
    cores,
  );
  pools.drain();
}
