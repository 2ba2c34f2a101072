/**
 * Ledger of the debuggee's pre-allocated pools (instant-event pools reference, sections 0–5):
 * the last `test pool` counts (or the start-up counts until the first refresh), plus every take
 * our own registrations caused since, the replacement requests they queued (300-slot queue) and
 * the frees waiting for the next drain. It forecasts what the next event needs and warns before
 * the debuggee would answer 0xc0000042/0xc0000045 (and the other pool errors) with the exact
 * `prealloc` remedy.
 */
import type { PoolLedger } from '../ports/services';
import { ActionType, EventType, type GeneralAction } from '../../shared/protocol/event-packets';
import type { EventPlan } from '../ports/event-plan';
import { DebuggerEventTagStartSeed } from '../../shared/protocol/generated/constants';
import { Emitter } from '../../shared/events/emitter';
import {
  emptyCounts,
  POOL_INTENTION_COUNT,
  PoolIntention as P,
  type PoolCounts,
  type TestPoolParse,
} from './pool-state';

/** Condition bytes that fit a regular (284 = 184 + 100) / big (4280 = 184 + 4096) event pool. */
const REGULAR_EVENT_CONDITION = 100;
const BIG_EVENT_CONDITION = 4096;
/** Code/script bytes that fit a regular (8288 = 96 + 8192) / big (82016 = 96 + 81920) action pool. */
const REGULAR_ACTION_BODY = 8192;
const BIG_ACTION_BODY = 81920;
const SAFE_BUFFER_LIMIT = 1000;
export const REQUEST_QUEUE_DEPTH = 300;
/** DEBUGGER_OPERATION_WAS_SUCCESSFUL and DEBUGGER_ERROR_MAXIMUM_BREAKPOINT_WITHOUT_CONTINUE. */
const OPERATION_SUCCESSFUL = 0xffffffff;
const MAXIMUM_BREAKPOINTS_WITHOUT_CONTINUE = 0xc0000018;
const PAGE_SHIFT = 12n;
const LARGE_PAGE_SHIFT = 21n;

/** `prealloc` types: CLI word → pools added per unit of Count (reference section 4). */
const PREALLOC_UNITS: Record<string, (cores: number) => [number, number][]> = {
  'thread-interception': () => [[P.PROCESS_THREAD_HOLDER, 1]],
  monitor: (n) => [
    [P.SPLIT_2MB_PAGING_TO_4KB_PAGE, n],
    [P.TRACKING_HOOKED_PAGES, 1],
  ],
  epthook: (n) => [
    [P.SPLIT_2MB_PAGING_TO_4KB_PAGE, n],
    [P.TRACKING_HOOKED_PAGES, 1],
  ],
  epthook2: (n) => [
    [P.SPLIT_2MB_PAGING_TO_4KB_PAGE, n],
    [P.TRACKING_HOOKED_PAGES, 1],
    [P.EXEC_TRAMPOLINE, 1],
    [P.DETOUR_HOOK_DETAILS, 1],
  ],
  'regular-event': () => [
    [P.INSTANT_REGULAR_EVENT_BUFFER, 1],
    [P.INSTANT_REGULAR_EVENT_ACTION_BUFFER, 1],
  ],
  'big-event': () => [
    [P.INSTANT_BIG_EVENT_BUFFER, 1],
    [P.INSTANT_BIG_EVENT_ACTION_BUFFER, 1],
  ],
  'regular-safe-buffer': () => [[P.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS, 1]],
  'big-safe-buffer': () => [[P.INSTANT_BIG_SAFE_BUFFER_FOR_EVENTS, 1]],
};

/** Which pool shortage gives which error, and which `prealloc` type refills it. */
const REMEDY: Record<number, { error: number; prealloc: string; what: string }> = {
  [P.INSTANT_REGULAR_EVENT_BUFFER]: {
    error: 0xc0000042,
    prealloc: 'regular-event',
    what: 'regular event buffer',
  },
  [P.INSTANT_BIG_EVENT_BUFFER]: { error: 0xc0000043, prealloc: 'big-event', what: 'big event buffer' },
  [P.INSTANT_REGULAR_EVENT_ACTION_BUFFER]: {
    error: 0xc0000045,
    prealloc: 'regular-event',
    what: 'regular action buffer',
  },
  [P.INSTANT_BIG_EVENT_ACTION_BUFFER]: {
    error: 0xc0000046,
    prealloc: 'big-event',
    what: 'big action buffer',
  },
  [P.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS]: {
    error: 0xc0000049,
    prealloc: 'regular-safe-buffer',
    what: 'regular safe buffer',
  },
  [P.TRACKING_HOOKED_PAGES]: { error: 0xc0000023, prealloc: 'epthook', what: 'EPT hooked-page record' },
  [P.SPLIT_2MB_PAGING_TO_4KB_PAGE]: { error: 0xc0000024, prealloc: 'epthook', what: '2MB→4KB split table' },
  [P.EXEC_TRAMPOLINE]: { error: 0xc0000027, prealloc: 'epthook2', what: 'detour trampoline' },
  [P.DETOUR_HOOK_DETAILS]: { error: 0xc0000027, prealloc: 'epthook2', what: 'detour record' },
};

/** The error an empty pool of `intention` causes and the `prealloc` type that refills it. */
export function shortageRemedy(
  intention: number,
): { error: number; prealloc: string; what: string } | undefined {
  return REMEDY[intention];
}

export const PREALLOC_RESUMES_WARNING =
  "note: 'prealloc' is forwarded to the debuggee's user mode: it resumes the debuggee, which then halts again " +
  "inside HyperDbg's own process, so the current context (registers, location) is lost. Pre-allocate before " +
  'you pause at the spot you care about.';

interface LedgerState {
  counts: PoolCounts[];
  pendingNew: number[];
  queued: number;
  dropped: number;
  /** 2 MB regions (by virtual address, the only address we know) → number of cores already split. */
  splitCores: Map<bigint, number>;
  /** 4 KB pages hooked through our own events (by virtual address) → hooks sharing the record. */
  hookedPages: Map<bigint, number>;
  /** Per event tag: the pools it holds that a clear gives back (event, actions, safe buffers, detour records). */
  holdings: Map<bigint, number[]>;
  /** Per event tag: the hooked pages it references. */
  pagesByTag: Map<bigint, bigint[]>;
}

export interface PoolLedgerSnapshot {
  readonly coreCount: number;
  readonly counts: readonly PoolCounts[];
  /** Replacements queued since the last drain, per intention (invisible to `test pool`). */
  readonly pendingNew: readonly number[];
  readonly queuedRequests: number;
  /** Replacement requests lost because the 300-slot queue was full (they never come back). */
  readonly droppedRequests: number;
  /** 'start-up' until the first `test pool` refresh. */
  readonly source: 'start-up' | 'test pool';
  /** Set when the debuggee answered differently than the ledger predicted: refresh with `test pool`. */
  readonly stale: boolean;
}

export interface PoolAssessment {
  /** Status the debuggee would answer; undefined when the plan fits. */
  readonly error?: number;
  /** Pool intention whose shortage causes `error`. */
  readonly shortOf?: number;
  /** `prealloc TYPE COUNT` commands that make the plan fit (COUNT as a number; type it in hex). */
  readonly remedies: readonly { readonly type: string; readonly count: number }[];
  /** This registration fills the 300-slot replacement queue. */
  readonly queueOverflow: boolean;
  /** For a page conflict (0xc0000026): the page already hooked and the tag of the event holding it. */
  readonly pageOwner?: PageOwner;
}

export interface PageOwner {
  /** Virtual address of the 4 KB page. */
  readonly page: bigint;
  /** Tag of the event whose EPT hook or monitor holds the page. */
  readonly tag: bigint;
}

interface Simulation {
  error?: number;
  /** Intention whose shortage caused `error`. */
  shortOf?: number;
  pageOwner?: PageOwner;
}

/** The event holding `page` (a page number), found in the per-event page lists. */
function pageOwner(state: LedgerState, page: bigint): PageOwner | undefined {
  for (const [tag, pages] of state.pagesByTag)
    if (pages.includes(page)) return { page: page << PAGE_SHIFT, tag };
  return undefined;
}

export class PoolLedgerModel implements PoolLedger {
  private state!: LedgerState;
  private source: 'start-up' | 'test pool' = 'start-up';
  private stale = false;
  private readonly changes = new Emitter<{ change: PoolLedgerSnapshot }>();

  constructor(private coreCount = 1) {
    this.reset();
  }

  /** New session: the counts HyperDbg v0.23 has at the first pause (reference table 1.1). */
  reset(coreCount = this.coreCount): void {
    this.coreCount = coreCount;
    const counts = emptyCounts();
    const startUp: [number, number][] = [
      [P.TRACKING_HOOKED_PAGES, 20],
      [P.EXEC_TRAMPOLINE, 20],
      [P.SPLIT_2MB_PAGING_TO_4KB_PAGE, 20 * coreCount],
      [P.DETOUR_HOOK_DETAILS, 20],
      [P.BREAKPOINT_DEFINITION_STRUCTURE, 100],
      [P.INSTANT_REGULAR_EVENT_BUFFER, 20],
      [P.INSTANT_REGULAR_EVENT_ACTION_BUFFER, 20],
    ];
    for (const [intention, n] of startUp) counts[intention] = { free: n, inUse: 0, pendingFree: 0, total: n };
    this.state = {
      counts,
      pendingNew: new Array(counts.length).fill(0),
      queued: 0,
      dropped: 0,
      splitCores: new Map(),
      hookedPages: new Map(),
      holdings: new Map(),
      pagesByTag: new Map(),
    };
    this.source = 'start-up';
    this.stale = false;
    this.emit();
  }

  setCoreCount(coreCount: number): void {
    if (coreCount !== this.coreCount) this.reset(coreCount);
  }

  onChange(listener: (snapshot: PoolLedgerSnapshot) => void): () => void {
    return this.changes.on('change', listener);
  }

  snapshot(): PoolLedgerSnapshot {
    return {
      coreCount: this.coreCount,
      counts: this.state.counts.map((c) => ({ ...c })),
      pendingNew: [...this.state.pendingNew],
      queuedRequests: this.state.queued,
      droppedRequests: this.state.dropped,
      source: this.source,
      stale: this.stale,
    };
  }

  /** A fresh `test pool`: the debuggee's own truth replaces the predicted counts. */
  applyTestPool(parse: TestPoolParse): void {
    // The debuggee never reports its core count, but start-up gives 20 split tables per core:
    // an untouched first refresh reveals N.
    const split = parse.counts[P.SPLIT_2MB_PAGING_TO_4KB_PAGE];
    if (
      this.source === 'start-up' &&
      this.state.queued === 0 &&
      split.inUse + split.pendingFree === 0 &&
      split.total > 0 &&
      split.total % 20 === 0
    ) {
      this.coreCount = split.total / 20;
    }
    this.state.counts = parse.counts.map((c) => ({ ...c }));
    this.source = 'test pool';
    this.stale = false;
    this.emit();
  }

  /**
   * A drain ran on the debuggee (break-in from the debugger, any forwarded command, clear
   * processing after `g`): queued replacements become free pools, freed pools disappear.
   */
  observeDrain(): void {
    const { counts, pendingNew } = this.state;
    counts.forEach((c, i) => {
      c.free += pendingNew[i];
      c.total += pendingNew[i] - c.pendingFree;
      c.pendingFree = 0;
      pendingNew[i] = 0;
    });
    this.state.queued = 0;
    this.emit();
  }

  /** `prealloc TYPE COUNT` completed (COUNT already parsed as hex): drain, then the new pools. */
  recordPrealloc(type: string, count: number): void {
    this.observeDrain();
    const units = PREALLOC_UNITS[type.toLowerCase().replace(/^!/, '')];
    if (!units) return;
    for (const [intention, perUnit] of units(this.coreCount)) {
      const c = this.state.counts[intention];
      c.free += perUnit * count;
      c.total += perUnit * count;
    }
    this.emit();
  }

  /**
   * The debuggee resumed with `events c` requests queued: its user mode sends one modify IOCTL per
   * request (which drains first), removes the events, and the reader's next IOCTL drains again,
   * so the events' pools are gone by the next halt. Split tables and trampolines never return;
   * a hooked-page record returns when the last hook on the page goes (reference 6.5).
   */
  releaseClearedEvents(tags: readonly bigint[]): void {
    this.observeDrain();
    const { counts, holdings, pagesByTag, hookedPages } = this.state;
    const drop = (intention: number) => {
      const c = counts[intention];
      if (c.inUse > 0) {
        c.inUse--;
        c.total--;
      }
    };
    for (const tag of tags) {
      for (const intention of holdings.get(tag) ?? []) drop(intention);
      for (const page of pagesByTag.get(tag) ?? []) {
        const refs = (hookedPages.get(page) ?? 1) - 1;
        if (refs > 0) hookedPages.set(page, refs);
        else {
          hookedPages.delete(page);
          drop(P.TRACKING_HOOKED_PAGES);
        }
      }
      holdings.delete(tag);
      pagesByTag.delete(tag);
    }
    this.emit();
  }

  /**
   * What registering `plan` now would do to the pools: the error the debuggee would answer (if
   * any), the empty pool behind it, every `prealloc` needed so that it succeeds, and whether the
   * replacement queue overflows.
   */
  assess(plan: EventPlan): PoolAssessment {
    const run = (state: LedgerState): Simulation => {
      const event = this.simulateRegistration(state, plan);
      return event.error === undefined ? this.simulateActions(state, plan) : event;
    };
    const trial = cloneState(this.state);
    const result = run(trial);
    const queueOverflow = trial.queued >= REQUEST_QUEUE_DEPTH && this.state.queued < REQUEST_QUEUE_DEPTH;
    if (result.error === undefined) return { queueOverflow, remedies: [] };
    // Find every prealloc needed: refill the empty pool, try again, until the plan fits or a
    // failure has no prealloc remedy.
    const units = new Map<string, number>();
    const refill = cloneState(this.state);
    let attempt = result;
    for (let round = 0; round < POOL_INTENTION_COUNT && attempt.shortOf !== undefined; round++) {
      const remedy = REMEDY[attempt.shortOf];
      const perUnit =
        PREALLOC_UNITS[remedy.prealloc](this.coreCount).find(([i]) => i === attempt.shortOf)?.[1] ?? 1;
      const missing = this.shortfall(refill, plan, attempt.shortOf);
      const count = Math.ceil(missing / perUnit);
      units.set(remedy.prealloc, Math.max(units.get(remedy.prealloc) ?? 0, count));
      for (const [intention, n] of PREALLOC_UNITS[remedy.prealloc](this.coreCount))
        refill.counts[intention].free += n * count;
      attempt = run(cloneState(refill));
    }
    return {
      error: result.error,
      ...(result.shortOf !== undefined ? { shortOf: result.shortOf } : {}),
      ...(result.pageOwner !== undefined ? { pageOwner: result.pageOwner } : {}),
      remedies: [...units].map(([type, count]) => ({ type, count })),
      queueOverflow,
    };
  }

  /** How many more free pools of `intention` the plan needs than `state` has. */
  private shortfall(state: LedgerState, plan: EventPlan, intention: number): number {
    const plenty = 1 << 20;
    const trial = cloneState(state);
    trial.counts[intention].free += plenty;
    const before = trial.counts[intention].free;
    const event = this.simulateRegistration(trial, plan);
    if (event.error === undefined) this.simulateActions(trial, plan);
    const used = before - trial.counts[intention].free;
    return Math.max(1, used - state.counts[intention].free);
  }

  /** Warning text (ending in a newline) when the next registration of `plan` would fail. */
  forecast(plan: EventPlan): string | undefined {
    const assessment = this.assess(plan);
    const lines: string[] = [];
    if (assessment.error !== undefined) {
      const hex = assessment.error.toString(16);
      const remedy = assessment.shortOf !== undefined ? REMEDY[assessment.shortOf] : undefined;
      if (remedy && assessment.remedies.length > 0) {
        const commands = assessment.remedies
          .map((r) => `'prealloc ${r.type} ${r.count.toString(16)}'`)
          .join(' and ');
        lines.push(
          `warning: the pool ledger predicts no free ${remedy.what} (pool intention ${assessment.shortOf!.toString(16)}); ` +
            `the debuggee would reject this event with 0x${hex}.`,
          `remedy: run ${commands} (counts are hex)` +
            (this.source === 'start-up' ? ", or 'test pool' to refresh the counts first." : '.'),
          PREALLOC_RESUMES_WARNING,
        );
      } else if (assessment.pageOwner) {
        // Not a pool shortage: the page is taken. Name the event that holds it.
        const { page, tag } = assessment.pageOwner;
        const id = (tag - BigInt(DebuggerEventTagStartSeed)).toString(16);
        lines.push(
          `warning: page ${page.toString(16)} is already hooked by event ${id} (tag ${tag.toString(16)}); ` +
            `the debuggee would reject this event with 0x${hex} (one EPT hook or monitor per page).`,
          `remedy: clear event ${id} first ('events c ${id}'), or hook another page.`,
        );
      } else {
        lines.push(`warning: the pool ledger predicts that the debuggee rejects this event with 0x${hex}.`);
      }
    }
    if (assessment.queueOverflow) {
      lines.push(
        'warning: the debuggee queue of pool replacement requests (300 slots) fills up with this event; ' +
          'replacements beyond it are lost for good. Continue and break in (CTRL+C) to let the debuggee refill its pools.',
      );
    }
    return lines.length > 0 ? lines.join('\n') + '\n' : undefined;
  }

  /**
   * `bp` answered (a24 Result). A breakpoint that passed the debuggee's checks took one breakpoint
   * descriptor (`BreakpointAddNew`); 0xc0000018 means none was free. Either take queued a
   * replacement; other errors were raised before the take.
   */
  recordBreakpoint(status: number): void {
    const succeeded = status >>> 0 === OPERATION_SUCCESSFUL;
    if (!succeeded && status >>> 0 !== MAXIMUM_BREAKPOINTS_WITHOUT_CONTINUE) return;
    if (this.take(this.state, P.BREAKPOINT_DEFINITION_STRUCTURE) !== succeeded) this.stale = true;
    this.emit();
  }

  /** `bc` succeeded: the breakpoint's descriptor is freed; it disappears at the next drain. */
  releaseBreakpoint(): void {
    this.markFreed(this.state, P.BREAKPOINT_DEFINITION_STRUCTURE);
    this.emit();
  }

  /** a52 answered for `plan` (error undefined = success). */
  recordRegistration(plan: EventPlan, error: number | undefined): void {
    const predicted = this.simulateRegistration(this.state, plan);
    if (predicted.error !== error) this.stale = true;
    this.emit();
  }

  /** a53 answered for one action of `plan`. */
  recordAction(plan: EventPlan, action: GeneralAction, error: number | undefined): void {
    const predicted = this.simulateAction(this.state, action);
    if (predicted.error !== error) this.stale = true;
    this.emit();
  }

  /** One take (PoolManagerRequestPool): first free pool or nothing; either way one replacement is queued. */
  private take(state: LedgerState, intention: number): boolean {
    const c = state.counts[intention];
    const got = c.free > 0;
    if (got) {
      c.free--;
      c.inUse++;
    }
    if (state.queued < REQUEST_QUEUE_DEPTH) {
      state.pendingNew[intention]++;
      state.queued++;
    } else {
      state.dropped++;
    }
    return got;
  }

  private markFreed(state: LedgerState, intention: number): void {
    const c = state.counts[intention];
    if (c.inUse > 0) {
      c.inUse--;
      c.pendingFree++;
    }
  }

  private simulateRegistration(state: LedgerState, plan: EventPlan): Simulation {
    const conditionSize = plan.event.condition.length;
    let eventPool: number;
    if (conditionSize <= REGULAR_EVENT_CONDITION) {
      if (this.take(state, P.INSTANT_REGULAR_EVENT_BUFFER)) eventPool = P.INSTANT_REGULAR_EVENT_BUFFER;
      else if (this.take(state, P.INSTANT_BIG_EVENT_BUFFER)) eventPool = P.INSTANT_BIG_EVENT_BUFFER;
      else return { error: 0xc0000042, shortOf: P.INSTANT_REGULAR_EVENT_BUFFER };
    } else if (conditionSize <= BIG_EVENT_CONDITION) {
      if (!this.take(state, P.INSTANT_BIG_EVENT_BUFFER))
        return { error: 0xc0000043, shortOf: P.INSTANT_BIG_EVENT_BUFFER };
      eventPool = P.INSTANT_BIG_EVENT_BUFFER;
    } else {
      return { error: 0xc0000041 };
    }
    const ept = this.simulateEpt(state, plan);
    if (ept.error !== undefined) this.markFreed(state, eventPool);
    else this.hold(state, plan.event.tag, eventPool);
    return ept;
  }

  /** EPT pools per hook (reference 2.5); pages/regions are tracked by virtual address. */
  private simulateEpt(state: LedgerState, plan: EventPlan): Simulation {
    const { eventType, params } = plan.event;
    if (eventType > EventType.HIDDEN_HOOK_EXEC_CC) return {};
    const isCc = eventType === EventType.HIDDEN_HOOK_EXEC_CC;
    const isDetour = eventType === EventType.HIDDEN_HOOK_EXEC_DETOURS;
    const from = params[0] ?? 0n;
    const to = isCc || isDetour ? from : (params[1] ?? from);
    const pages: bigint[] = [];
    for (let page = from >> PAGE_SHIFT; page <= to >> PAGE_SHIFT && pages.length < 1 << 20; page++)
      pages.push(page);
    const hookedNow: bigint[] = [];
    for (const page of pages) {
      const refs = state.hookedPages.get(page);
      if (refs !== undefined) {
        if (!isCc) {
          const owner = pageOwner(state, page);
          return this.undoPages(state, hookedNow, {
            error: 0xc0000026,
            ...(owner ? { pageOwner: owner } : {}),
          });
        }
        // Another breakpoint on an already hooked page: no pools, one more user of the record.
        state.hookedPages.set(page, refs + 1);
        hookedNow.push(page);
        continue;
      }
      if (!this.take(state, P.TRACKING_HOOKED_PAGES)) {
        return this.undoPages(state, hookedNow, { error: 0xc0000023, shortOf: P.TRACKING_HOOKED_PAGES });
      }
      if (isDetour) {
        if (!this.take(state, P.EXEC_TRAMPOLINE)) {
          this.markFreed(state, P.TRACKING_HOOKED_PAGES);
          return { error: 0xc0000027, shortOf: P.EXEC_TRAMPOLINE };
        }
        if (this.take(state, P.DETOUR_HOOK_DETAILS)) this.hold(state, plan.event.tag, P.DETOUR_HOOK_DETAILS);
      }
      const region = (page << PAGE_SHIFT) >> LARGE_PAGE_SHIFT;
      for (let core = state.splitCores.get(region) ?? 0; core < this.coreCount; core++) {
        if (!this.take(state, P.SPLIT_2MB_PAGING_TO_4KB_PAGE)) {
          state.splitCores.set(region, core);
          this.markFreed(state, P.TRACKING_HOOKED_PAGES);
          return this.undoPages(state, hookedNow, {
            error: 0xc0000024,
            shortOf: P.SPLIT_2MB_PAGING_TO_4KB_PAGE,
          });
        }
      }
      state.splitCores.set(region, this.coreCount);
      state.hookedPages.set(page, 1);
      hookedNow.push(page);
    }
    state.pagesByTag.set(plan.event.tag, hookedNow);
    return {};
  }

  /** A failing `!monitor` unhooks the pages it already hooked; their TRACKING records are freed. */
  private undoPages(state: LedgerState, pages: bigint[], result: Simulation): Simulation {
    for (const page of pages) {
      state.hookedPages.delete(page);
      this.markFreed(state, P.TRACKING_HOOKED_PAGES);
    }
    return result;
  }

  private hold(state: LedgerState, tag: bigint, intention: number): void {
    const list = state.holdings.get(tag) ?? [];
    list.push(intention);
    state.holdings.set(tag, list);
  }

  private simulateActions(state: LedgerState, plan: EventPlan): Simulation {
    for (const action of plan.actions) {
      const result = this.simulateAction(state, action);
      if (result.error !== undefined) return result;
    }
    return {};
  }

  private simulateAction(state: LedgerState, action: GeneralAction): Simulation {
    const size = action.body.length;
    let actionPool: number;
    if (size <= REGULAR_ACTION_BODY) {
      if (this.take(state, P.INSTANT_REGULAR_EVENT_ACTION_BUFFER))
        actionPool = P.INSTANT_REGULAR_EVENT_ACTION_BUFFER;
      else if (this.take(state, P.INSTANT_BIG_EVENT_ACTION_BUFFER))
        actionPool = P.INSTANT_BIG_EVENT_ACTION_BUFFER;
      else return { error: 0xc0000045, shortOf: P.INSTANT_REGULAR_EVENT_ACTION_BUFFER };
    } else if (size <= BIG_ACTION_BODY) {
      if (!this.take(state, P.INSTANT_BIG_EVENT_ACTION_BUFFER)) {
        return { error: 0xc0000046, shortOf: P.INSTANT_BIG_EVENT_ACTION_BUFFER };
      }
      actionPool = P.INSTANT_BIG_EVENT_ACTION_BUFFER;
    } else {
      return { error: 0xc0000047 };
    }
    if (action.actionType === ActionType.breakToDebugger || action.preAllocatedBuffer === 0) {
      this.hold(state, action.eventTag, actionPool);
      return {};
    }
    if (action.preAllocatedBuffer >= SAFE_BUFFER_LIMIT) {
      this.markFreed(state, actionPool);
      return { error: 0xc0000048 };
    }
    let safePool: number = P.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS;
    if (!this.take(state, safePool)) {
      safePool = P.INSTANT_BIG_SAFE_BUFFER_FOR_EVENTS;
      if (!this.take(state, safePool)) {
        this.markFreed(state, actionPool);
        return { error: 0xc0000049, shortOf: P.INSTANT_REGULAR_SAFE_BUFFER_FOR_EVENTS };
      }
    }
    this.hold(state, action.eventTag, actionPool);
    this.hold(state, action.eventTag, safePool);
    return {};
  }

  private emit(): void {
    // The snapshot costs a copy of every pool: built only when someone listens.
    if (this.changes.hasListeners('change')) this.changes.emit('change', this.snapshot());
  }
}

function cloneState(state: LedgerState): LedgerState {
  return {
    counts: state.counts.map((c) => ({ ...c })),
    pendingNew: [...state.pendingNew],
    queued: state.queued,
    dropped: state.dropped,
    splitCores: new Map(state.splitCores),
    hookedPages: new Map(state.hookedPages),
    holdings: new Map([...state.holdings].map(([tag, list]) => [tag, [...list]])),
    pagesByTag: new Map([...state.pagesByTag].map(([tag, list]) => [tag, [...list]])),
  };
}
