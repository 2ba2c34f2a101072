/**
 * Payloads that are a struct followed by variable data (protocol reference 4.2, 5.6, 6.2, 7.1).
 * Encoders fill in the length fields from the data so they cannot disagree; decoders are
 * tolerant like HyperDbg (short input reads as zero, lengths are clamped to what arrived).
 */
import { isBuildSignature, notASignatureMessage } from './build-signature';
import { MAX_PAYLOAD_BYTES } from './frame';
import type { DeepPartial } from './struct';
import {
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGEE_USER_INPUT_PACKET,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_GENERAL_ACTION,
  DEBUGGER_GENERAL_EVENT_DETAIL,
  DEBUGGER_PREPARE_DEBUGGEE,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_SEARCH_MEMORY,
  DEBUGGER_SINGLE_CALLSTACK_FRAME,
  GUEST_EXTRA_REGISTERS,
  GUEST_REGS,
  type DebuggeeRegisterReadDescription,
  type DebuggeeScriptPacket,
  type DebuggeeUserInputPacket,
  type DebuggerCallstackRequest,
  type DebuggerEditMemory,
  type DebuggerGeneralAction,
  type DebuggerGeneralEventDetail,
  type DebuggerPrepareDebuggee,
  type DebuggerReadMemory,
  type DebuggerSearchMemory,
  type DebuggerSingleCallstackFrame,
  type GuestExtraRegisters,
  type GuestRegs,
} from './structs';

export class PayloadEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadEncodeError';
  }
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function u32At(bytes: Uint8Array, offset: number): number {
  if (offset + 4 > bytes.length) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

function checkPayloadSize(what: string, size: number): void {
  if (size > MAX_PAYLOAD_BYTES) {
    throw new PayloadEncodeError(
      `err, the ${what} payload is ${size} bytes, above the ${MAX_PAYLOAD_BYTES}-byte limit of one frame; make it smaller`,
    );
  }
}

const latin1 = (bytes: Uint8Array): string => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
};

function textBytes(text: string, what: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff)
      throw new PayloadEncodeError(`err, ${what} contains ${JSON.stringify(text[i])}, not a single byte`);
    out[i] = code;
  }
  return out;
}

// ---- REGISTER_EVENT (a18) / ADD_ACTION (a19): u32 length + struct + trailing bytes ------------
// Encoded by event-packets.ts (the event commands' encoder); decoded here for the simulator.

export interface EventPayload {
  event: DebuggerGeneralEventDetail;
  condition: Uint8Array;
}

export function decodeRegisterEventPayload(payload: Uint8Array): EventPayload {
  const event = DEBUGGER_GENERAL_EVENT_DETAIL.decode(payload, 4);
  const start = 4 + DEBUGGER_GENERAL_EVENT_DETAIL.size;
  return { event, condition: payload.slice(start, start + event.ConditionBufferSize) };
}

export interface ActionPayload {
  action: DebuggerGeneralAction;
  /** Custom code bytes or script bytecode, whichever the action carries. */
  buffer: Uint8Array;
}

export function decodeAddActionPayload(payload: Uint8Array): ActionPayload {
  const action = DEBUGGER_GENERAL_ACTION.decode(payload, 4);
  const start = 4 + DEBUGGER_GENERAL_ACTION.size;
  const length = action.ScriptBufferSize !== 0 ? action.ScriptBufferSize : action.CustomCodeBufferSize;
  return { action, buffer: payload.slice(start, start + length) };
}

// ---- LOGGING_MECHANISM (a41): u32 OperationCode + text ----------------------------------------

export interface LogPacket {
  operationCode: number;
  /** Text up to the first NUL (script printf output includes one) or the end of the frame. */
  text: string;
  /** Every byte after the operation code, as received. */
  raw: Uint8Array;
}

export function encodeLogPayload(
  operationCode: number,
  text: string | Uint8Array,
  nulTerminated = false,
): Uint8Array {
  const body = typeof text === 'string' ? textBytes(text, 'the log text') : text;
  const payload = join(new Uint8Array(4), body, nulTerminated ? Uint8Array.of(0) : new Uint8Array(0));
  checkPayloadSize('log', payload.length);
  new DataView(payload.buffer).setUint32(0, operationCode >>> 0, true);
  return payload;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The debuggee sends the bytes of a C string, in whatever encoding produced them: kernel and
 * driver messages are ASCII, and `printf` format strings of scripts are the bytes the script
 * compiler emitted, UTF-8 for ours (`printf("héllo")` arrives as 68 C3 A9 6C 6C 6F). So log text is
 * read as UTF-8 when the bytes are valid UTF-8 (ASCII always is), else byte for byte (latin1),
 * which never loses or invents a byte.
 */
function debuggeeText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return latin1(bytes);
  }
}

export function decodeLogPayload(payload: Uint8Array): LogPacket {
  const raw = payload.slice(Math.min(4, payload.length));
  const nul = raw.indexOf(0);
  return {
    operationCode: u32At(payload, 0),
    text: debuggeeText(nul === -1 ? raw : raw.subarray(0, nul)),
    raw,
  };
}

// ---- USER_INPUT (a16): DEBUGGEE_USER_INPUT_PACKET + command text + NUL -------------------------

/** The debuggee silently drops user-input payloads above this size (header + text + NUL). */
export const MAX_USER_INPUT_PAYLOAD_BYTES = 4095;

export interface UserInputPayload {
  header: DebuggeeUserInputPacket;
  command: string;
}

export function encodeUserInputPayload(command: string, ignoreFinishedSignal: boolean): Uint8Array {
  const text = textBytes(command, 'the command');
  const size = DEBUGGEE_USER_INPUT_PACKET.size + text.length + 1;
  if (size > MAX_USER_INPUT_PAYLOAD_BYTES) {
    throw new PayloadEncodeError(
      `err, the command is ${text.length} characters; the debuggee drops commands longer than ` +
        `${MAX_USER_INPUT_PAYLOAD_BYTES - DEBUGGEE_USER_INPUT_PACKET.size - 1}, shorten it`,
    );
  }
  return join(
    DEBUGGEE_USER_INPUT_PACKET.encode({
      CommandLen: text.length + 1,
      IgnoreFinishedSignal: ignoreFinishedSignal,
    }),
    text,
    Uint8Array.of(0),
  );
}

export function decodeUserInputPayload(payload: Uint8Array): UserInputPayload {
  const header = DEBUGGEE_USER_INPUT_PACKET.decode(payload);
  const text = payload.subarray(
    DEBUGGEE_USER_INPUT_PACKET.size,
    DEBUGGEE_USER_INPUT_PACKET.size + header.CommandLen,
  );
  const nul = text.indexOf(0);
  return { header, command: latin1(nul === -1 ? text : text.subarray(0, nul)) };
}

// ---- RUN_SCRIPT (a15): DEBUGGEE_SCRIPT_PACKET + bytecode --------------------------------------

export interface ScriptPayload {
  header: DebuggeeScriptPacket;
  bytecode: Uint8Array;
}

/** ScriptBufferSize is set from the bytecode; ScriptBufferPointer (the symbol count) must be given. */
export function encodeScriptPayload(
  header: DeepPartial<DebuggeeScriptPacket>,
  bytecode: Uint8Array,
): Uint8Array {
  const payload = join(
    DEBUGGEE_SCRIPT_PACKET.encode({ ...header, ScriptBufferSize: bytecode.length }),
    bytecode,
  );
  checkPayloadSize('script', payload.length);
  return payload;
}

export function decodeScriptPayload(payload: Uint8Array): ScriptPayload {
  const header = DEBUGGEE_SCRIPT_PACKET.decode(payload);
  const start = DEBUGGEE_SCRIPT_PACKET.size;
  return { header, bytecode: payload.slice(start, start + header.ScriptBufferSize) };
}

// ---- READ_MEMORY response (a57): DEBUGGER_READ_MEMORY + ReturnLength bytes --------------------

export interface ReadMemoryResponse {
  request: DebuggerReadMemory;
  data: Uint8Array;
}

/** Largest `Size` whose response still fits in one frame. */
export const MAX_READ_MEMORY_SIZE = MAX_PAYLOAD_BYTES - DEBUGGER_READ_MEMORY.size;

export function encodeReadMemoryResponse(
  request: DeepPartial<DebuggerReadMemory>,
  data: Uint8Array,
): Uint8Array {
  const payload = join(DEBUGGER_READ_MEMORY.encode({ ...request, ReturnLength: data.length }), data);
  checkPayloadSize('read-memory response', payload.length);
  return payload;
}

export function decodeReadMemoryResponse(payload: Uint8Array): ReadMemoryResponse {
  const request = DEBUGGER_READ_MEMORY.decode(payload);
  const start = DEBUGGER_READ_MEMORY.size;
  return { request, data: payload.slice(start, start + request.ReturnLength) };
}

// ---- EDIT_MEMORY (a23) and SEARCH (a17): header + one u64 slot per value -----------------------

function u64Slots(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, v), true));
  return out;
}

function readU64Slots(payload: Uint8Array, start: number, count: number): bigint[] {
  const available = Math.max(0, Math.min(count, Math.floor((payload.length - start) / 8)));
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return Array.from({ length: available }, (_, i) => view.getBigUint64(start + i * 8, true));
}

export interface EditMemoryPayload {
  header: DebuggerEditMemory;
  values: bigint[];
}

export function encodeEditMemoryPayload(
  header: DeepPartial<DebuggerEditMemory>,
  values: readonly bigint[],
): Uint8Array {
  const size = DEBUGGER_EDIT_MEMORY.size + values.length * 8;
  checkPayloadSize('edit-memory', size);
  return join(
    DEBUGGER_EDIT_MEMORY.encode({ ...header, CountOf64Chunks: values.length, FinalStructureSize: size }),
    u64Slots(values),
  );
}

export function decodeEditMemoryPayload(payload: Uint8Array): EditMemoryPayload {
  const header = DEBUGGER_EDIT_MEMORY.decode(payload);
  return { header, values: readU64Slots(payload, DEBUGGER_EDIT_MEMORY.size, header.CountOf64Chunks) };
}

export interface SearchMemoryPayload {
  header: DebuggerSearchMemory;
  values: bigint[];
}

export function encodeSearchMemoryPayload(
  header: DeepPartial<DebuggerSearchMemory>,
  values: readonly bigint[],
): Uint8Array {
  const size = DEBUGGER_SEARCH_MEMORY.size + values.length * 8;
  checkPayloadSize('search-memory', size);
  return join(
    DEBUGGER_SEARCH_MEMORY.encode({ ...header, CountOf64Chunks: values.length, FinalStructureSize: size }),
    u64Slots(values),
  );
}

export function decodeSearchMemoryPayload(payload: Uint8Array): SearchMemoryPayload {
  const header = DEBUGGER_SEARCH_MEMORY.decode(payload);
  return { header, values: readU64Slots(payload, DEBUGGER_SEARCH_MEMORY.size, header.CountOf64Chunks) };
}

// ---- CALLSTACK (a11 / a50): request + FrameCount frames ----------------------------------------

export interface CallstackPayload {
  request: DebuggerCallstackRequest;
  frames: DebuggerSingleCallstackFrame[];
}

/** The request carries FrameCount zeroed frames; BufferSize is the whole payload size. */
export function encodeCallstackPayload(
  request: DeepPartial<DebuggerCallstackRequest>,
  frames: readonly DeepPartial<DebuggerSingleCallstackFrame>[] | number,
): Uint8Array {
  const list = typeof frames === 'number' ? Array.from({ length: frames }, () => ({})) : frames;
  const size = DEBUGGER_CALLSTACK_REQUEST.size + list.length * DEBUGGER_SINGLE_CALLSTACK_FRAME.size;
  checkPayloadSize('call-stack', size);
  const out = new Uint8Array(size);
  DEBUGGER_CALLSTACK_REQUEST.encodeInto(out, 0, {
    ...request,
    FrameCount: list.length,
    BufferSize: BigInt(size),
  });
  list.forEach((frame, i) =>
    DEBUGGER_SINGLE_CALLSTACK_FRAME.encodeInto(
      out,
      DEBUGGER_CALLSTACK_REQUEST.size + i * DEBUGGER_SINGLE_CALLSTACK_FRAME.size,
      frame,
    ),
  );
  return out;
}

export function decodeCallstackPayload(payload: Uint8Array): CallstackPayload {
  const request = DEBUGGER_CALLSTACK_REQUEST.decode(payload);
  const room = Math.floor(
    (payload.length - DEBUGGER_CALLSTACK_REQUEST.size) / DEBUGGER_SINGLE_CALLSTACK_FRAME.size,
  );
  const count = Math.max(0, Math.min(request.FrameCount, room));
  const frames = Array.from({ length: count }, (_, i) =>
    DEBUGGER_SINGLE_CALLSTACK_FRAME.decode(
      payload,
      DEBUGGER_CALLSTACK_REQUEST.size + i * DEBUGGER_SINGLE_CALLSTACK_FRAME.size,
    ),
  );
  return { request, frames };
}

// ---- READ_REGISTERS response (a56): descriptor [+ GUEST_REGS + GUEST_EXTRA_REGISTERS] ---------

/** RegisterId meaning "all registers": the response then carries GUEST_REGS and GUEST_EXTRA_REGISTERS. */
export const REGISTER_ID_ALL = 0xffff_ffff;

export interface ReadRegistersResponse {
  description: DebuggeeRegisterReadDescription;
  /** Present when RegisterId was REGISTER_ID_ALL. */
  all?: { regs: GuestRegs; extra: GuestExtraRegisters };
}

export function encodeReadRegistersResponse(
  description: DeepPartial<DebuggeeRegisterReadDescription>,
  all?: { regs: DeepPartial<GuestRegs>; extra: DeepPartial<GuestExtraRegisters> },
): Uint8Array {
  const head = DEBUGGEE_REGISTER_READ_DESCRIPTION.encode(description);
  return all ? join(head, GUEST_REGS.encode(all.regs), GUEST_EXTRA_REGISTERS.encode(all.extra)) : head;
}

export function decodeReadRegistersResponse(payload: Uint8Array): ReadRegistersResponse {
  const description = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(payload);
  if (description.RegisterId !== REGISTER_ID_ALL) return { description };
  const regsAt = DEBUGGEE_REGISTER_READ_DESCRIPTION.size;
  return {
    description,
    all: {
      regs: GUEST_REGS.decode(payload, regsAt),
      extra: GUEST_EXTRA_REGISTERS.decode(payload, regsAt + GUEST_REGS.size),
    },
  };
}

// ---- DEBUGGEE_STARTED (a40): the first 256 bytes of DEBUGGER_PREPARE_DEBUGGEE -----------------

export const DEBUGGEE_STARTED_PAYLOAD_SIZE = 256;

/** OsName is cut to what fits in 256 bytes (235 characters + NUL), as the debuggee's kernel does. */
export function encodeDebuggeeStartedPayload(value: DeepPartial<DebuggerPrepareDebuggee>): Uint8Array {
  const maxName = DEBUGGEE_STARTED_PAYLOAD_SIZE - 20 - 1;
  const name = value.OsName ?? '';
  const full = DEBUGGER_PREPARE_DEBUGGEE.encode({ ...value, OsName: name.slice(0, maxName) });
  return full.slice(0, DEBUGGEE_STARTED_PAYLOAD_SIZE);
}

export function decodeDebuggeeStartedPayload(payload: Uint8Array): DebuggerPrepareDebuggee {
  return DEBUGGER_PREPARE_DEBUGGEE.decode(payload.subarray(0, DEBUGGEE_STARTED_PAYLOAD_SIZE));
}

// ---- ON_USER_MODE_DEBUGGER_VERSION (t2 a3): build signature + NUL -----------------------------

export function encodeVersionPayload(signature: string): Uint8Array {
  if (!isBuildSignature(signature)) throw new PayloadEncodeError(notASignatureMessage(signature));
  return join(textBytes(signature, 'the signature'), Uint8Array.of(0));
}

export function decodeVersionPayload(payload: Uint8Array): string {
  const nul = payload.indexOf(0);
  return latin1(nul === -1 ? payload : payload.subarray(0, nul));
}
