import {
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_SINGLE_CALLSTACK_FRAME,
} from '../../../shared/protocol/structs';
import {
  decodeReadMemoryResponse,
  encodeCallstackPayload,
  encodeEditMemoryPayload,
  MAX_READ_MEMORY_SIZE,
  PayloadEncodeError,
} from '../../../shared/protocol/payloads';
import { MAX_PAYLOAD_BYTES } from '../../../shared/protocol/frame';
import { separateTo64BitValue } from '../../session/bytes';
import { disassemble } from '../../session/disassembler';
import { Action } from '../../session/packets';
import {
  decodeAllRegisters,
  encodeReadAllRegisters,
  formatAllRegisters,
  REGISTER_IDS,
} from '../../session/registers';
import { parseHyperDbgNumber, parseHyperDbgNumber32 } from '../../../shared/numbers';
import { fail, succeed, type CommandContext, type CommandHandler } from '../types';
import { handler, isSuccess, statusError, VMX_ROOT } from './common';
import { evaluateAddress, runScriptOnDebuggee } from './script-runner';

/** The response carries header + data in one frame (protocol reference 2.5). */
export const MAX_READ_LENGTH = MAX_READ_MEMORY_SIZE;

export interface MemoryRead {
  readonly data: Uint8Array;
  /** 0 = 32-bit, 1 = 64-bit when asked for. */
  readonly addressMode: number;
}

/** READ_MEMORY (a22 → a57). `physical`: MemoryType 0, else virtual (1). */
export async function readMemory(
  ctx: CommandContext,
  address: bigint,
  length: number,
  physical: boolean,
  getAddressMode = false,
): Promise<{ ok: true; read: MemoryRead } | { ok: false; error: string }> {
  if (length > MAX_READ_LENGTH) {
    return {
      ok: false,
      error: `err, cannot read 0x${length.toString(16)} bytes at once; the debuggee can send at most 0x${MAX_READ_LENGTH.toString(16)} bytes in one answer`,
    };
  }
  const payload = DEBUGGER_READ_MEMORY.encode({
    Address: address,
    Size: length,
    GetAddressMode: getAddressMode,
    MemoryType: physical ? 0 : 1,
    ReadingType: 0,
  });
  const { response } = await ctx.link.request(
    { packetType: VMX_ROOT, action: Action.readMemory, payload },
    { responseAction: Action.resultReadingMemory, idempotent: true },
  );
  const { request: header, data } = decodeReadMemoryResponse(response.payload);
  if (!isSuccess(header.KernelStatus)) return { ok: false, error: statusError(header.KernelStatus) };
  return { ok: true, read: { data: data.slice(0, length), addressMode: header.AddressMode } };
}

const printable = (byte: number | undefined): string =>
  byte !== undefined && byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
const hexByte = (byte: number): string => byte.toString(16).toUpperCase().padStart(2, '0');
const dword = (data: Uint8Array, at: number): string =>
  ((data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0)
    .toString(16)
    .toUpperCase()
    .padStart(8, '0');

type DumpStyle = 'db' | 'dc' | 'dd' | 'dq';

/** HyperDbg's d* layout: 16 bytes a line, `??` where the debuggee returned nothing. */
export function formatMemoryDump(
  style: DumpStyle,
  address: bigint,
  size: number,
  data: Uint8Array,
  physical: boolean,
): string {
  let out = '';
  for (let i = 0; i < size; i += 16) {
    if (physical) out += '#\t';
    out += `${separateTo64BitValue(address + BigInt(i))}  `;
    if (style === 'db') {
      for (let j = 0; j < 16; j++) out += i + j >= data.length ? '?? ' : `${hexByte(data[i + j]!)} `;
    } else if (style === 'dq') {
      for (let j = 0; j < 16; j += 8)
        out += i + j >= data.length ? '???????? ' : `${dword(data, i + j + 4)}\`${dword(data, i + j)} `;
    } else {
      for (let j = 0; j < 16; j += 4) out += i + j >= data.length ? '???????? ' : `${dword(data, i + j)} `;
    }
    if (style === 'db' || style === 'dc') {
      out += ' ';
      for (let j = 0; j < 16; j++) out += printable(data[i + j]);
    }
    out += '\n';
  }
  return out;
}

const READ_HELP =
  'db dc dd dq !db !dc !dd !dq & u u2 !u !u2 : reads memory (or disassembles) at a virtual (or, with !, physical) address.\n\n' +
  'syntax : \tdb [Address (hex)] [l Length (hex)]\n' +
  'syntax : \tu [Address (hex)] [l Length (hex)]\n';

function readCommand(names: string[]): CommandHandler {
  return handler(names, 'paused', READ_HELP, async (command, ctx, usage) => {
    if (command.args.length === 0) return usage();
    const name = command.name;
    const physical = name.startsWith('!');
    const style = name.replace(/^!/, '');
    let addressText: string | undefined;
    let length = 0;
    for (let i = 0; i < command.args.length; i++) {
      const token = command.args[i]!.text;
      if (token.toLowerCase() === 'l') {
        const next = command.args[++i];
        const value = next ? parseHyperDbgNumber32(next.text) : undefined;
        if (value === undefined) return fail('err, you should enter a valid length\n');
        length = value;
        continue;
      }
      if (token.toLowerCase() === 'pid') {
        return fail(
          "err, you cannot specify process id ('pid') in the Debugger Mode; switch with '.process' or '.thread' instead",
        );
      }
      if (addressText !== undefined) return usage();
      addressText = token;
    }
    if (addressText === undefined) return fail('err, please enter a valid address\n');
    const isDisassembly = style === 'u' || style === 'u64' || style === 'u2' || style === 'u32';
    if (length === 0) length = style === 'u' || style === 'u64' ? 0x40 : 0x80;
    if (length > MAX_READ_LENGTH) {
      return fail(
        `err, cannot read 0x${length.toString(16)} bytes at once; the largest read is 0x${MAX_READ_LENGTH.toString(16)}`,
      );
    }
    const address = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    const read = await readMemory(ctx, address.value, length, physical, isDisassembly);
    if (!read.ok) return fail(read.error);
    if (!isDisassembly) {
      ctx.output(formatMemoryDump(style as DumpStyle, address.value, length, read.read.data, physical));
      return succeed();
    }
    const want32 = style === 'u2' || style === 'u32';
    // The debuggee reports the mode of the code (AddressMode 0 = 32-bit, 1 = 64-bit).
    if (!physical && !want32 && read.read.addressMode === 0) {
      ctx.output(
        "the target address seems to be located in a 32-bit program, if so, please consider using the 'u32' instead to utilize the 32-bit disassembler\n",
      );
    }
    if (!physical && want32 && read.read.addressMode === 1) {
      ctx.output(
        "the target address seems to be located in a 64-bit program, if so, please consider using the 'u' instead to utilize the 64-bit disassembler\n",
      );
    }
    if (read.read.data.length === 0) return fail('err, invalid address');
    const lines = disassemble(read.read.data, address.value, {
      is32Bit: want32,
      maxInstructions: Number.MAX_SAFE_INTEGER,
      syntax: ctx.settings.syntax,
    });
    for (const line of lines) {
      const symbol = ctx.settings.addressConversion ? ctx.symbols.describeAddress(line.address) : undefined;
      if (symbol) ctx.output(`${symbol}:\n`);
      ctx.output(`${line.formatted}\n`);
    }
    return succeed();
  });
}

const EDIT_HELP =
  'eb !eb ed !ed eq !eq : edits the memory at specific address \n' +
  'syntax : \teb [Address (hex)] [Contents (hex)] [pid ProcessId (hex)]\n';

function editCommand(names: string[]): CommandHandler {
  return handler(names, 'paused', EDIT_HELP, async (command, ctx, usage) => {
    if (command.args.length < 2) return usage();
    const physical = command.name.startsWith('!');
    const kind = command.name.replace(/^!/, '');
    const byteSize = kind === 'eb' ? 0 : kind === 'ed' ? 1 : 2;
    const maxDigits = kind === 'eb' ? 2 : kind === 'ed' ? 8 : 16;
    const values: bigint[] = [];
    let addressText: string | undefined;
    for (const token of command.args) {
      if (token.text.toLowerCase() === 'pid') {
        return fail(
          "err, you cannot specify process id ('pid') in the Debugger Mode; switch with '.process' or '.thread' instead",
        );
      }
      if (addressText === undefined) {
        addressText = token.text;
        continue;
      }
      const digits = token.text.replace(/^(0x|\\x|x)/i, '').replaceAll('`', '');
      if (digits.length > maxDigits) {
        const unit = kind === 'eb' ? 'byte' : kind === 'ed' ? 'dword' : 'qword';
        return fail(`please specify a ${unit} (hex) value for '${kind}' or '!${kind}'\n`);
      }
      const value = parseHyperDbgNumber(token.text);
      if (value === undefined)
        return fail('please specify a correct hex value to change the memory content\n');
      values.push(value);
    }
    if (addressText === undefined || values.length === 0)
      return fail('please specify a correct hex value as the content to edit\n');
    const address = await evaluateAddress(ctx, addressText, parseHyperDbgNumber);
    if (!address.ok) return fail(address.error);
    let payload: Uint8Array;
    try {
      payload = encodeEditMemoryPayload(
        { Address: address.value, ProcessId: 0, MemoryType: physical ? 1 : 0, ByteSize: byteSize },
        values,
      );
    } catch (error) {
      if (error instanceof PayloadEncodeError) return fail(error.message);
      throw error;
    }
    const { response } = await ctx.link.request(
      { packetType: VMX_ROOT, action: Action.editMemory, payload },
      { responseAction: Action.resultEditingMemory },
    );
    const result = DEBUGGER_EDIT_MEMORY.decode(response.payload).Result;
    return isSuccess(result) ? succeed() : fail(statusError(result));
  });
}

/** One register by REGS_ENUM id (READ_REGISTERS with that id), as `r NAME` reads it. */
export async function readOneRegister(
  ctx: CommandContext,
  id: number,
): Promise<{ ok: true; value: bigint } | { ok: false; error: string }> {
  const { response } = await ctx.link.request(
    {
      packetType: VMX_ROOT,
      action: Action.readRegisters,
      payload: DEBUGGEE_REGISTER_READ_DESCRIPTION.encode({ RegisterId: id }),
    },
    { responseAction: Action.resultReadingRegisters, idempotent: true },
  );
  const answer = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(response.payload);
  return isSuccess(answer.KernelStatus)
    ? { ok: true, value: answer.Value }
    : { ok: false, error: statusError(answer.KernelStatus) };
}

const R_HELP =
  'r : reads or modifies registers.\n\nsyntax : \tr\nsyntax : \tr [Register (string)] [= Expr (string)]\n';

const registerCommand = handler(['r'], 'paused', R_HELP, async (command, ctx) => {
  if (command.args.length === 0) {
    const { response } = await ctx.link.request(
      { packetType: VMX_ROOT, action: Action.readRegisters, payload: encodeReadAllRegisters() },
      { responseAction: Action.resultReadingRegisters, idempotent: true },
    );
    const registers = decodeAllRegisters(response.payload);
    if (!registers)
      return fail(statusError(DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(response.payload).KernelStatus));
    ctx.output(formatAllRegisters(registers));
    return succeed();
  }
  const rest = command.raw.trimStart().slice(1);
  if (!rest.includes('=')) {
    const name = rest.replaceAll('@', '').replaceAll(' ', '');
    const id = REGISTER_IDS.get(name);
    if (id === undefined) return fail('err, invalid register');
    const answer = await readOneRegister(ctx, id);
    if (!answer.ok) return fail(answer.error);
    ctx.output(`${name}=${answer.value.toString(16).padStart(16, '0')}\n`);
    return succeed();
  }
  const parts = rest.split('=');
  if (parts.length !== 2) return fail('err, invalid register');
  const name = parts[0]!.replaceAll(' ', '').replace(/^@/, '');
  if (!REGISTER_IDS.has(name)) return fail('err, invalid register');
  // HyperDbg assigns through the script engine ("@reg=expr; "), not WRITE_REGISTER.
  const run = await runScriptOnDebuggee(ctx, `@${name}=${parts[1]}; `, false);
  return run.ok ? succeed() : fail(run.error);
});

const K_HELP =
  'k, kd, kq : shows the callstack of the thread.\n\nsyntax : \tk\nsyntax : \tk [base StackAddress (hex)] [l Length (hex)]\n';

function callstackCommand(names: string[]): CommandHandler {
  return handler(names, 'paused', K_HELP, async (command, ctx, usage) => {
    const is32 =
      command.name === 'kd'
        ? true
        : command.name === 'kq'
          ? false
          : (ctx.link.pausedContext?.is32Bit ?? false);
    let size = defaultCallstackSize(is32);
    let base = 0n;
    for (let i = 0; i < command.args.length; i++) {
      const token = command.args[i]!.text.toLowerCase();
      const next = command.args[++i];
      if (!next) return usage();
      if (token === 'l') {
        const value = parseHyperDbgNumber32(next.text);
        if (value === undefined) return fail('err, you should enter a valid length\n');
        size = value;
      } else if (token === 'base') {
        const value = parseHyperDbgNumber(next.text);
        if (value === undefined) return fail(`err, couldn't resolve error at '${next.text}'`);
        base = value;
      } else return usage();
    }
    const read = await requestCallstack(ctx, { is32, size, base, withParameters: command.name !== 'k' });
    if (!read.ok) return fail(read.error);
    ctx.output(formatCallstack(read.entries, is32, command.name !== 'k', ctx));
    return succeed();
  });
}

/**
 * Length of the call instruction that ends right before a return address, judged from the 7
 * bytes before it (HyperDbg's heuristic: far call, call rel32, and the FF /2 and /3 forms).
 */
export function callLengthBeforeReturn(before: Uint8Array): number | undefined {
  const at = (back: number): number => before[7 - back] ?? 0;
  const rm = (byte: number): number => byte & 0xf8;
  if (at(7) === 0x9a) return 7;
  if (at(5) === 0xe8) return 5;
  if (at(7) === 0xff && (at(6) === 0x94 || at(6) === 0x9c)) return 7;
  if (at(6) === 0xff && (rm(at(5)) === 0x90 || rm(at(5)) === 0x98) && at(5) !== 0x94 && at(5) !== 0x9c)
    return 6;
  if (at(6) === 0xff && (at(5) === 0x15 || at(5) === 0x1d)) return 6;
  if (at(4) === 0xff && (at(3) === 0x54 || at(3) === 0x5c)) return 4;
  if (at(3) === 0xff && (rm(at(2)) === 0x50 || rm(at(2)) === 0x58) && at(2) !== 0x54 && at(2) !== 0x5c)
    return 3;
  if (at(3) === 0xff && (at(2) === 0x14 || at(2) === 0x1c)) return 3;
  if (at(2) === 0xff && (rm(at(1)) === 0xd0 || rm(at(1)) === 0xd8)) return 2;
  if (
    at(2) === 0xff &&
    (rm(at(1)) === 0x10 || rm(at(1)) === 0x18) &&
    ![0x14, 0x15, 0x1c, 0x1d].includes(at(1))
  )
    return 2;
  return undefined;
}

export interface CallstackRequest {
  readonly is32: boolean;
  /** Bytes of stack to walk (`l`). */
  readonly size: number;
  /** Stack address to start from (`base`); 0 = the paused thread's stack pointer. */
  readonly base: bigint;
  /** `kd`/`kq` (DisplayMethod 1) rather than `k`. */
  readonly withParameters: boolean;
}

/** One stack slot of a CALLSTACK answer. */
export interface CallstackEntry {
  /** Byte offset of the slot from the start of the walk. */
  readonly offset: number;
  readonly value: bigint;
  readonly isValidAddress: boolean;
  /** Length of the call instruction ending at `value` when the value is a return address. */
  readonly callLength: number | undefined;
}

/** Default bytes of stack `k` walks (HyperDbg: 0x2000 on 64-bit, 0x1000 on 32-bit). */
export const defaultCallstackSize = (is32: boolean): number => (is32 ? 4096 : 8192);

/** CALLSTACK (a26 → a61): the stack slots the debuggee reports, without printing anything. */
export async function requestCallstack(
  ctx: CommandContext,
  request: CallstackRequest,
): Promise<{ ok: true; entries: CallstackEntry[] } | { ok: false; error: string }> {
  const { is32, size, base } = request;
  const width = is32 ? 4 : 8;
  const frameCount = Math.floor(size / width);
  const total = DEBUGGER_CALLSTACK_REQUEST.size + frameCount * DEBUGGER_SINGLE_CALLSTACK_FRAME.size;
  if (total > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      error: `err, the call stack request of 0x${size.toString(16)} bytes is too large for one frame; use a smaller 'l'`,
    };
  }
  // FrameCount zeroed frames follow the request; BufferSize is the whole payload.
  const payload = encodeCallstackPayload(
    { Is32Bit: is32, DisplayMethod: request.withParameters ? 1 : 0, Size: size, BaseAddress: base },
    frameCount,
  );
  const { response } = await ctx.link.request(
    { packetType: VMX_ROOT, action: Action.callstack, payload },
    { responseAction: Action.resultCallstack, idempotent: true },
  );
  const header = DEBUGGER_CALLSTACK_REQUEST.decode(response.payload);
  if (!isSuccess(header.KernelStatus)) return { ok: false, error: statusError(header.KernelStatus) };
  const entries: CallstackEntry[] = [];
  for (let i = 0; i < frameCount; i++) {
    const at = DEBUGGER_CALLSTACK_REQUEST.size + i * DEBUGGER_SINGLE_CALLSTACK_FRAME.size;
    // A short answer carries fewer slots than asked for; the decoder must not read past it.
    if (at + DEBUGGER_SINGLE_CALLSTACK_FRAME.size > response.payload.length) break;
    const frame = DEBUGGER_SINGLE_CALLSTACK_FRAME.decode(response.payload, at);
    entries.push({
      offset: i * width,
      value: is32 ? frame.Value & 0xffffffffn : frame.Value,
      isValidAddress: frame.IsValidAddress,
      callLength:
        frame.IsValidAddress && frame.IsExecutable
          ? callLengthBeforeReturn(frame.InstructionBytesOnRip)
          : undefined,
    });
  }
  return { ok: true, entries };
}

/** HyperDbg's call-stack listing: calls as "(from …)", other values only with parameters (kd/kq). */
function formatCallstack(
  entries: readonly CallstackEntry[],
  is32: boolean,
  withParams: boolean,
  ctx: CommandContext,
): string {
  let out = '';
  const digits = is32 ? 8 : 16;
  for (const entry of entries) {
    const slot = `[$+${entry.offset.toString(16).padStart(3, '0')}] `;
    if (!entry.isValidAddress) {
      if (withParams) out += `${slot}     ${entry.value.toString(16).padStart(digits, '0')}\n`;
      continue;
    }
    const { callLength } = entry;
    if (callLength === undefined && !withParams) continue;
    const target = callLength === undefined ? entry.value : entry.value - BigInt(callLength);
    const text = target.toString(16).padStart(digits, '0');
    out += slot + (callLength !== undefined ? `  ${text}    (from ` : `     ${text} (addr `);
    const symbol = ctx.settings.addressConversion ? ctx.symbols.describeAddress(target) : undefined;
    if (symbol) out += `${symbol} `;
    out += `<${text}>)\n`;
  }
  return out;
}

export const inspectCommands: CommandHandler[] = [
  registerCommand,
  readCommand(['db']),
  readCommand(['dc']),
  readCommand(['dd']),
  readCommand(['dq']),
  readCommand(['!db']),
  readCommand(['!dc']),
  readCommand(['!dd']),
  readCommand(['!dq']),
  readCommand(['u', 'u64']),
  readCommand(['!u', '!u64']),
  readCommand(['u2', 'u32']),
  readCommand(['!u2', '!u32']),
  editCommand(['eb']),
  editCommand(['ed']),
  editCommand(['eq']),
  editCommand(['!eb']),
  editCommand(['!ed']),
  editCommand(['!eq']),
  callstackCommand(['k']),
  callstackCommand(['kd']),
  callstackCommand(['kq']),
];
