import { describe, expect, it } from 'vitest';
import { PoolLedgerModel } from './pool-ledger';
import { parseTestPoolOutput, PoolIntention as P } from './pool-state';
import type { EventPlan } from '../ports/event-plan';
import { ActionType, EventType, type GeneralAction } from '../../shared/protocol/event-packets';

function epthookPlan(address: bigint, tag = 0x1000000n): EventPlan {
  const action: GeneralAction = {
    eventTag: tag,
    actionType: ActionType.runScript,
    immediateMessagePassing: true,
    preAllocatedBuffer: 0,
    body: new Uint8Array(48),
  };
  return {
    commandText: `!epthook ${address.toString(16)} script { x = 1; }`,
    listingText: `!epthook ${address.toString(16)} script  x = 1;  `,
    commandName: '!epthook',
    event: {
      tag,
      eventType: EventType.HIDDEN_HOOK_EXEC_CC,
      coreId: 0xffffffff,
      processId: 0xffffffff,
      enableShortCircuiting: false,
      stage: 1,
      outputSourceTags: [],
      countOfActions: 1,
      params: [address],
      condition: new Uint8Array(),
    },
    actions: [action],
  };
}

/** Registers like the debuggee would answer (the ledger's own prediction), returning the a52 error. */
function register(ledger: PoolLedgerModel, plan: EventPlan): number | undefined {
  const warning = ledger.forecast(plan);
  const error = warning ? Number.parseInt(/with 0x([0-9a-f]+)/.exec(warning)![1], 16) : undefined;
  ledger.recordRegistration(plan, error);
  if (error === undefined) for (const action of plan.actions) ledger.recordAction(plan, action, undefined);
  return error;
}

const view = (ledger: PoolLedgerModel, intention: number) => {
  const c = ledger.snapshot().counts[intention];
  return `${c.free}/${c.inUse + c.pendingFree}`;
};

describe('pool ledger: the worked example of the instant-event pools reference (section 7, N = 4)', () => {
  it('follows S0..S7 exactly', () => {
    const ledger = new PoolLedgerModel(4);
    const region = (i: number) => BigInt(i) * 0x200000n + 0xfffff80000001000n;
    // S0
    expect(
      [P.TRACKING_HOOKED_PAGES, P.SPLIT_2MB_PAGING_TO_4KB_PAGE, P.INSTANT_REGULAR_EVENT_BUFFER].map((i) =>
        view(ledger, i),
      ),
    ).toEqual(['20/0', '80/0', '20/0']);
    // S1: 20 !epthook with a script, each in a fresh 2 MB region
    for (let i = 0; i < 20; i++) expect(register(ledger, epthookPlan(region(i)))).toBeUndefined();
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('0/20');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('0/80');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('0/20');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('0/20');
    expect(ledger.snapshot().queuedRequests).toBe(140);
    // S2: the 21st fails with 0xc0000042 and the warning names the remedy and the resume caveat
    const warning = ledger.forecast(epthookPlan(region(20)))!;
    expect(warning).toContain('0xc0000042');
    expect(warning).toContain("'prealloc regular-event 1'");
    expect(warning).toContain('resumes the debuggee');
    expect(register(ledger, epthookPlan(region(20)))).toBe(0xc0000042);
    expect(ledger.snapshot().queuedRequests).toBe(142);
    // S3: prealloc regular-event 10 (hex 0x10)
    ledger.recordPrealloc('regular-event', 0x10);
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('20/20');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('80/80');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('37/20');
    expect(view(ledger, P.INSTANT_BIG_EVENT_BUFFER)).toBe('1/0');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('36/20');
    expect(ledger.snapshot().queuedRequests).toBe(0);
    // S4: prealloc epthook 10
    ledger.recordPrealloc('epthook', 0x10);
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('36/20');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('144/80');
    expect(view(ledger, P.EXEC_TRAMPOLINE)).toBe('20/0');
    // S5: five more in fresh regions
    for (let i = 21; i < 26; i++) expect(register(ledger, epthookPlan(region(i)))).toBeUndefined();
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('31/25');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('124/100');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('32/25');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('31/25');
    expect(ledger.snapshot().queuedRequests).toBe(35);
    // S7: break-in drains
    ledger.observeDrain();
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('36/25');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('144/100');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('37/25');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('36/25');
    const totals = ledger.snapshot().counts.reduce((sum, c) => sum + c.total, 0);
    expect(totals).toBe(569);
    expect(ledger.snapshot().stale).toBe(false);
  });

  it('a second hook on the same page costs no EPT pools; safe buffers are missing by default', () => {
    const ledger = new PoolLedgerModel(2);
    register(ledger, epthookPlan(0x401000n));
    register(ledger, epthookPlan(0x401010n));
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('19/1');
    const plan = epthookPlan(0x900000n);
    const withBuffer = { ...plan, actions: [{ ...plan.actions[0], preAllocatedBuffer: 0x10 }] };
    expect(ledger.forecast(withBuffer)).toContain("'prealloc regular-safe-buffer 1'");
  });

  it('marks itself stale when the debuggee disagrees', () => {
    const ledger = new PoolLedgerModel(1);
    ledger.recordRegistration(epthookPlan(0x1000n), 0xc0000042);
    expect(ledger.snapshot().stale).toBe(true);
  });
});

describe('test pool parsing (reference 5.1-5.3)', () => {
  const line = (i: string, state: string, freed: string) =>
    `(12:01:02.345 - core : 0 - vmx-root? yes)\t [+] Information (PoolManagerShowPreAllocatedPools:209) | Pool details, Pool intention: ${i} | Pool address: ffffc58a1b2f3000 | Pool state: ${state} | Should be freed: ${freed} | Already freed: false\n\n`;
  it('counts free, in use and pending frees per intention and ignores other text', () => {
    const parse = parseTestPoolOutput([
      line('6', 'free', 'false'),
      line('6', 'used', 'false'),
      line('a', 'used', 'true'),
      'unrelated log line\n',
      line('2', 'free', 'false') + line('2', 'free', 'false'),
    ]);
    expect(parse.records).toBe(5);
    expect(parse.counts[6]).toEqual({ free: 1, inUse: 1, pendingFree: 0, total: 2 });
    expect(parse.counts[10]).toEqual({ free: 0, inUse: 0, pendingFree: 1, total: 1 });
    expect(parse.counts[2].free).toBe(2);
    const ledger = new PoolLedgerModel(1);
    ledger.applyTestPool(parse);
    expect(ledger.snapshot().source).toBe('test pool');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('1/1');
  });
});

describe('pool ledger: clears processed after continue (reference 6.5)', () => {
  const plan = (eventType: number, params: bigint[], tag: bigint): EventPlan => {
    const base = epthookPlan(params[0], tag);
    return {
      ...base,
      event: { ...base.event, eventType: eventType as EventPlan['event']['eventType'], params },
    };
  };
  it('gives back event, action, hooked-page and detour pools, never trampolines or split tables', () => {
    const ledger = new PoolLedgerModel(2);
    register(ledger, plan(EventType.HIDDEN_HOOK_EXEC_CC, [0x401000n], 0x1000000n));
    register(ledger, plan(EventType.HIDDEN_HOOK_EXEC_CC, [0x401020n], 0x1000001n));
    register(ledger, plan(EventType.HIDDEN_HOOK_EXEC_DETOURS, [0x801000n], 0x1000002n));
    ledger.observeDrain();
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('20/2');
    expect(view(ledger, P.DETOUR_HOOK_DETAILS)).toBe('20/1');
    ledger.releaseClearedEvents([0x1000000n, 0x1000002n]);
    // The page of the first breakpoint still serves the second one.
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('20/1');
    expect(view(ledger, P.DETOUR_HOOK_DETAILS)).toBe('20/0');
    expect(view(ledger, P.EXEC_TRAMPOLINE)).toBe('20/1');
    expect(view(ledger, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)).toBe('40/4');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_BUFFER)).toBe('20/1');
    expect(view(ledger, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER)).toBe('20/1');
    ledger.releaseClearedEvents([0x1000001n]);
    expect(view(ledger, P.TRACKING_HOOKED_PAGES)).toBe('20/0');
  });
});

describe('pool ledger: remedies', () => {
  it('lists every prealloc a plan needs, with counts in hex', () => {
    const ledger = new PoolLedgerModel(1);
    const monitor = (from: bigint, pages: number, tag: bigint): EventPlan => {
      const base = epthookPlan(from, tag);
      return {
        ...base,
        event: {
          ...base.event,
          eventType: EventType.HIDDEN_HOOK_READ_AND_WRITE,
          params: [from, from + BigInt(pages * 0x1000 - 1), 0n],
        },
      };
    };
    // 0x30 pages, but only 20 hooked-page records exist.
    const wide = monitor(0x10000000n, 0x30, 0x1000000n);
    expect(ledger.assess(wide)).toMatchObject({
      error: 0xc0000023,
      shortOf: P.TRACKING_HOOKED_PAGES,
      remedies: [{ type: 'epthook', count: 0x1c }],
    });
    expect(ledger.forecast(wide)).toContain("remedy: run 'prealloc epthook 1c' (counts are hex)");
    // Use up the regular event buffers, then a hook that also lacks hooked-page records.
    for (let i = 0; i < 20; i++)
      register(ledger, monitor(0x20000000n + BigInt(i) * 0x200000n, 1, 0x1000001n + BigInt(i)));
    const next = epthookPlan(0x30000000n, 0x1000100n);
    expect(ledger.assess(next)).toMatchObject({
      error: 0xc0000042,
      remedies: [
        { type: 'regular-event', count: 1 },
        { type: 'epthook', count: 1 },
      ],
    });
    expect(ledger.forecast(next)).toContain("'prealloc regular-event 1' and 'prealloc epthook 1'");
  });
});

describe('pool ledger: page conflicts', () => {
  it('names the event whose hook or monitor already holds the page (0xc0000026), not a pool', () => {
    const ledger = new PoolLedgerModel(1);
    const monitor: EventPlan = {
      ...epthookPlan(0x401000n, 0x1000002n),
      event: {
        ...epthookPlan(0x401000n, 0x1000002n).event,
        eventType: EventType.HIDDEN_HOOK_READ_AND_WRITE,
        params: [0x400000n, 0x401fffn, 0n],
      },
    };
    expect(register(ledger, monitor)).toBeUndefined();
    const hook = epthookPlan(0x401234n, 0x1000003n);
    const detour: EventPlan = {
      ...hook,
      event: { ...hook.event, eventType: EventType.HIDDEN_HOOK_EXEC_DETOURS },
    };
    expect(ledger.assess(detour)).toMatchObject({
      error: 0xc0000026,
      pageOwner: { page: 0x401000n, tag: 0x1000002n },
      remedies: [],
    });
    const text = ledger.forecast(detour)!;
    expect(text).toContain('page 401000 is already hooked by event 2 (tag 1000002)');
    expect(text).toContain("remedy: clear event 2 first ('events c 2')");
    expect(text).not.toContain('pool ledger');
  });
});
