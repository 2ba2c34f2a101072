import { afterEach, describe, expect, it } from 'vitest';
import { createSessionModels, type SessionModels } from './session-models';
import type { DebuggeeLink, HaltContext, SessionEventMap, SessionEventName } from '../session/link';
import { tokenizeCommand } from '../commands/tokenizer';

/** A link that only emits session events (the models never send anything themselves). */
function emittingLink() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const link = {
    on<K extends SessionEventName>(event: K, listener: (payload: SessionEventMap[K]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  } as unknown as DebuggeeLink;
  const emit = <K extends SessionEventName>(event: K, payload: SessionEventMap[K]) =>
    listeners.get(event)?.forEach((l) => l(payload));
  return { link, emit };
}

const paused = (reason: number, eventTag = 0n, eventStage = 0): HaltContext =>
  ({
    reason,
    reasonName: 'EVENT_TRIGGERED',
    rip: 0x1000n,
    eventTag,
    eventStage,
    core: 1,
    arrivedAt: 5,
  }) as HaltContext;

const models: SessionModels[] = [];
afterEach(() => {
  while (models.length) models.pop()!.close();
});

function registered(m: SessionModels, tag: bigint) {
  m.events.add({
    commandText: '!cpuid',
    listingText: '!cpuid ',
    commandName: '!cpuid',
    event: {
      tag,
      eventType: 11,
      coreId: 0xffffffff,
      processId: 0xffffffff,
      enableShortCircuiting: false,
      stage: 3,
      outputSourceTags: [],
      countOfActions: 1,
      params: [0n, 0n],
      condition: new Uint8Array(),
    },
    actions: [
      {
        eventTag: tag,
        actionType: 1,
        immediateMessagePassing: true,
        preAllocatedBuffer: 0,
        body: new Uint8Array(24),
      },
    ],
    actionErrors: [undefined],
    scriptSource: 'printf("%x", $core);',
  });
}

describe('session models attached to a link', () => {
  it('counts a hit per event message and stage (triggers and script output), and stores stage-tagged logs', async () => {
    const m = createSessionModels();
    models.push(m);
    const { link, emit } = emittingLink();
    m.attach(link);
    const tag = m.events.allocateTag();
    registered(m, tag);
    const changes: string[] = [];
    m.events.onChange((c) => changes.push(c.kind));
    emit('paused', paused(11, tag, 1));
    emit('log', { operationCode: Number(tag), text: 'pre output', arrivedAt: 6, sequence: 0, core: 1 });
    emit('state', { state: 'running', previous: 'paused' });
    emit('paused', paused(11, tag, 2));
    emit('paused', paused(11, tag, 2));
    const record = m.events.get(tag)!;
    // One hit per event message: the pre trigger and the output it printed while halted, two post triggers.
    expect(record.hits).toEqual({ pre: 2, post: 2 });
    expect(record.outputMessages).toBe(1);
    expect(record.actions[0].scriptSource).toBe('printf("%x", $core);');
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(await m.logs.count({ stage: 'post', kinds: ['trigger'] })).toBe(2);
    expect((await m.logs.page({ kinds: ['event'] }, { limit: 1 }))[0]).toMatchObject({
      stage: 'pre',
      eventTag: Number(tag),
    });
    // The halted core is in the roster, with where it stopped; its output row marks it as logging.
    expect(m.cores.list()).toEqual([
      { core: 1, lastHalt: { rip: 0x1000n, reasonName: 'EVENT_TRIGGERED' }, logged: true },
    ]);
  });

  it('a new STARTED resets events, tag numbering and the core roster; pools go back to start-up counts', () => {
    const m = createSessionModels({ coreCount: 2 });
    models.push(m);
    const { link, emit } = emittingLink();
    m.attach(link);
    registered(m, m.events.allocateTag());
    m.pools.recordPrealloc('regular-event', 1);
    emit('paused', paused(1));
    expect(m.cores.list().map((c) => c.core)).toEqual([1]);
    emit('started', { osName: 'x', kernelBase: 0n, portAddress: 0x2f8, baudRate: 115200 });
    expect(m.events.list()).toEqual([]);
    expect(m.cores.list()).toEqual([]);
    expect(m.events.allocateTag()).toBe(0x1000000n);
    expect(m.pools.snapshot().counts[6].free).toBe(20);
  });

  it('feeds test pool output and prealloc completions to the ledger; reveals the core count', () => {
    const m = createSessionModels();
    models.push(m);
    const line = (i: string) =>
      `(00:00:00.000 - core : 0 - vmx-root? yes)\t [+] Information (PoolManagerShowPreAllocatedPools:209) | Pool details, Pool intention: ${i} | Pool address: ffff1000 | Pool state: free | Should be freed: false | Already freed: false\n\n`;
    m.hooks.onTestPoolOutput([...Array(80)].map(() => line('2')).concat([line('6')]));
    expect(m.pools.snapshot()).toMatchObject({ coreCount: 4, source: 'test pool' });
    const command = (text: string) => {
      const [name, ...args] = tokenizeCommand(text);
      return { name: name.text.toLowerCase(), args, raw: text };
    };
    m.hooks.onForwarded(command('prealloc regular-event 10'), [
      'the requested pools are allocated and reserved\n',
    ]);
    expect(m.pools.snapshot().counts[6].free).toBe(1 + 0x10);
    m.hooks.onForwarded(command('prealloc regular-event 10'), ["err, couldn't resolve error at 'x'\n"]);
    expect(m.pools.snapshot().counts[6].free).toBe(1 + 0x10);
  });

  it('counts the breakpoint descriptor a bp takes (also a failed take) and a bc frees', () => {
    const m = createSessionModels();
    models.push(m);
    const descriptors = () => m.pools.snapshot().counts[4];
    const queued = () => m.pools.snapshot().pendingNew[4];
    m.hooks.onBreakpointSet(0xffffffff);
    expect(descriptors()).toEqual({ free: 99, inUse: 1, pendingFree: 0, total: 100 });
    expect(queued()).toBe(1);
    // Rejected before the take (invalid address, address already has a breakpoint): nothing.
    m.hooks.onBreakpointSet(0xc000001a);
    expect(descriptors().inUse).toBe(1);
    expect(queued()).toBe(1);
    m.hooks.onBreakpointCleared();
    expect(descriptors()).toEqual({ free: 99, inUse: 0, pendingFree: 1, total: 100 });
    expect(m.pools.snapshot().stale).toBe(false);
    // "maximum breakpoints without continue" while the ledger still saw a free descriptor.
    m.hooks.onBreakpointSet(0xc0000018);
    expect(queued()).toBe(2);
    expect(m.pools.snapshot().stale).toBe(true);
  });

  it('leaves a log store it was given open on close', async () => {
    const given = createSessionModels();
    models.push(given);
    const m = createSessionModels({ logStore: given.logs });
    m.close();
    expect(m.logs).toBe(given.logs);
    expect(await given.logs.count({})).toBe(0);
  });

  it('offers the event, events and symbol command handlers', () => {
    const m = createSessionModels();
    models.push(m);
    const names = m.handlers.flatMap((h) => h.names);
    for (const name of ['!epthook', '!monitor', '!syscall2', 'events', '.sym', '.sympath', 'x'])
      expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('passes reported modules to the symbol resolver', () => {
    const m = createSessionModels();
    models.push(m);
    const { link, emit } = emittingLink();
    m.attach(link);
    emit('modules', [
      {
        baseAddress: 0x1000n,
        filePath: 'C:\\Windows\\system32\\ntoskrnl.exe',
        pdbName: 'ntkrnlmp.pdb',
        guidAndAge: 'ab1',
        isUserMode: false,
        is32Bit: false,
        isSymbolDetailsFound: true,
        isLocalSymbolPath: false,
      },
    ]);
    expect(m.symbols.resolveSymbol('nt+10')).toEqual({ ok: true, value: 0x1010n });
  });
});

describe('event parameter summaries', () => {
  it('describe what each event type watches', async () => {
    const { summarizeParameters } = await import('../model/events-model');
    expect(summarizeParameters(1, [0x1000n, 0x2fffn, 0n])).toBe('rw 0x1000..0x2fff (virtual)');
    expect(summarizeParameters(8, [0xfffff80163a01010n])).toBe('address 0xfffff80163a01010');
    expect(summarizeParameters(9, [0xffffffffn, 1n])).toBe('all syscalls, handles every #UD');
    expect(summarizeParameters(13, [0xc0000082n])).toBe('msr 0xc0000082');
    expect(summarizeParameters(11, [0n, 0n])).toBe('every leaf');
    expect(summarizeParameters(11, [1n, 1n])).toBe('leaf (eax) 0x1');
    expect(summarizeParameters(22, [4n, 0xffffffffffffffffn])).toBe('cr4');
    expect(summarizeParameters(25, [3n])).toBe('user mode');
    expect(summarizeParameters(18, [])).toBe('');
  });
});
