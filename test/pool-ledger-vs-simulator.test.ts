/**
 * The pool ledger (debugger side) and the simulator (debuggee side) model the same v0.23 rules
 * from the same reference. This test drives the simulator with the exact packets our event
 * commands produce and checks, step by step, that the ledger predicted every a52/a53 result and
 * every `test pool` count.
 */
import { describe, expect, it } from 'vitest';
import { Harness, logText } from '../simulator/testing/harness';
import { compileScript } from '../shared/script';
import { tokenizeCommand } from '../electron/commands/tokenizer';
import { prepareEventCommand } from '../electron/commands/events/prepare-event';
import type { EventPlan } from '../electron/ports/event-plan';
import {
  decodeModifyEvents,
  encodeModifyEvents,
  ModifyEventsType,
  decodeEventAndActionResult,
  encodeAddActionPayload,
  encodeRegisterEventPayload,
} from '../shared/protocol/event-packets';
import { LiveEventsModel } from '../electron/model/events-model';
import { PoolLedgerModel } from '../electron/model/pool-ledger';
import { parseTestPoolOutput, POOL_INTENTION_NAMES } from '../electron/model/pool-state';
import { encodeTestQuery, encodeUserInput } from '../electron/session/packets';

const A = {
  modify: 20,
  testQuery: 12,
  userInput: 16,
  register: 18,
  addAction: 19,
  continue: 6,
  pause: 1,
  log: 41,
  paused: 42,
};

function testPool(h: Harness) {
  const frames = h.sendT1(A.testQuery, encodeTestQuery(2));
  return parseTestPoolOutput(frames.filter((f) => f.action === A.log).map((f) => logText(f).text));
}

function expectLedgerMatches(ledger: PoolLedgerModel, h: Harness, step: string) {
  const actual = testPool(h).counts;
  const predicted = ledger.snapshot().counts;
  const rows = (counts: readonly (typeof actual)[number][]) =>
    counts.map(
      (c, i) =>
        `${POOL_INTENTION_NAMES[i]} free=${c.free} inUse=${c.inUse} pendingFree=${c.pendingFree} total=${c.total}`,
    );
  expect(rows(predicted).join('\n'), step).toBe(rows(actual).join('\n'));
}

describe('pool ledger agrees with the simulated debuggee', () => {
  it('predicts results and pool counts through hooks, exhaustion, drains and prealloc', async () => {
    const h = new Harness({ cores: 4 });
    h.connectAndPause();
    const events = new LiveEventsModel();
    const ledger = new PoolLedgerModel();
    ledger.applyTestPool(testPool(h));
    expect(ledger.snapshot().coreCount).toBe(4);
    const symbols = new Map<string, bigint>(
      h.sim.machine.modules.flatMap((m) =>
        m.functions.map((f) => [`${m.name.replace(/\.[^.]*$/, '')}!${f.name}`, f.address] as const),
      ),
    );

    async function register(line: string): Promise<number | undefined> {
      const [name, ...args] = tokenizeCommand(line);
      const prepared = await prepareEventCommand(
        { name: name.text.toLowerCase(), args, raw: line },
        {
          allocateTag: () => events.allocateTag(),
          resolveAddress: async (text) =>
            symbols.get(text.replace(/^ntoskrnl!/, 'nt!').replace(/^nt!/, 'ntoskrnl!')) ??
            (/^[0-9a-f`]+$/i.test(text) ? BigInt('0x' + text.replaceAll('`', '')) : undefined),
          compileScript: (source) => {
            const result = compileScript(source);
            return result.ok
              ? { ok: true, bytecode: result.bytes, symbolCount: result.bytes.length / 24 }
              : { ok: false, error: result.error.message };
          },
          readScriptFile: () => undefined,
          outputSourceTag: () => undefined,
        },
      );
      if (!prepared.ok) throw new Error(prepared.error);
      const plan: EventPlan = prepared.plan;
      const warning = ledger.forecast(plan);
      const predicted = warning ? parseInt(/with 0x([0-9a-f]+)/.exec(warning)![1], 16) : undefined;
      const [a52] = h
        .sendT1(A.register, encodeRegisterEventPayload(plan.event))
        .filter((f) => f.action === 52);
      const eventResult = decodeEventAndActionResult(a52.payload);
      ledger.recordRegistration(plan, eventResult.ok ? undefined : eventResult.error);
      let actual = eventResult.ok ? undefined : eventResult.error;
      if (eventResult.ok) {
        for (const action of plan.actions) {
          const [a53] = h.sendT1(A.addAction, encodeAddActionPayload(action)).filter((f) => f.action === 53);
          const result = decodeEventAndActionResult(a53.payload);
          ledger.recordAction(plan, action, result.ok ? undefined : result.error);
          actual ??= result.ok ? undefined : result.error;
        }
      }
      expect(actual, `${line}: debuggee answer`).toBe(predicted);
      expect(ledger.snapshot().stale, line).toBe(false);
      return actual;
    }

    // EPT hooks: two breakpoints on one kernel page, another page of the same 2 MB region, an inline hook.
    expect(await register('!epthook nt!KiSystemCall64')).toBeUndefined();
    expect(await register('!epthook nt!NtCreateFile script { printf("%llx\\n", @rcx); }')).toBeUndefined();
    expect(await register('!epthook nt!KiPageFault')).toBeUndefined();
    expect(await register('!epthook2 hal!HalRequestSoftwareInterrupt')).toBeUndefined();
    expectLedgerMatches(ledger, h, 'after EPT hooks');
    // A memory monitor over three pages of kernel pool.
    expect(await register('!monitor rw ffffc58a00000000 l 3000')).toBeUndefined();
    expectLedgerMatches(ledger, h, 'after !monitor');
    // Big condition (no big event pools at start-up), missing safe buffer, a big script action.
    expect(await register(`!cpuid condition {${'90'.repeat(200)}}`)).toBe(0xc0000043);
    expect(await register('!tsc script { printf("x\\n"); } buffer 10')).toBe(0xc0000049);
    const bigScript = Array.from({ length: 400 }, (_, i) => `@rax = @rbx + ${i};`).join(' ');
    expect(await register(`!pmc script { ${bigScript} }`)).toBe(0xc0000046);
    expectLedgerMatches(ledger, h, 'after pool failures');
    // Exhaust the regular event buffers.
    let error: number | undefined;
    for (let i = 0; i < 30 && error === undefined; i++) error = await register('!cpuid');
    expect(error).toBe(0xc0000042);
    expectLedgerMatches(ledger, h, 'after exhaustion');
    // Continue, then break in: the listener's IOCTL drains before the halt.
    h.sendT1(A.continue);
    h.sendT2(A.pause);
    ledger.observeDrain();
    expectLedgerMatches(ledger, h, 'after break-in');
    // prealloc regular-event 10 through the forwarded-command bracket (count is hex).
    h.sendT1(A.testQuery, encodeTestQuery(6));
    const frames = h.sendT1(A.userInput, encodeUserInput('prealloc regular-event 10', false));
    expect(frames.some((f) => f.action === A.paused)).toBe(true);
    h.sendT1(A.testQuery, encodeTestQuery(7));
    ledger.recordPrealloc('regular-event', 0x10);
    expectLedgerMatches(ledger, h, 'after prealloc');
    expect(await register('!cpuid')).toBeUndefined();
    expectLedgerMatches(ledger, h, 'after a new event');
    // Clear one of two breakpoints sharing a page, the inline hook and the monitor; the removal
    // happens after continue. The page record stays for the remaining breakpoint, the inline hook
    // gives back its page and detour records but not its trampoline, and split tables never come
    // back (pools reference 6.5).
    const cleared = [0x1000000n, 0x1000003n, 0x1000004n];
    for (const tag of cleared) {
      const [a54] = h
        .sendT1(A.modify, encodeModifyEvents(tag, ModifyEventsType.clear))
        .filter((f) => f.action === 54);
      expect(decodeModifyEvents(a54.payload).status).toBe(0xffffffff);
    }
    h.sendT1(A.continue);
    ledger.releaseClearedEvents(cleared);
    h.sendT2(A.pause);
    ledger.observeDrain();
    expectLedgerMatches(ledger, h, 'after clears were processed');
  });
});
