/**
 * Every HyperDbg v0.23 structure that crosses the kernel-debugger link (protocol reference,
 * section 4.2 and Appendix A), declared in header order with the headers' field names. Offsets
 * are computed by struct.ts and checked against the compiler's layouts in structs.test.ts.
 */
import {
  array,
  bool,
  bytes,
  chars,
  defineStruct,
  enum32,
  pointer,
  struct,
  u16,
  u32,
  u64,
  u8,
  type StructValue,
} from './struct';

// ---- Framing ---------------------------------------------------------------------------------

export const DEBUGGER_REMOTE_PACKET = defineStruct('DEBUGGER_REMOTE_PACKET', {
  Checksum: u8,
  Indicator: u64,
  TypeOfThePacket: enum32,
  RequestedActionOfThePacket: enum32,
});

// ---- Session start / symbols -----------------------------------------------------------------

/** 280 bytes; the DEBUGGEE_STARTED packet carries only its first 256 (DEBUGGEE_STARTED_PAYLOAD_SIZE). */
export const DEBUGGER_PREPARE_DEBUGGEE = defineStruct('DEBUGGER_PREPARE_DEBUGGEE', {
  PortAddress: u32,
  Baudrate: u32,
  KernelBaseAddress: u64,
  Result: u32,
  OsName: chars(256),
});

export const MODULE_SYMBOL_DETAIL = defineStruct('MODULE_SYMBOL_DETAIL', {
  IsSymbolDetailsFound: bool,
  IsLocalSymbolPath: bool,
  IsSymbolPDBAvaliable: bool,
  IsUserMode: bool,
  Is32Bit: bool,
  BaseAddress: u64,
  FilePath: chars(260, 'char[260]'),
  ModuleSymbolPath: chars(260, 'char[260]'),
  ModuleSymbolGuidAndAge: chars(60, 'char[60]'),
});

export const DEBUGGER_UPDATE_SYMBOL_TABLE = defineStruct('DEBUGGER_UPDATE_SYMBOL_TABLE', {
  TotalSymbols: u32,
  CurrentSymbolIndex: u32,
  SymbolDetailPacket: struct(MODULE_SYMBOL_DETAIL),
});

export const DEBUGGEE_SYMBOL_UPDATE_RESULT = defineStruct('DEBUGGEE_SYMBOL_UPDATE_RESULT', {
  KernelStatus: u64,
});

export const DEBUGGEE_SYMBOL_REQUEST_PACKET = defineStruct('DEBUGGEE_SYMBOL_REQUEST_PACKET', {
  ProcessId: u32,
});

// ---- Halts, stepping, registers --------------------------------------------------------------

export const DEBUGGEE_KD_PAUSED_PACKET = defineStruct('DEBUGGEE_KD_PAUSED_PACKET', {
  Rip: u64,
  IsProcessorOn32BitMode: bool,
  IgnoreDisassembling: bool,
  PausingReason: enum32,
  CurrentCore: u32,
  EventTag: u64,
  EventCallingStage: enum32,
  Rflags: u64,
  InstructionBytesOnRip: bytes(16),
  ReadInstructionLen: u16,
});

export const DEBUGGEE_STEP_PACKET = defineStruct('DEBUGGEE_STEP_PACKET', {
  StepType: enum32,
  IsCurrentInstructionACall: bool,
  CallLength: u32,
});

export const DEBUGGEE_CHANGE_CORE_PACKET = defineStruct('DEBUGGEE_CHANGE_CORE_PACKET', {
  NewCore: u32,
  Result: u32,
});

export const DEBUGGEE_REGISTER_READ_DESCRIPTION = defineStruct('DEBUGGEE_REGISTER_READ_DESCRIPTION', {
  RegisterId: u32,
  Value: u64,
  KernelStatus: u32,
});

export const DEBUGGEE_REGISTER_WRITE_DESCRIPTION = defineStruct('DEBUGGEE_REGISTER_WRITE_DESCRIPTION', {
  RegisterId: u32,
  Value: u64,
  KernelStatus: u32,
});

/** `#pragma pack(1)` in BasicTypes.h (same offsets, alignment 1). */
export const GUEST_REGS = defineStruct(
  'GUEST_REGS',
  {
    rax: u64,
    rcx: u64,
    rdx: u64,
    rbx: u64,
    rsp: u64,
    rbp: u64,
    rsi: u64,
    rdi: u64,
    r8: u64,
    r9: u64,
    r10: u64,
    r11: u64,
    r12: u64,
    r13: u64,
    r14: u64,
    r15: u64,
  },
  { pack: 1 },
);

export type GuestRegName = keyof StructValue<typeof GUEST_REGS>;

/**
 * The general-purpose registers in GUEST_REGS order (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi,
 * r8..r15): the order hyperkd saves them and sends them in the all-registers response. Every
 * register list that follows this order derives from here.
 */
export const GUEST_REGS_NAMES: readonly GuestRegName[] = GUEST_REGS.fields.map(
  (field) => field.name as GuestRegName,
);

/** Note the segment order: CS, DS, FS, GS, ES, SS. */
export const GUEST_EXTRA_REGISTERS = defineStruct('GUEST_EXTRA_REGISTERS', {
  CS: u16,
  DS: u16,
  FS: u16,
  GS: u16,
  ES: u16,
  SS: u16,
  RFLAGS: u64,
  RIP: u64,
});

// ---- Memory ----------------------------------------------------------------------------------

export const DEBUGGER_READ_MEMORY = defineStruct('DEBUGGER_READ_MEMORY', {
  Pid: u32,
  Address: u64,
  Size: u32,
  GetAddressMode: bool,
  AddressMode: enum32,
  MemoryType: enum32,
  ReadingType: enum32,
  ReturnLength: u32,
  KernelStatus: u32,
});

export const DEBUGGER_EDIT_MEMORY = defineStruct('DEBUGGER_EDIT_MEMORY', {
  Result: u32,
  Address: u64,
  ProcessId: u32,
  MemoryType: enum32,
  ByteSize: enum32,
  CountOf64Chunks: u32,
  FinalStructureSize: u32,
});

export const DEBUGGER_SEARCH_MEMORY = defineStruct('DEBUGGER_SEARCH_MEMORY', {
  Address: u64,
  Length: u64,
  ProcessId: u32,
  MemoryType: enum32,
  ByteSize: enum32,
  CountOf64Chunks: u32,
  FinalStructureSize: u32,
});

export const DEBUGGEE_RESULT_OF_SEARCH_PACKET = defineStruct('DEBUGGEE_RESULT_OF_SEARCH_PACKET', {
  CountOfResults: u32,
  Result: u32,
});

export const DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS = defineStruct(
  'DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS',
  {
    VirtualAddress: u64,
    ProcessId: u32,
    Pml4eVirtualAddress: u64,
    Pml4eValue: u64,
    PdpteVirtualAddress: u64,
    PdpteValue: u64,
    PdeVirtualAddress: u64,
    PdeValue: u64,
    PteVirtualAddress: u64,
    PteValue: u64,
    KernelStatus: u32,
  },
);

export const DEBUGGER_VA2PA_AND_PA2VA_COMMANDS = defineStruct('DEBUGGER_VA2PA_AND_PA2VA_COMMANDS', {
  VirtualAddress: u64,
  PhysicalAddress: u64,
  ProcessId: u32,
  IsVirtual2Physical: bool,
  KernelStatus: u32,
});

export const DEBUGGER_PAGE_IN_REQUEST = defineStruct('DEBUGGER_PAGE_IN_REQUEST', {
  VirtualAddressFrom: u64,
  VirtualAddressTo: u64,
  ProcessId: u32,
  PageFaultErrorCode: u32,
  KernelStatus: u32,
});

// ---- Processes, threads, call stack ----------------------------------------------------------

export const DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS = defineStruct('DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS', {
  PsActiveProcessHead: u64,
  ImageFileNameOffset: u32,
  UniquePidOffset: u32,
  ActiveProcessLinksOffset: u32,
});

export const DEBUGGEE_THREAD_LIST_NEEDED_DETAILS = defineStruct('DEBUGGEE_THREAD_LIST_NEEDED_DETAILS', {
  ThreadListHeadOffset: u32,
  ThreadListEntryOffset: u32,
  CidOffset: u32,
  PsActiveProcessHead: u64,
  ActiveProcessLinksOffset: u32,
  Process: u64,
});

export const DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET = defineStruct(
  'DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET',
  {
    ActionType: enum32,
    ProcessId: u32,
    Process: u64,
    IsSwitchByClkIntr: bool,
    ProcessName: bytes(16, 'UCHAR[16]'),
    ProcessListSymDetails: struct(DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS),
    Result: u32,
  },
);

export const DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET = defineStruct(
  'DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET',
  {
    ActionType: enum32,
    ThreadId: u32,
    ProcessId: u32,
    Thread: u64,
    Process: u64,
    CheckByClockInterrupt: bool,
    ProcessName: bytes(16, 'UCHAR[16]'),
    ThreadListSymDetails: struct(DEBUGGEE_THREAD_LIST_NEEDED_DETAILS),
    Result: u32,
  },
);

export const DEBUGGER_SINGLE_CALLSTACK_FRAME = defineStruct('DEBUGGER_SINGLE_CALLSTACK_FRAME', {
  IsStackAddressValid: bool,
  IsValidAddress: bool,
  IsExecutable: bool,
  Value: u64,
  InstructionBytesOnRip: bytes(7),
});

export const DEBUGGER_CALLSTACK_REQUEST = defineStruct('DEBUGGER_CALLSTACK_REQUEST', {
  Is32Bit: bool,
  KernelStatus: u32,
  DisplayMethod: enum32,
  Size: u32,
  FrameCount: u32,
  BaseAddress: u64,
  BufferSize: u64,
});

// ---- Scripts, commands, breakpoints, queries -------------------------------------------------

export const DEBUGGEE_SCRIPT_PACKET = defineStruct('DEBUGGEE_SCRIPT_PACKET', {
  ScriptBufferSize: u32,
  ScriptBufferPointer: u32,
  IsFormat: bool,
  FormatValue: u64,
  Result: u32,
});

export const DEBUGGEE_FORMATS_PACKET = defineStruct('DEBUGGEE_FORMATS_PACKET', {
  Value: u64,
  Result: u32,
});

export const DEBUGGEE_USER_INPUT_PACKET = defineStruct('DEBUGGEE_USER_INPUT_PACKET', {
  CommandLen: u32,
  IgnoreFinishedSignal: bool,
  Result: u32,
});

export const DEBUGGEE_BP_PACKET = defineStruct('DEBUGGEE_BP_PACKET', {
  Address: u64,
  Pid: u32,
  Tid: u32,
  Core: u32,
  RemoveAfterHit: bool,
  CheckForCallbacks: bool,
  Result: u32,
});

export const DEBUGGEE_BP_LIST_OR_MODIFY_PACKET = defineStruct('DEBUGGEE_BP_LIST_OR_MODIFY_PACKET', {
  BreakpointId: u64,
  Request: enum32,
  Result: u32,
});

export const DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER = defineStruct('DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER', {
  RequestType: enum32,
  Context: u64,
  KernelStatus: u32,
});

export const DEBUGGER_FLUSH_LOGGING_BUFFERS = defineStruct('DEBUGGER_FLUSH_LOGGING_BUFFERS', {
  KernelStatus: u32,
  CountOfMessagesThatSetAsReadFromVmxRoot: u32,
  CountOfMessagesThatSetAsReadFromVmxNonRoot: u32,
});

export const DEBUGGER_CPUID_REQUEST_RESPONSE = defineStruct('DEBUGGER_CPUID_REQUEST_RESPONSE', {
  BrandString: chars(49),
  EAX: u32,
  EBX: u32,
  ECX: u32,
  EDX: u32,
  FunctionId: u32,
  SubFunctionId: u32,
  Leaf4MaxSubLeaf: u32,
  LeafBMaxSubleaf: u32,
  Leaf12MaxSubLeaf: u32,
  LeafEaxMaxSubleaf: u32,
  LeafBSupported: bool,
  Leaf12Supported: bool,
  XCR0Vector: u64,
  IA32_XSS_Vector: u64,
  KernelStatus: u32,
});

export const DEBUGGER_APIC_REQUEST = defineStruct('DEBUGGER_APIC_REQUEST', {
  ApicType: enum32,
  IsUsingX2APIC: bool,
  KernelStatus: u32,
});

export const SMI_OPERATION_PACKETS = defineStruct('SMI_OPERATION_PACKETS', {
  SmiOperationType: enum32,
  SmiCount: u64,
  KernelStatus: u32,
});

export const INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS = defineStruct(
  'INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS',
  {
    KernelStatus: u32,
    IdtEntry: array(u64, 256),
  },
);

/** Debuggee-internal (IOCTL), listed because `prealloc` is forwarded as text and this is its result shape. */
export const DEBUGGER_PREALLOC_COMMAND = defineStruct('DEBUGGER_PREALLOC_COMMAND', {
  Type: enum32,
  Count: u32,
  KernelStatus: u32,
});

// ---- Events and actions ----------------------------------------------------------------------

export const LIST_ENTRY = defineStruct('LIST_ENTRY', {
  Flink: pointer,
  Blink: pointer,
});

export const DEBUGGER_EVENT_OPTIONS = defineStruct('DEBUGGER_EVENT_OPTIONS', {
  OptionalParam1: u64,
  OptionalParam2: u64,
  OptionalParam3: u64,
  OptionalParam4: u64,
  OptionalParam5: u64,
  OptionalParam6: u64,
});

export const DEBUGGER_GENERAL_EVENT_DETAIL = defineStruct('DEBUGGER_GENERAL_EVENT_DETAIL', {
  CommandsEventList: struct(LIST_ENTRY),
  CoreId: u32,
  ProcessId: u32,
  IsEnabled: bool,
  EnableShortCircuiting: bool,
  EventStage: enum32,
  HasCustomOutput: bool,
  OutputSourceTags: array(u64, 5),
  CountOfActions: u32,
  Tag: u64,
  EventType: enum32,
  Options: struct(DEBUGGER_EVENT_OPTIONS),
  CommandStringBuffer: pointer,
  ConditionBufferSize: u32,
});

export const DEBUGGER_GENERAL_ACTION = defineStruct('DEBUGGER_GENERAL_ACTION', {
  EventTag: u64,
  ActionType: enum32,
  ImmediateMessagePassing: bool,
  PreAllocatedBuffer: u32,
  CustomCodeBufferSize: u32,
  ScriptBufferSize: u32,
  ScriptBufferPointer: u32,
});

/** The u32 length prefix in front of an event or action (REGISTER_EVENT / ADD_ACTION). */
export const DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET = defineStruct(
  'DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET',
  { Length: u32 },
);

export const DEBUGGER_EVENT_AND_ACTION_RESULT = defineStruct('DEBUGGER_EVENT_AND_ACTION_RESULT', {
  IsSuccessful: bool,
  Error: u32,
});

export const DEBUGGER_MODIFY_EVENTS = defineStruct('DEBUGGER_MODIFY_EVENTS', {
  Tag: u64,
  KernelStatus: u64,
  TypeOfAction: enum32,
  IsEnabled: bool,
});

export const DEBUGGER_SHORT_CIRCUITING_EVENT = defineStruct('DEBUGGER_SHORT_CIRCUITING_EVENT', {
  KernelStatus: u64,
  IsShortCircuiting: bool,
});

/** Script bytecode element (ScriptEngineCommonDefinitions.h): the unit of DEBUGGEE_SCRIPT_PACKET's buffer. */
export const SYMBOL = defineStruct('SYMBOL', {
  Type: u64,
  Len: u64,
  Value: u64,
});

/** Every codec above, by HyperDbg name: drives `hds layouts` and the layout tests. */
export const STRUCTS = {
  DEBUGGER_REMOTE_PACKET,
  DEBUGGER_PREPARE_DEBUGGEE,
  MODULE_SYMBOL_DETAIL,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGEE_SYMBOL_REQUEST_PACKET,
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_STEP_PACKET,
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_REGISTER_WRITE_DESCRIPTION,
  GUEST_REGS,
  GUEST_EXTRA_REGISTERS,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_SEARCH_MEMORY,
  DEBUGGEE_RESULT_OF_SEARCH_PACKET,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
  DEBUGGER_PAGE_IN_REQUEST,
  DEBUGGEE_PROCESS_LIST_NEEDED_DETAILS,
  DEBUGGEE_THREAD_LIST_NEEDED_DETAILS,
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGER_SINGLE_CALLSTACK_FRAME,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGEE_FORMATS_PACKET,
  DEBUGGEE_USER_INPUT_PACKET,
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_BP_LIST_OR_MODIFY_PACKET,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  DEBUGGER_APIC_REQUEST,
  SMI_OPERATION_PACKETS,
  INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS,
  DEBUGGER_PREALLOC_COMMAND,
  LIST_ENTRY,
  DEBUGGER_EVENT_OPTIONS,
  DEBUGGER_GENERAL_EVENT_DETAIL,
  DEBUGGER_GENERAL_ACTION,
  DEBUGGEE_EVENT_AND_ACTION_HEADER_FOR_REMOTE_PACKET,
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_SHORT_CIRCUITING_EVENT,
  SYMBOL,
} as const;

export type DebuggerPrepareDebuggee = StructValue<typeof DEBUGGER_PREPARE_DEBUGGEE>;
export type DebuggeeRegisterReadDescription = StructValue<typeof DEBUGGEE_REGISTER_READ_DESCRIPTION>;
export type GuestRegs = StructValue<typeof GUEST_REGS>;
export type GuestExtraRegisters = StructValue<typeof GUEST_EXTRA_REGISTERS>;
export type DebuggerReadMemory = StructValue<typeof DEBUGGER_READ_MEMORY>;
export type DebuggerEditMemory = StructValue<typeof DEBUGGER_EDIT_MEMORY>;
export type DebuggerSearchMemory = StructValue<typeof DEBUGGER_SEARCH_MEMORY>;
export type DebuggerSingleCallstackFrame = StructValue<typeof DEBUGGER_SINGLE_CALLSTACK_FRAME>;
export type DebuggerCallstackRequest = StructValue<typeof DEBUGGER_CALLSTACK_REQUEST>;
export type DebuggeeScriptPacket = StructValue<typeof DEBUGGEE_SCRIPT_PACKET>;
export type DebuggeeUserInputPacket = StructValue<typeof DEBUGGEE_USER_INPUT_PACKET>;
export type DebuggerGeneralEventDetail = StructValue<typeof DEBUGGER_GENERAL_EVENT_DETAIL>;
export type DebuggerGeneralAction = StructValue<typeof DEBUGGER_GENERAL_ACTION>;
