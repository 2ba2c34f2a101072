import {
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
  DEBUGGEE_USER_INPUT_PACKET,
  decodeDebuggeeStartedPayload,
  decodeLogPayload,
  DEBUGGER_OPERATION_WAS_SUCCESSFUL,
  encodeUserInputPayload,
  MAX_USER_INPUT_PAYLOAD_BYTES,
  type DeepPartial,
  type StructCodec,
} from '../../shared/protocol';
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
  resultRegisteringEvent: 52,
  resultAddingActionToEvent: 53,
  resultQueryAndModifyEvent: 54,
  resultReadingRegisters: 56,
  resultReadingMemory: 57,
  resultEditingMemory: 58,
  resultBp: 59,
  resultShortCircuitingState: 60,
  resultListOrModifyBreakpoints: 61,
  updateSymbolInfo: 62,
  reloadSymbolFinished: 63,
  resultPte: 65,
  resultVa2paPa2va: 66,
} as const;

export const PacketType = { vmxRoot: 1, userMode: 2, debuggeeToDebugger: 3 } as const;

export const STATUS_SUCCESS = DEBUGGER_OPERATION_WAS_SUCCESSFUL;

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

/** DEBUGGEE_KD_PAUSED_PACKET (protocol reference 7.2). */
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
  const packet = DEBUGGEE_KD_PAUSED_PACKET.decode(payload);
  return {
    rip: packet.Rip,
    is32Bit: packet.IsProcessorOn32BitMode,
    ignoreDisassembling: packet.IgnoreDisassembling,
    reason: packet.PausingReason,
    core: packet.CurrentCore,
    eventTag: packet.EventTag,
    eventStage: packet.EventCallingStage,
    rflags: packet.Rflags,
    instructionBytes16: packet.InstructionBytesOnRip,
    readInstructionLength: Math.min(packet.ReadInstructionLen, packet.InstructionBytesOnRip.length),
  };
}

/** DEBUGGEE_STARTED: the first 256 bytes of DEBUGGER_PREPARE_DEBUGGEE (protocol reference 3.4). */
export function decodeStarted(payload: Uint8Array): DebuggeeInfo {
  const started = decodeDebuggeeStartedPayload(payload);
  return {
    portAddress: started.PortAddress,
    baudRate: started.Baudrate,
    kernelBase: started.KernelBaseAddress,
    osName: started.OsName,
  };
}

/** DEBUGGER_UPDATE_SYMBOL_TABLE (protocol reference 8.1). */
export function decodeSymbolUpdate(payload: Uint8Array): {
  total: number;
  index: number;
  module: ModuleRecord;
} {
  const table = DEBUGGER_UPDATE_SYMBOL_TABLE.decode(payload);
  const detail = table.SymbolDetailPacket;
  return {
    total: table.TotalSymbols,
    index: table.CurrentSymbolIndex,
    module: {
      isSymbolDetailsFound: detail.IsSymbolDetailsFound,
      isLocalSymbolPath: detail.IsLocalSymbolPath,
      isUserMode: detail.IsUserMode,
      is32Bit: detail.Is32Bit,
      baseAddress: detail.BaseAddress,
      filePath: detail.FilePath,
      pdbName: detail.ModuleSymbolPath,
      guidAndAge: detail.ModuleSymbolGuidAndAge,
    },
  };
}

/**
 * DEBUGGEE_SYMBOL_UPDATE_RESULT (a63): the low 32 bits of the u64 KernelStatus, which holds
 * 0x00000000FFFFFFFF on success (compare with STATUS_SUCCESS).
 */
export function decodeSymbolUpdateResult(payload: Uint8Array): number {
  return Number(BigInt.asUintN(32, DEBUGGEE_SYMBOL_UPDATE_RESULT.decode(payload).KernelStatus));
}

/** a41: OperationCode u32 + text up to the first NUL or the end of the frame. */
export function decodeLogPacket(payload: Uint8Array): { operationCode: number; text: string } {
  const { operationCode, text } = decodeLogPayload(payload);
  return { operationCode, text };
}

/** DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER. */
export function encodeTestQuery(requestType: number, context = 0n): Uint8Array {
  return DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode({ RequestType: requestType, Context: context });
}

/** DEBUGGEE_USER_INPUT_PACKET + command text + NUL. */
export function encodeUserInput(text: string, ignoreFinishedSignal: boolean): Uint8Array {
  return encodeUserInputPayload(text, ignoreFinishedSignal);
}

/** Largest forwarded command text (without NUL) the debuggee accepts (protocol reference 2.5). */
export const MAX_USER_INPUT_TEXT = MAX_USER_INPUT_PAYLOAD_BYTES - DEBUGGEE_USER_INPUT_PACKET.size - 1;

/**
 * A response that echoes its request, as hyperkd answers most requests: the request's bytes
 * (at least one whole struct) with `changes` written into its leading struct, typically the
 * status field. Bytes after the struct are kept.
 */
export function echoWithChanges<T>(
  request: Uint8Array,
  codec: StructCodec<T>,
  changes: DeepPartial<T>,
): Uint8Array {
  const out = new Uint8Array(Math.max(request.length, codec.size));
  out.set(request);
  codec.encodeInto(out, 0, { ...codec.decode(out), ...changes } as DeepPartial<T>);
  return out;
}
