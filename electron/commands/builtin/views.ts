// Structured answers for the GUI's panes (call stack, breakpoint list, disassembly at an address).
// They send the same requests as `k`, `bl` and `u` but return data instead of printing: the
// panes refresh on every halt, and their text must not fill the console.
import { DEBUGGEE_BP_LIST_OR_MODIFY_PACKET } from '../../../shared/protocol/structs';
import { disassemble } from '../../session/disassembler';
import { Action } from '../../session/packets';
import type { CommandContext } from '../types';
import { isSuccess, statusError, VMX_ROOT } from './common';
import { defaultCallstackSize, MAX_READ_LENGTH, readMemory, requestCallstack } from './inspect';

export type ViewResult<T> = { ok: true; value: T } | { ok: false; error: string };

export interface CallFrame {
  /** Byte offset of the stack slot holding the return address. */
  readonly slot: number;
  readonly returnAddress: bigint;
  /** The call instruction before the return address (what `k` shows). */
  readonly callSite: bigint;
  /** `module!name+0x..` of the call site when symbols know it. */
  readonly symbol: string | undefined;
}

/** The calls `k` would list for the paused thread, innermost first. */
export async function callFrames(ctx: CommandContext): Promise<ViewResult<CallFrame[]>> {
  const is32 = ctx.link.pausedContext?.is32Bit ?? false;
  const read = await requestCallstack(ctx, {
    is32,
    size: defaultCallstackSize(is32),
    base: 0n,
    withParameters: false,
  });
  if (!read.ok) return read;
  const frames: CallFrame[] = [];
  for (const entry of read.entries) {
    if (entry.callLength === undefined) continue;
    const callSite = entry.value - BigInt(entry.callLength);
    frames.push({
      slot: entry.offset,
      returnAddress: entry.value,
      callSite,
      symbol: ctx.symbols.describeAddress(callSite),
    });
  }
  return { ok: true, value: frames };
}

export interface BreakpointListing {
  readonly id: number;
  readonly address: bigint;
  readonly enabled: boolean;
  /** Filters given to `bp`; undefined = every core / process / thread. */
  readonly core: number | undefined;
  readonly pid: number | undefined;
  readonly tid: number | undefined;
}

const BREAKPOINT_ROW = /^\s*([0-9a-f]+)\s+([0-9a-f]{1,16})\s+(enabled|disabled)(.*)$/i;

/**
 * The `bl` table the debuggee logs before its answer (protocol reference A.13):
 * "%02x   %016llx  enabled|disabled" plus optional " core = %x ", " pid = %x ", " tid = %x ".
 * Header, separator and "Breakpoints list is empty" lines carry no row; other text is ignored.
 */
export function parseBreakpointList(text: string): BreakpointListing[] {
  const rows: BreakpointListing[] = [];
  for (const line of text.split('\n')) {
    const match = BREAKPOINT_ROW.exec(line);
    if (!match) continue;
    const filter = (name: string): number | undefined => {
      const found = new RegExp(`\\b${name}\\s*=\\s*([0-9a-f]+)`, 'i').exec(match[4]!);
      return found ? parseInt(found[1]!, 16) : undefined;
    };
    rows.push({
      id: parseInt(match[1]!, 16),
      address: BigInt(`0x${match[2]}`),
      enabled: match[3]!.toLowerCase() === 'enabled',
      core: filter('core'),
      pid: filter('pid'),
      tid: filter('tid'),
    });
  }
  return rows;
}

/** LIST_OR_MODIFY_BREAKPOINTS with request 0 (`bl`), parsed from the logs that carry the table. */
export async function listBreakpoints(ctx: CommandContext): Promise<ViewResult<BreakpointListing[]>> {
  const { response, logs } = await ctx.link.request(
    {
      packetType: VMX_ROOT,
      action: Action.listOrModifyBreakpoints,
      payload: DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.encode({ BreakpointId: 0n, Request: 0 }),
    },
    { responseAction: Action.resultListOrModifyBreakpoints, idempotent: true },
  );
  const result = DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(response.payload).Result;
  if (!isSuccess(result)) return { ok: false, error: statusError(result) };
  return { ok: true, value: parseBreakpointList(logs.map((log) => log.text).join('')) };
}

export interface Instruction {
  readonly address: bigint;
  readonly bytes: Uint8Array;
  readonly text: string;
  /** `module!name+0x..` of the address when symbols know it. */
  readonly symbol: string | undefined;
}

/** Longest instruction of x86 (reading this much per instruction always covers `count` of them). */
const MAX_INSTRUCTION_BYTES = 16;

/**
 * Up to `count` instructions from `address` (what `u` prints), decoded by iced-x86 in the paused
 * code's mode from memory read in one request (at most MAX_READ_LENGTH bytes).
 */
export async function disassembleAt(
  ctx: CommandContext,
  address: bigint,
  count: number,
): Promise<ViewResult<Instruction[]>> {
  const length = Math.min(count * MAX_INSTRUCTION_BYTES, MAX_READ_LENGTH);
  const read = await readMemory(ctx, address, length, false);
  if (!read.ok) return read;
  if (read.read.data.length === 0) return { ok: false, error: 'err, invalid address' };
  const lines = disassemble(read.read.data, address, {
    is32Bit: ctx.link.pausedContext?.is32Bit ?? false,
    maxInstructions: count,
    syntax: ctx.settings.syntax,
  });
  return {
    ok: true,
    value: lines.map((line) => ({
      address: line.address,
      bytes: line.bytes,
      text: line.text,
      symbol: ctx.symbols.describeAddress(line.address),
    })),
  };
}
