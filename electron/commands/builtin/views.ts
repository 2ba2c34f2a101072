// Structured answers for the GUI's panes (call stack, breakpoint list, disassembly at an address).
// They send the same requests as `k`, `bl` and `u` but return data instead of printing: the
// panes refresh on every halt, and their text must not fill the console.
import { DEBUGGEE_BP_LIST_OR_MODIFY_PACKET } from '../../../shared/protocol/structs';
import { disassemble } from '../../session/disassembler';
import type { FormattedInstruction } from '../../session/link';
import { Action } from '../../session/packets';
import type { CommandContext } from '../types';
import { isSuccess, statusError, VMX_ROOT } from './common';
import {
  defaultCallstackSize,
  MAX_READ_LENGTH,
  readMemory,
  readOneRegister,
  requestCallstack,
} from './inspect';
import { REGISTER_IDS } from '../../session/registers';
import { readKernelList } from './process-thread';

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
  /** Target of a near call/jmp/jcc. */
  readonly target: bigint | undefined;
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
  before = 0,
): Promise<ViewResult<Instruction[]>> {
  const length = Math.min(count * MAX_INSTRUCTION_BYTES, MAX_READ_LENGTH);
  const read = await readMemory(ctx, address, length, false);
  if (!read.ok) return read;
  if (read.read.data.length === 0) return { ok: false, error: 'err, invalid address' };
  const options = { is32Bit: ctx.link.pausedContext?.is32Bit ?? false, syntax: ctx.settings.syntax };
  const lines = disassemble(read.read.data, address, { ...options, maxInstructions: count });
  const earlier = before > 0 ? await decodeBefore(ctx, address, before, options) : [];
  return {
    ok: true,
    value: [...earlier, ...lines].map((line) => ({
      address: line.address,
      bytes: line.bytes,
      text: line.text,
      symbol: ctx.symbols.describeAddress(line.address),
      target: line.target,
    })),
  };
}

/** A function start further back than one read is not used for back-decoding. */
const MAX_FUNCTION_DISTANCE = BigInt(MAX_READ_LENGTH);

/**
 * The `count` instructions that end exactly at `address`. x86 cannot be decoded backwards, so
 * decoding starts at the enclosing function (the symbol before `address`) when symbols know one
 * nearby, else at the furthest point back from which the decoder lands on `address` exactly.
 * Fewer (or none) when no start lines up, e.g. at the start of readable memory.
 */
async function decodeBefore(
  ctx: CommandContext,
  address: bigint,
  count: number,
  options: { is32Bit: boolean; syntax: CommandContext['settings']['syntax'] },
): Promise<FormattedInstruction[]> {
  const window = BigInt(Math.min(count * MAX_INSTRUCTION_BYTES, MAX_READ_LENGTH));
  const offset = /\+0x([0-9a-f]+)$/.exec(ctx.symbols.describeAddress(address) ?? '');
  const distance = offset ? BigInt(`0x${offset[1]}`) : undefined;
  const functionStart =
    distance !== undefined && distance <= MAX_FUNCTION_DISTANCE ? address - distance : undefined;
  const from =
    functionStart !== undefined && address - functionStart > window ? functionStart : address - window;
  const read = await readMemory(ctx, from, Number(address - from), false);
  if (!read.ok || read.read.data.length < Number(address - from)) return [];
  const bytes = read.read.data;
  const starts = functionStart !== undefined && functionStart >= from ? [functionStart] : [];
  for (let skip = 0n; skip < address - from; skip++) starts.push(from + skip);
  for (const start of starts) {
    const slice = bytes.subarray(Number(start - from));
    const lines = disassemble(slice, start, { ...options, maxInstructions: slice.length });
    const end = lines.at(-1);
    if (end && end.address + BigInt(end.bytes.length) === address) return lines.slice(-count);
  }
  return [];
}

export interface RegisterReading {
  readonly name: string;
  /** Undefined when the debuggee refused (its message is in `error`). */
  readonly value: bigint | undefined;
  readonly error: string | undefined;
}

/**
 * Registers the all-registers answer does not carry (control, debug, descriptor-table and task
 * registers), each read by its REGS_ENUM id as `r NAME` does; one refused register does not stop
 * the others.
 */
export async function readRegisterValues(
  ctx: CommandContext,
  names: readonly string[],
): Promise<ViewResult<RegisterReading[]>> {
  const readings: RegisterReading[] = [];
  for (const name of names) {
    const id = REGISTER_IDS.get(name);
    if (id === undefined) {
      readings.push({ name, value: undefined, error: `err, invalid register '${name}'` });
      continue;
    }
    const answer = await readOneRegister(ctx, id);
    readings.push(
      answer.ok
        ? { name, value: answer.value, error: undefined }
        : { name, value: undefined, error: answer.error },
    );
  }
  return { ok: true, value: readings };
}

export interface ProcessListing {
  readonly process: bigint;
  readonly pid: number;
  readonly cr3: bigint;
  readonly name: string;
}

export interface ThreadListing {
  readonly thread: bigint;
  readonly pid: number;
  readonly tid: number;
}

const PROCESS_HEADER = /^PROCESS\s+([0-9a-f`]+)\s*$/i;
const PROCESS_DETAIL =
  /^\s+Process Id:\s*([0-9a-f]+)\s+DirBase \(Kernel Cr3\):\s*([0-9a-f`]+)\s+Image:\s*(.*)$/i;
const THREAD_ROW = /^\s+THREAD\s+([0-9a-f`]+)\s+\(([0-9a-f]+)\.([0-9a-f]+)\)\s*$/i;

const hex = (text: string) => BigInt(`0x${text.replaceAll('`', '')}`);

/** The `.process list` text the debuggee logs: a PROCESS line, then its id, DirBase and image. */
export function parseProcessList(text: string): ProcessListing[] {
  const rows: ProcessListing[] = [];
  let process: bigint | undefined;
  for (const line of text.split('\n')) {
    const header = PROCESS_HEADER.exec(line);
    if (header) {
      process = hex(header[1]!);
      continue;
    }
    const detail = PROCESS_DETAIL.exec(line);
    if (detail && process !== undefined) {
      rows.push({ process, pid: Number(hex(detail[1]!)), cr3: hex(detail[2]!), name: detail[3]!.trim() });
      process = undefined;
    }
  }
  return rows;
}

/** The `.thread list` text: a PROCESS … IMAGE line, then THREAD ethread (pid.tid) lines. */
export function parseThreadList(text: string): ThreadListing[] {
  return text.split('\n').flatMap((line) => {
    const row = THREAD_ROW.exec(line);
    return row ? [{ thread: hex(row[1]!), pid: Number(hex(row[2]!)), tid: Number(hex(row[3]!)) }] : [];
  });
}

/** The debuggee's processes (`.process list`), read without printing. */
export async function listProcesses(ctx: CommandContext): Promise<ViewResult<ProcessListing[]>> {
  const read = await readKernelList(ctx, 'processes');
  return read.ok ? { ok: true, value: parseProcessList(read.text) } : read;
}

/** The current process's threads (`.thread list`), read without printing. */
export async function listThreads(ctx: CommandContext): Promise<ViewResult<ThreadListing[]>> {
  const read = await readKernelList(ctx, 'threads');
  return read.ok ? { ok: true, value: parseThreadList(read.text) } : read;
}
