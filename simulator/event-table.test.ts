import { describe, expect, it } from 'vitest';
import * as C from '../shared/protocol/generated/constants';
import { EventTable, type DebuggeeContext, type EventRequest } from './event-table';
import { createStartupPools, PoolIntention, PoolManager } from './pool-manager';

const CORES = 4;
const CURRENT_PID = 4;
/** Kernel VA → PA: each 2 MB VA region maps to its own 2 MB physical region above 4 GB. */
const translate = (va: bigint): bigint | undefined =>
  va >= 0xfffff80000000000n ? va - 0xfffff80000000000n + 0x100000000n : undefined;

function context(): DebuggeeContext {
  return {
    coreCount: CORES,
    currentProcessId: () => CURRENT_PID,
    modeExecTrapReady: () => false,
    translate,
    isValidPhysical: (pa) => pa < 0x200000000n,
    logError: () => undefined,
  };
}

function epthook(tag: number, address: bigint, extra: Partial<EventRequest> = {}): EventRequest {
  return {
    coreId: 0xffffffff,
    processId: 0xffffffff,
    enableShortCircuiting: false,
    eventStage: 1,
    tag: 0x1000000n + BigInt(tag),
    eventType: 8,
    options: [address, 0n, 0n, 0n, 0n, 0n],
    conditionSize: 0,
    condition: new Uint8Array(0),
    ...extra,
  };
}

const scriptAction = (tag: number) => ({
  eventTag: 0x1000000n + BigInt(tag),
  actionType: 1,
  immediateMessagePassing: true,
  preAllocatedBuffer: 0,
  customCodeBufferSize: 0,
  scriptBufferSize: 48,
  scriptBufferPointer: 2,
  payload: new Uint8Array(48),
});

const region = (i: number) => 0xfffff80000000000n + BigInt(i + 1) * 0x200000n + 0x1230n;

function counts(pools: PoolManager, intention: PoolIntention): string {
  const c = pools.counts(intention);
  return `${c.free}/${c.used}`;
}

describe('instant-event pools, the worked example of the pools reference (§7)', () => {
  it('start-up has 200 + 20·N records with the documented counts', () => {
    const pools = createStartupPools(CORES);
    expect(pools.listHeadFirst()).toHaveLength(200 + 20 * CORES);
    expect(counts(pools, PoolIntention.INSTANT_REGULAR_EVENT_BUFFER)).toBe('20/0');
    expect(counts(pools, PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe(`${20 * CORES}/0`);
    expect(counts(pools, PoolIntention.BREAKPOINT_DEFINITION_STRUCTURE)).toBe('100/0');
    expect(counts(pools, PoolIntention.INSTANT_BIG_EVENT_BUFFER)).toBe('0/0');
    // head first: 15×3 then 15×1 (newest allocations first)
    const head = pools
      .listHeadFirst()
      .slice(0, 16)
      .map((r) => r.intention);
    expect(head).toEqual([...Array(15).fill(3), 1]);
  });

  it('S1..S5: 20 hooks fit, the 21st gets 0xc0000042, prealloc replenishes', () => {
    const pools = createStartupPools(CORES);
    const table = new EventTable(pools, context());
    for (let i = 0; i < 20; i++) {
      expect(table.register(epthook(i, region(i)))).toEqual({ isSuccessful: true, error: 0 });
      expect(table.addAction(scriptAction(i))).toEqual({ isSuccessful: true, error: 0 });
    }
    expect(counts(pools, PoolIntention.TRACKING_HOOKED_PAGES)).toBe('0/20');
    expect(counts(pools, PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('0/80');
    expect(pools.queueState().slots).toBe(140);

    expect(table.register(epthook(20, region(20)))).toEqual({
      isSuccessful: false,
      error: C.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_PREALLOCATED_BUFFER_NOT_FOUND,
    });
    expect(pools.queueState().slots).toBe(142);

    // prealloc regular-event 10 (hex → 16): drain first, then 16 × 6 and 16 × 8
    pools.drain();
    pools.requestAllocation(PoolIntention.INSTANT_REGULAR_EVENT_BUFFER, 16);
    pools.requestAllocation(PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER, 16);
    pools.drain();
    expect(counts(pools, PoolIntention.INSTANT_REGULAR_EVENT_BUFFER)).toBe('37/20');
    expect(counts(pools, PoolIntention.INSTANT_BIG_EVENT_BUFFER)).toBe('1/0');
    expect(counts(pools, PoolIntention.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('36/20');
    expect(counts(pools, PoolIntention.TRACKING_HOOKED_PAGES)).toBe('20/20');
  });

  it('a short-circuiting post event is refused before anything else', () => {
    const table = new EventTable(createStartupPools(CORES), context());
    const result = table.register(
      epthook(0, region(0), { eventType: 11, eventStage: 2, enableShortCircuiting: true, coreId: 99 }),
    );
    expect(result.error).toBe(
      C.DEBUGGER_ERROR_USING_SHORT_CIRCUITING_EVENT_WITH_POST_EVENT_MODE_IS_FORBIDDEDN,
    );
  });

  it('validation codes: core, exception vector, interrupt vector, pid on EPT hooks, address', () => {
    const table = new EventTable(createStartupPools(CORES), context());
    expect(table.register(epthook(0, region(0), { eventType: 11, coreId: CORES })).error).toBe(
      C.DEBUGGER_ERROR_INVALID_CORE_ID,
    );
    expect(
      table.register(epthook(1, region(0), { eventType: 16, options: [31n, 0n, 0n, 0n, 0n, 0n] })).error,
    ).toBe(C.DEBUGGER_ERROR_EXCEPTION_INDEX_EXCEED_FIRST_32_ENTRIES);
    expect(
      table.register(epthook(2, region(0), { eventType: 17, options: [0x1fn, 0n, 0n, 0n, 0n, 0n] })).error,
    ).toBe(C.DEBUGGER_ERROR_INTERRUPT_INDEX_IS_NOT_VALID);
    expect(table.register(epthook(3, region(0), { processId: 0 })).error).toBe(
      C.DEBUGGER_ERROR_PROCESS_ID_CANNOT_BE_SPECIFIED_WHILE_APPLYING_EVENT_FROM_VMX_ROOT_MODE,
    );
    expect(table.register(epthook(4, 0x1000n)).error).toBe(C.DEBUGGER_ERROR_INVALID_ADDRESS);
  });

  it('events are created disabled, enabled by the first good action; a failed action leaves them disabled', () => {
    const table = new EventTable(createStartupPools(CORES), context());
    expect(table.register(epthook(0, region(0), { eventType: 11 })).isSuccessful).toBe(true);
    expect(table.modify(0x1000000n, 0)).toEqual({
      kernelStatus: C.DEBUGGER_OPERATION_WAS_SUCCESSFUL,
      isEnabled: false,
    });
    expect(table.addAction({ ...scriptAction(0), preAllocatedBuffer: 0x100 }).error).toBe(
      C.DEBUGGER_ERROR_INSTANT_EVENT_REGULAR_REQUESTED_SAFE_BUFFER_NOT_FOUND,
    );
    expect(table.modify(0x1000000n, 0).isEnabled).toBe(false);
    expect(table.addAction(scriptAction(0)).isSuccessful).toBe(true);
    expect(table.modify(0x1000000n, 0).isEnabled).toBe(true);
    expect(table.addAction(scriptAction(5)).error).toBe(C.DEBUGGER_ERROR_TAG_NOT_EXISTS);
    expect(table.addAction({ ...scriptAction(0), scriptBufferSize: 0 }).error).toBe(
      C.DEBUGGER_ERROR_ACTION_BUFFER_SIZE_IS_ZERO,
    );
    expect(table.addAction({ ...scriptAction(0), actionType: 7 }).error).toBe(
      C.DEBUGGER_ERROR_INVALID_ACTION_TYPE,
    );
    expect(table.addAction({ ...scriptAction(0), preAllocatedBuffer: 1000 }).error).toBe(
      C.DEBUGGER_ERROR_INSTANT_EVENT_REQUESTED_OPTIONAL_BUFFER_IS_BIGGER_THAN_DEBUGGERS_SEND_RECEIVE_STACK,
    );
  });

  it('clear disables now, removes after processing, and the 51st clear in one halt fails', () => {
    const pools = createStartupPools(CORES);
    const table = new EventTable(pools, context());
    table.register(epthook(0, region(0), { eventType: 11 }));
    table.addAction(scriptAction(0));
    expect(table.modify(0x1000000n, 3).kernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(table.get(0x1000000n)?.enabled).toBe(false);
    expect(table.modify(0x1000000n, 0).kernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    for (let i = 1; i < 50; i++)
      expect(table.modify(0x1000000n, 3).kernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    expect(table.modify(0x1000000n, 3).kernelStatus).toBe(
      C.DEBUGGER_ERROR_THE_TARGET_EVENT_IS_DISABLED_BUT_CANNOT_BE_CLEARED_PRIRITY_BUFFER_IS_FULL,
    );
    expect(table.processQueuedClears()).toEqual([0x1000000n]);
    expect(table.modify(0x1000000n, 0).kernelStatus).toBe(C.DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TAG);
    expect(table.modify(0xffffffffffffffffn, 0).kernelStatus).toBe(C.DEBUGGER_ERROR_TAG_NOT_EXISTS);
    expect(table.modify(0xffffffffffffffffn, 9).kernelStatus).toBe(
      C.DEBUGGER_ERROR_MODIFY_EVENTS_INVALID_TYPE_OF_ACTION,
    );
    expect(pools.counts(PoolIntention.INSTANT_REGULAR_EVENT_BUFFER).pendingFree).toBe(1);
  });

  it('a processed clear of !epthook2 gives back its detour and page records, not the trampoline (§6.5)', () => {
    const pools = createStartupPools(CORES);
    const table = new EventTable(pools, context());
    expect(table.register(epthook(0, region(0), { eventType: 7 })).isSuccessful).toBe(true);
    expect(table.addAction(scriptAction(0)).isSuccessful).toBe(true);
    const inUse = (intention: PoolIntention) => {
      const c = pools.counts(intention);
      return `${c.used - c.pendingFree} in use, ${c.pendingFree} pending free`;
    };
    expect(inUse(PoolIntention.DETOUR_HOOK_DETAILS)).toBe('1 in use, 0 pending free');
    expect(table.modify(0x1000000n, 3).kernelStatus).toBe(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL);
    // nothing is given back while halted: the clear is processed after the next continue
    expect(inUse(PoolIntention.DETOUR_HOOK_DETAILS)).toBe('1 in use, 0 pending free');
    expect(table.processQueuedClears()).toEqual([0x1000000n]);
    expect(inUse(PoolIntention.DETOUR_HOOK_DETAILS)).toBe('0 in use, 1 pending free');
    expect(inUse(PoolIntention.TRACKING_HOOKED_PAGES)).toBe('0 in use, 1 pending free');
    expect(inUse(PoolIntention.EXEC_TRAMPOLINE)).toBe('1 in use, 0 pending free');
    expect(inUse(PoolIntention.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe(`${CORES} in use, 0 pending free`);
    pools.drain();
    expect(inUse(PoolIntention.DETOUR_HOOK_DETAILS)).toBe('0 in use, 0 pending free');
    // the page can be hooked again
    expect(table.register(epthook(1, region(0), { eventType: 7 })).isSuccessful).toBe(true);
  });

  it('!epthook2 and !monitor refuse a page that is already hooked', () => {
    const table = new EventTable(createStartupPools(CORES), context());
    expect(table.register(epthook(0, region(0))).isSuccessful).toBe(true);
    expect(table.register(epthook(1, region(0) + 0x10n, { eventType: 7 })).error).toBe(
      C.DEBUGGER_ERROR_EPT_MULTIPLE_HOOKS_IN_A_SINGLE_PAGE,
    );
    expect(
      table.register(
        epthook(2, region(0), { eventType: 1, options: [region(0), region(0) + 8n, 0n, 0n, 0n, 0n] }),
      ).error,
    ).toBe(C.DEBUGGER_ERROR_EPT_MULTIPLE_HOOKS_IN_A_SINGLE_PAGE);
    // a second !epthook on the same page costs no pools
    expect(table.register(epthook(3, region(0) + 0x20n)).isSuccessful).toBe(true);
  });
});
