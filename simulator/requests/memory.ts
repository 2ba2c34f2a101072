import { MAX_PAYLOAD_BYTES } from '../../shared/protocol/frame';
import * as C from '../../shared/protocol/generated/constants';
import {
  DEBUGGER_EDIT_MEMORY_BYTE_SIZE,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
} from '../../shared/protocol/generated/enums';
import {
  decodeCallstackPayload,
  decodeEditMemoryPayload,
  decodeSearchMemoryPayload,
  encodeCallstackPayload,
} from '../../shared/protocol/payloads';
import {
  DEBUGGEE_RESULT_OF_SEARCH_PACKET,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_SINGLE_CALLSTACK_FRAME,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
} from '../../shared/protocol/structs';
import type { RequestContext, RequestFamily } from './context';

/** Memory: read, edit, search, address translation, page-table entries and the stack walk of `k`. */

const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export function memoryRequests(ctx: RequestContext): RequestFamily {
  return {
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY]: (p) => readMemory(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY]: (p) => editMemory(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SEARCH_QUERY]: (p) => searchMemory(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PA2VA_AND_VA2PA]: (p) => va2pa(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_QUERY_PTE]: (p) => pte(ctx, p),
    [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK]: (p) => callstack(ctx, p),
  };
}

function readMemory(ctx: RequestContext, payload: Uint8Array): void {
  const request = DEBUGGER_READ_MEMORY.decode(payload);
  if (DEBUGGER_READ_MEMORY.size + request.Size > MAX_PAYLOAD_BYTES) {
    // hyperkd reads into its receive buffer and then cannot send the answer: it logs the
    // sender's error and the debugger waits forever
    ctx.refuseOversize(DEBUGGER_READ_MEMORY.size + request.Size);
    return;
  }
  const machine = ctx.d.machine;
  const pid = ctx.core.pid;
  let data: Uint8Array | undefined;
  if (request.MemoryType === 0) data = machine.readPhysical(request.Address, request.Size);
  else if (request.MemoryType === 1) {
    const bytes = machine.readVirtual(request.Address, request.Size, pid);
    data = bytes.length === request.Size ? ctx.breakpoints.hideIn(request.Address, bytes) : undefined;
  }
  if (request.GetAddressMode) request.AddressMode = ctx.core.regs.cs === 0x23 ? 0 : 1;
  request.KernelStatus = data ? OK : C.DEBUGGER_ERROR_INVALID_ADDRESS;
  request.ReturnLength = data ? data.length : 0;
  const response = new Uint8Array(DEBUGGER_READ_MEMORY.size + request.ReturnLength);
  DEBUGGER_READ_MEMORY.encodeInto(response, 0, request);
  if (data) response.set(data, DEBUGGER_READ_MEMORY.size);
  ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_MEMORY, response);
}

function editMemory(ctx: RequestContext, payload: Uint8Array): void {
  const { header, values } = decodeEditMemoryPayload(payload);
  const unit =
    header.ByteSize === DEBUGGER_EDIT_MEMORY_BYTE_SIZE.EDIT_BYTE
      ? 1
      : header.ByteSize === DEBUGGER_EDIT_MEMORY_BYTE_SIZE.EDIT_DWORD
        ? 4
        : header.ByteSize === DEBUGGER_EDIT_MEMORY_BYTE_SIZE.EDIT_QWORD
          ? 8
          : 0;
  if (unit === 0 || (header.MemoryType !== 0 && header.MemoryType !== 1)) {
    header.Result = C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_PARAMETER;
  } else {
    const data = new Uint8Array(values.length * unit);
    const view = new DataView(data.buffer);
    values.forEach((v, i) => {
      if (unit === 1) data[i] = Number(v & 0xffn);
      else if (unit === 4) view.setUint32(i * 4, Number(v & 0xffffffffn), true);
      else view.setBigUint64(i * 8, v, true);
    });
    const machine = ctx.d.machine;
    const ok =
      header.MemoryType === 1
        ? machine.writePhysical(header.Address, data)
        : machine.writeVirtual(header.Address, data, ctx.core.pid);
    header.Result = ok ? OK : C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_CURRENT_PROCESS;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_EDITING_MEMORY,
    DEBUGGER_EDIT_MEMORY.encode(header),
  );
}

function searchMemory(ctx: RequestContext, payload: Uint8Array): void {
  const { header, values } = decodeSearchMemoryPayload(payload);
  const unit = header.ByteSize === 0 ? 1 : header.ByteSize === 1 ? 4 : 8;
  const pattern = new Uint8Array(values.length * unit);
  const view = new DataView(pattern.buffer);
  values.forEach((v, i) => {
    if (unit === 1) pattern[i] = Number(v & 0xffn);
    else if (unit === 4) view.setUint32(i * 4, Number(v & 0xffffffffn), true);
    else view.setBigUint64(i * 8, v, true);
  });
  const machine = ctx.d.machine;
  const pid = ctx.core.pid;
  const physical = header.MemoryType === 0;
  const length = Number(header.Length > 0x100000n ? 0x100000n : header.Length);
  const region = physical
    ? machine.readPhysical(header.Address, length)
    : machine.readVirtual(header.Address, length, pid);
  const result = DEBUGGEE_RESULT_OF_SEARCH_PACKET.encode({
    CountOfResults: 0,
    Result: C.DEBUGGER_ERROR_INVALID_ADDRESS,
  });
  if (region && region.length === length && pattern.length > 0) {
    let count = 0;
    for (let i = 0; i + pattern.length <= region.length && count < C.MaximumSearchResults; i++) {
      let match = true;
      for (let j = 0; j < pattern.length && match; j++) match = region[i + j] === pattern[j];
      if (!match) continue;
      count++;
      ctx.d.kernelPrint(`${(header.Address + BigInt(i)).toString(16)}\n`);
    }
    DEBUGGEE_RESULT_OF_SEARCH_PACKET.encodeInto(result, 0, { CountOfResults: count, Result: OK });
  }
  ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SEARCH_QUERY, result);
}

function va2pa(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(payload);
  const machine = ctx.d.machine;
  if (packet.IsVirtual2Physical) {
    const pa = machine.translate(packet.VirtualAddress, ctx.core.pid);
    packet.PhysicalAddress = pa ?? 0n;
    packet.KernelStatus = pa === undefined ? C.DEBUGGER_ERROR_INVALID_ADDRESS : OK;
  } else {
    const va = machine.physicalToVirtual(packet.PhysicalAddress);
    packet.VirtualAddress = va ?? 0n;
    packet.KernelStatus = va === undefined ? C.DEBUGGER_ERROR_INVALID_ADDRESS : OK;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_VA2PA_AND_PA2VA,
    DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode(packet),
  );
}

function pte(ctx: RequestContext, payload: Uint8Array): void {
  const packet = DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(payload);
  const va = packet.VirtualAddress;
  const pa = ctx.d.machine.translate(va, ctx.core.pid);
  if (pa === undefined) {
    packet.KernelStatus = C.DEBUGGER_ERROR_INVALID_ADDRESS;
  } else {
    // Windows 10 self-map at PML4 index 0x1ED
    const selfMap = 0xfffff68000000000n;
    const index = (va & 0xffffffffffffn) >> 12n;
    const pteVa = selfMap + index * 8n;
    const pdeVa = selfMap + ((pteVa & 0xffffffffffffn) >> 12n) * 8n;
    const pdpteVa = selfMap + ((pdeVa & 0xffffffffffffn) >> 12n) * 8n;
    const pml4eVa = selfMap + ((pdpteVa & 0xffffffffffffn) >> 12n) * 8n;
    const table = (level: bigint) => ((pa >> 21n) << 12n) + 0x100000000n * level;
    packet.Pml4eVirtualAddress = BigInt.asUintN(64, pml4eVa | 0xffff000000000000n);
    packet.Pml4eValue = table(3n) | 0x63n;
    packet.PdpteVirtualAddress = BigInt.asUintN(64, pdpteVa | 0xffff000000000000n);
    packet.PdpteValue = table(2n) | 0x63n;
    packet.PdeVirtualAddress = BigInt.asUintN(64, pdeVa | 0xffff000000000000n);
    packet.PdeValue = table(1n) | 0x63n;
    packet.PteVirtualAddress = BigInt.asUintN(64, pteVa | 0xffff000000000000n);
    packet.PteValue = (pa & ~0xfffn) | 0x8000000000000963n;
    packet.KernelStatus = OK;
  }
  ctx.respond(
    RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PTE,
    DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode(packet),
  );
}

function callstack(ctx: RequestContext, payload: Uint8Array): void {
  const { request } = decodeCallstackPayload(payload);
  const state = ctx.core;
  if (request.BaseAddress === 0n) request.BaseAddress = state.regs.gpr.rsp;
  const machine = ctx.d.machine;
  const width = request.Is32Bit ? 4 : 8;
  // CallstackWalkthroughStack: Size / width slots from the base; the walk ends at the first
  // unreadable slot (marked invalid) and still succeeds; only Size 0 fails
  const slots = Math.floor(request.Size / width);
  // frames beyond what a response frame can carry could never be sent back anyway
  const frameRoom = Math.floor(
    (MAX_PAYLOAD_BYTES - DEBUGGER_CALLSTACK_REQUEST.size) / DEBUGGER_SINGLE_CALLSTACK_FRAME.size,
  );
  const frames: Partial<ReturnType<typeof DEBUGGER_SINGLE_CALLSTACK_FRAME.decode>>[] = [];
  for (let i = 0; i < Math.min(slots, frameRoom); i++) {
    const at = request.BaseAddress + BigInt(i * width);
    const slot = machine.readVirtual(at, width, state.pid);
    if (slot.length < width) {
      frames.push({ IsStackAddressValid: false });
      break;
    }
    const view = new DataView(slot.buffer);
    const value = width === 8 ? view.getBigUint64(0, true) : BigInt(view.getUint32(0, true));
    const valid = machine.translate(value, state.pid) !== undefined;
    const executable = valid && machine.isExecutable(value, state.pid);
    const before = valid ? machine.readVirtual(value - 7n, 7, state.pid) : new Uint8Array(0);
    frames.push({
      IsStackAddressValid: true,
      IsValidAddress: valid,
      IsExecutable: executable,
      Value: value,
      InstructionBytesOnRip: before.length === 7 ? before : new Uint8Array(7),
    });
  }
  if (slots > 0) request.FrameCount = slots;
  request.KernelStatus = slots > 0 ? OK : C.DEBUGGER_ERROR_UNABLE_TO_GET_CALLSTACK;
  // the answer is BufferSize bytes of the request buffer (frames filled in), whatever FrameCount says
  const frameBytes = encodeCallstackPayload(request, frames);
  const response = new Uint8Array(Math.min(Number(request.BufferSize), MAX_PAYLOAD_BYTES + 1));
  response.set(frameBytes.subarray(0, response.length));
  if (response.length >= DEBUGGER_CALLSTACK_REQUEST.size)
    DEBUGGER_CALLSTACK_REQUEST.encodeInto(response, 0, request);
  ctx.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CALLSTACK, response);
}
