import { describe, expect, it } from 'vitest';
import { EventRow, LedgerWarning, LogEntry, PausedContext, PoolsUpdate } from '../../shared/ipc';
import type { EventRecord } from '../model/events-model';
import type { HaltContext } from '../session/link';
import {
  bytesHex,
  eventRow,
  hexToBytes,
  forecastWarnings,
  logEntry,
  pausedContext,
  poolsUpdate,
  u64Hex,
} from './ipc-mapping';
import { pausingReasonName } from '../session/pausing-reasons';

describe('ipc-mapping', () => {
  it('formats u64 values as unpadded lower-case hex and bytes as two digits each', () => {
    expect(u64Hex(0xfffff80312345678n)).toBe('fffff80312345678');
    expect(u64Hex(-1n)).toBe('ffffffffffffffff');
    expect(u64Hex(0n)).toBe('0');
    expect(bytesHex(new Uint8Array([0x0f, 0xcc, 0]))).toBe('0fcc00');
    expect([...hexToBytes('0fcc00')]).toEqual([0x0f, 0xcc, 0]);
  });

  it('maps a paused context triggered by an event (post stage) into a valid IPC context', () => {
    const rip = 0xfffff80312345678n;
    const context: HaltContext = {
      rip,
      is32Bit: false,
      ignoreDisassembling: false,
      reason: 11,
      reasonName: 'EVENT_TRIGGERED',
      core: 2,
      eventTag: 0x1000003n,
      eventStage: 2,
      rflags: 0x246n,
      instructionBytes: new Uint8Array([0x90]),
      instruction: { address: rip, bytes: new Uint8Array([0x90]), text: 'nop', formatted: '' },
      registers: { values: { rax: 1n, rip } },
      thread: {
        processId: 0x1a2c,
        threadId: 0x2b40,
        process: 0xffffc10f2a3b4080n,
        thread: 0xffffc10f2c5d6080n,
        processName: 'explorer.exe',
      },
      arrivedAt: 5,
    };
    const mapped = pausedContext(context);
    expect(PausedContext.parse(mapped)).toEqual(mapped);
    expect(mapped).toMatchObject({
      core: 2,
      processId: 0x1a2c,
      threadId: 0x2b40,
      processName: 'explorer.exe',
      process: 'ffffc10f2a3b4080',
      thread: 'ffffc10f2c5d6080',
      reason: 'event triggered',
      rip: 'fffff80312345678',
      eventTag: 0x1000003,
      stage: 'post',
      disassembly: [{ address: 'fffff80312345678', bytes: '90', text: 'nop', current: true }],
    });
    expect(mapped.registers).toEqual([
      { name: 'rax', value: '1' },
      { name: 'rip', value: 'fffff80312345678' },
    ]);
  });

  it('maps a paused context without process/thread details to unknown (null), not to pid 0', () => {
    const mapped = pausedContext({
      rip: 0x1000n,
      is32Bit: false,
      ignoreDisassembling: false,
      reason: 2,
      reasonName: 'PAUSE',
      core: 0,
      eventTag: 0n,
      eventStage: 0,
      rflags: 0x246n,
      instructionBytes: new Uint8Array(0),
      arrivedAt: 1,
    });
    expect(PausedContext.parse(mapped)).toEqual(mapped);
    expect(mapped).toMatchObject({
      processId: null,
      threadId: null,
      processName: null,
      process: null,
      thread: null,
      reason: 'break-in',
    });
  });

  it('says the user-debugger and hwdbg pausing reasons (13–15) in words', () => {
    const reasonText = (reason: number) =>
      pausedContext({
        rip: 0x1000n,
        is32Bit: false,
        ignoreDisassembling: false,
        reason,
        reasonName: pausingReasonName(reason),
        core: 0,
        eventTag: 0n,
        eventStage: 0,
        rflags: 0x246n,
        instructionBytes: new Uint8Array(0),
        arrivedAt: 1,
      }).reason;
    expect([13, 14, 15].map(reasonText)).toEqual([
      'debug break (user-mode debugger)',
      'thread intercepted (user-mode debugger)',
      'hardware-based break (hwdbg)',
    ]);
    expect(reasonText(5)).toBe('breakpoint');
  });

  it('keeps the idle process (pid 0) and cuts an over-long image name to the 15 characters of ImageFileName', () => {
    const mapped = pausedContext({
      rip: 0x1000n,
      is32Bit: false,
      ignoreDisassembling: false,
      reason: 2,
      reasonName: 'PAUSE',
      core: 1,
      eventTag: 0n,
      eventStage: 0,
      rflags: 0x246n,
      instructionBytes: new Uint8Array(0),
      thread: {
        processId: 0,
        threadId: 0,
        process: 0x1n,
        thread: 0x2n,
        processName: 'a-very-long-image.exe',
      },
      arrivedAt: 1,
    });
    expect(PausedContext.parse(mapped)).toEqual(mapped);
    expect(mapped).toMatchObject({ processId: 0, threadId: 0, processName: 'a-very-long-ima' });
    expect(PausedContext.safeParse({ ...mapped, processName: 'a-very-long-image' }).success).toBe(false);
  });

  it('maps a log record and an event record', () => {
    const entry = logEntry({
      id: 7,
      sequence: 3,
      arrivedAt: 1000,
      kind: 'event',
      operationCode: 0x1000001,
      eventTag: 0x1000001,
      stage: 'pre',
      text: 'hit\n',
    });
    expect(LogEntry.parse(entry)).toEqual({
      id: 7,
      time: 1000,
      kind: 'event',
      eventTag: 0x1000001,
      stage: 'pre',
      core: null,
      text: 'hit\n',
    });
    const record: EventRecord = {
      id: 1,
      tag: 0x1000001n,
      commandText:
        '!monitor rw fffff80312345678 fffff80312345690 stage all script { printf("%x\\n", $stage); }',
      listingText:
        '!monitor rw fffff80312345678 fffff80312345690 stage all script { printf("%x\\n", $stage); }',
      commandName: '!monitor',
      eventType: 0,
      eventTypeName: 'HIDDEN_HOOK_READ_AND_WRITE',
      params: [0xfffff80312345678n, 0xfffff80312345690n],
      stage: 'all',
      shortCircuiting: false,
      conditionSize: 0,
      actions: [
        {
          kind: 'script',
          immediateMessagePassing: true,
          preAllocatedBuffer: 0,
          bodySize: 48,
          scriptSource: 'printf("%x\\n", $stage);',
        },
      ],
      state: 'clear-pending',
      hits: { pre: 2, post: 1 },
      outputMessages: 3,
    };
    const row = EventRow.parse(eventRow(record));
    // The model's words win over raw parameters when it has them.
    expect(eventRow({ ...record, parameterSummary: 'syscall 0x55' }).target).toBe('syscall 0x55');
    expect(row).toMatchObject({
      tag: 0x1000001,
      id: 1,
      type: '!monitor',
      target: 'fffff80312345678 fffff80312345690',
      stage: 'all',
      state: 'clear-pending',
      immediate: true,
      pid: null,
    });
  });

  it("turns the ledger's assessment into a warning with its exact error code and every prealloc it needs", () => {
    const text =
      'warning: the pool ledger predicts no free regular event buffer (pool intention 6); the debuggee would reject this event with 0xc0000042.\n' +
      "remedy: run 'prealloc regular-event 3' and 'prealloc regular-safe-buffer 1' (counts are hex).\n" +
      "note: 'prealloc' is forwarded to the debuggee's user mode: it resumes the debuggee.\n" +
      'warning: the debuggee queue of pool replacement requests (300 slots) fills up with this event.\n';
    const warnings = forecastWarnings(
      {
        error: 0xc0000042,
        shortOf: 6,
        remedies: [
          { type: 'regular-event', count: 3 },
          { type: 'regular-safe-buffer', count: 1 },
        ],
        queueOverflow: true,
      },
      text,
    );
    expect(warnings).toHaveLength(2);
    expect(LedgerWarning.parse(warnings[0])).toMatchObject({
      severity: 'error',
      errorCode: 0xc0000042,
      remedy: [
        { type: 'regular-event', count: 3 },
        { type: 'regular-safe-buffer', count: 1 },
      ],
    });
    // The remedy travels once, structured: its text lines are not repeated in the message.
    expect(warnings[0].message).toContain('0xc0000042');
    expect(warnings[0].message).not.toMatch(/remedy:|prealloc/);
    expect(warnings[1]).toMatchObject({ severity: 'warning', errorCode: null, remedy: [] });
    expect(warnings[1].message).toMatch(/^warning: the debuggee queue/);
    expect(forecastWarnings({ remedies: [], queueOverflow: false }, undefined)).toEqual([]);
  });

  it('warns from the ledger counts when an event-slot pool is empty or low, worst first, with its prealloc', () => {
    const counts = Array.from({ length: 12 }, () => ({ free: 50, inUse: 0, pendingFree: 0, total: 50 }));
    counts[6] = { free: 0, inUse: 40, pendingFree: 0, total: 40 }; // regular event slots: empty
    counts[10] = { free: 2, inUse: 8, pendingFree: 0, total: 10 }; // regular safe buffers: low
    counts[7] = { free: 0, inUse: 0, pendingFree: 0, total: 0 }; // big events: never allocated, unused
    counts[2] = { free: 0, inUse: 3, pendingFree: 0, total: 3 }; // split tables: empty (EPT: a warning)
    const update = poolsUpdate(
      {
        coreCount: 1,
        counts,
        pendingNew: new Array(12).fill(0),
        queuedRequests: 0,
        droppedRequests: 0,
        source: 'test pool',
        stale: false,
      },
      null,
    );
    expect(PoolsUpdate.parse(update)).toEqual(update);
    expect(update.warnings.map((w) => [w.severity, w.errorCode, w.remedy])).toEqual([
      ['error', 0xc0000042, [{ type: 'regular-event', count: 0x10 }]],
      ['warning', 0xc0000024, [{ type: 'epthook', count: 0x10 }]],
      ['warning', 0xc0000049, [{ type: 'regular-safe-buffer', count: 0x10 }]],
    ]);
    expect(update.warnings[0].message).toContain('no free regular event buffers');
    expect(update.warnings[1].message).toContain('page that is not hooked yet');
    expect(update.warnings[2].message).toContain('only 2 free');
  });

  it('builds a valid pools update with the ledger staleness as a warning', () => {
    const counts = Array.from({ length: 12 }, (_, i) => ({
      free: i + 1,
      inUse: 0,
      pendingFree: 0,
      total: i + 1,
    }));
    const update = poolsUpdate(
      {
        coreCount: 4,
        counts,
        pendingNew: new Array(12).fill(1),
        queuedRequests: 0,
        droppedRequests: 0,
        source: 'test pool',
        stale: true,
      },
      123,
    );
    expect(PoolsUpdate.parse(update)).toEqual(update);
    expect(update.counts[6]).toEqual({
      intention: 6,
      name: 'INSTANT_REGULAR_EVENT_BUFFER',
      free: 7,
      inUse: 0,
      pendingFree: 0,
      total: 7,
      pendingNew: 1,
    });
    expect(update.warnings.map((w) => w.severity)).toEqual(['info']);
  });
});
