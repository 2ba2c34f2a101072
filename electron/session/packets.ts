import { PayloadReader, PayloadWriter } from './bytes';
import type { DebuggeeInfo, ModuleRecord, PausingReasonName } from './link';

/** Action codes used by the session and the built-in commands (protocol reference 4.1, v0.23). */
export const Action = {
  userPause: 1,
  userDoNotReadAnyPacket: 2,
  userDebuggerVersion: 3,
  ping: 4,
  step: 5,
  continue: 6,
  closeAndUnload: 7,
  changeCore: 8,
  flushBuffers: 9,
  callstack: 11,
  testQuery: 12,
  changeProcess: 13,
  changeThread: 14,
  runScript: 15,
  userInputBuffer: 16,
  readRegisters: 21,
  readMemory: 22,
  editMemory: 23,
  bp: 24,
  listOrModifyBreakpoints: 25,
  symbolReload: 26,
  va2paPa2va: 27,
  pte: 28,
  started: 40,
  logging: 41,
  paused: 42,
  resultChangingCore: 43,
  resultChangingProcess: 44,
  resultChangingThread: 45,
  resultRunningScript: 46,
  resultFormats: 47,
  resultFlush: 48,
  resultCallstack: 50,
  resultTestQuery: 51,
  resultReadingRegisters: 56,
  resultReadingMemory: 57,
  resultEditingMemory: 58,
  resultBp: 59,
  resultListOrModifyBreakpoints: 61,
  updateSymbolInfo: 62,
  reloadSymbolFinished: 63,
  resultPte: 65,
  resultVa2paPa2va: 66,
} as const;

export const PacketType = { vmxRoot: 1, userMode: 2, debuggeeToDebugger: 3 } as const;

/** DEBUGGER_OPERATION_WAS_SUCCESSFUL. */
export const STATUS_SUCCESS = 0xffffffff;

const REASON_NAMES: readonly PausingReasonName[] = [
  'NOT_PAUSED',
  'PAUSE',
  'REQUEST_FROM_DEBUGGER',
  'DEBUGGEE_STEPPED',
  'DEBUGGEE_TRACKING_STEPPED',
  'SOFTWARE_BREAKPOINT_HIT',
  'HARDWARE_DEBUG_REGISTER_HIT',
  'CORE_SWITCHED',
  'PROCESS_SWITCHED',
  'THREAD_SWITCHED',
  'COMMAND_EXECUTION_FINISHED',
  'EVENT_TRIGGERED',
  'STARTING_MODULE_LOADED',
];

export function pausingReasonName(reason: number): PausingReasonName {
  return REASON_NAMES[reason] ?? 'UNKNOWN';
}

/** DEBUGGEE_KD_PAUSED_PACKET (72 bytes, protocol reference 7.2). */
export interface PausedPacket {
  rip: bigint;
  is32Bit: boolean;
  ignoreDisassembling: boolean;
  reason: number;
  core: number;
  eventTag: bigint;
  eventStage: number;
  rflags: bigint;
  /** All 16 bytes as received. */
  instructionBytes16: Uint8Array;
  readInstructionLength: number;
}

export function decodePausedPacket(payload: Uint8Array): PausedPacket {
  const r = new PayloadReader(payload);
  return {
    rip: r.u64(0),
    is32Bit: r.bool(8),
    ignoreDisassembling: r.bool(9),
    reason: r.u32(12),
    core: r.u32(16),
    eventTag: r.u64(24),
    eventStage: r.u32(32),
    rflags: r.u64(40),
    instructionBytes16: r.slice(48, 16),
    readInstructionLength: Math.min(r.u16(64), 16),
  };
}

/** First 256 bytes of DEBUGGER_PREPARE_DEBUGGEE (protocol reference 3.4). */
export function decodeStarted(payload: Uint8Array): DebuggeeInfo {
  const r = new PayloadReader(payload);
  return {
    portAddress: r.u32(0),
    baudRate: r.u32(4),
    kernelBase: r.u64(8),
    osName: r.cString(20, 236),
  };
}

/** DEBUGGER_UPDATE_SYMBOL_TABLE (608 bytes, protocol reference 8.1). */
export function decodeSymbolUpdate(payload: Uint8Array): {
  total: number;
  index: number;
  module: ModuleRecord;
} {
  const r = new PayloadReader(payload);
  const d = 8;
  return {
    total: r.u32(0),
    index: r.u32(4),
    module: {
      isSymbolDetailsFound: r.bool(d),
      isLocalSymbolPath: r.bool(d + 1),
      isUserMode: r.bool(d + 3),
      is32Bit: r.bool(d + 4),
      baseAddress: r.u64(d + 8),
      filePath: r.cString(d + 16, 260),
      pdbName: r.cString(d + 276, 260),
      guidAndAge: r.cString(d + 536, 60),
    },
  };
}

/** a41: OperationCode u32 + text up to the first NUL or the end of the frame. */
export function decodeLogPacket(payload: Uint8Array): { operationCode: number; text: string } {
  const r = new PayloadReader(payload);
  const textBytes = payload.subarray(Math.min(4, payload.length));
  const end = textBytes.indexOf(0);
  return {
    operationCode: r.u32(0),
    text: Buffer.from(end === -1 ? textBytes : textBytes.subarray(0, end)).toString('latin1'),
  };
}

/** DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER (24 bytes). */
export function encodeTestQuery(requestType: number, context = 0n): Uint8Array {
  return new PayloadWriter(24).u32(0, requestType).u64(8, context).bytes;
}

/** DEBUGGEE_USER_INPUT_PACKET (12 bytes) + command text + NUL. */
export function encodeUserInput(text: string, ignoreFinishedSignal: boolean): Uint8Array {
  const textBytes = Buffer.from(text, 'latin1');
  return new PayloadWriter(12 + textBytes.length + 1)
    .u32(0, textBytes.length + 1)
    .bool(4, ignoreFinishedSignal)
    .set(12, textBytes).bytes;
}

/** Largest forwarded command text (without NUL) the debuggee accepts (protocol reference 2.5). */
export const MAX_USER_INPUT_TEXT = 4082;
