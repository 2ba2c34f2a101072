import {
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
  DEBUGGEE_USER_INPUT_PACKET,
  decodeDebuggeeStartedPayload,
  decodeLogPayload,
  DEBUGGER_OPERATION_WAS_SUCCESSFUL,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION,
  DEBUGGER_REMOTE_PACKET_TYPE,
  encodeUserInputPayload,
  MAX_USER_INPUT_PAYLOAD_BYTES,
  type DeepPartial,
  type StructCodec,
} from '../../shared/protocol';
import type { DebuggeeInfo, ModuleRecord } from './link';

/** Short names for the requested actions this layer uses (values from the generated v0.23 enum). */
const A = DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION;
export const Action = {
  userPause: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE,
  userDoNotReadAnyPacket: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DO_NOT_READ_ANY_PACKET,
  userDebuggerVersion: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
  ping: A.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION,
  step: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP,
  continue: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE,
  closeAndUnload: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CLOSE_AND_UNLOAD_DEBUGGEE,
  changeCore: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_CORE,
  flushBuffers: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_FLUSH_BUFFERS,
  callstack: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK,
  testQuery: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY,
  changeProcess: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS,
  changeThread: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_THREAD,
  runScript: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_RUN_SCRIPT,
  userInputBuffer: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER,
  readRegisters: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS,
  readMemory: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY,
  editMemory: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY,
  bp: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP,
  listOrModifyBreakpoints: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_LIST_OR_MODIFY_BREAKPOINTS,
  symbolReload: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_RELOAD,
  va2paPa2va: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PA2VA_AND_VA2PA,
  pte: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_QUERY_PTE,
  started: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_STARTED,
  logging: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_LOGGING_MECHANISM,
  paused: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
  resultChangingCore: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_CORE,
  resultChangingProcess: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_PROCESS,
  resultChangingThread: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_THREAD,
  resultRunningScript: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_RUNNING_SCRIPT,
  resultFormats: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_FORMATS,
  resultFlush: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_FLUSH,
  resultCallstack: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CALLSTACK,
  resultTestQuery: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_TEST_QUERY,
  resultRegisteringEvent: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT,
  resultAddingActionToEvent:
    A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_ADDING_ACTION_TO_EVENT,
  resultQueryAndModifyEvent:
    A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_AND_MODIFY_EVENT,
  resultReadingRegisters: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS,
  resultReadingMemory: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_MEMORY,
  resultEditingMemory: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_EDITING_MEMORY,
  resultBp: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BP,
  resultShortCircuitingState:
    A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_SHORT_CIRCUITING_STATE,
  resultListOrModifyBreakpoints:
    A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_LIST_OR_MODIFY_BREAKPOINTS,
  updateSymbolInfo: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_UPDATE_SYMBOL_INFO,
  reloadSymbolFinished: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED,
  resultPte: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PTE,
  resultVa2paPa2va: A.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_VA2PA_AND_PA2VA,
} as const;

const T = DEBUGGER_REMOTE_PACKET_TYPE;
export const PacketType = {
  vmxRoot: T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_VMX_ROOT,
  userMode: T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_USER_MODE,
  debuggeeToDebugger: T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGEE_TO_DEBUGGER,
} as const;

export const STATUS_SUCCESS = DEBUGGER_OPERATION_WAS_SUCCESSFUL;

export { pausingReasonName } from './pausing-reasons';

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
