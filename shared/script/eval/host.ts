/**
 * What the evaluator needs from its surroundings: the debuggee's registers, pseudo-registers and
 * memory, the place where script output goes, and the event / break machinery that HyperDbg's
 * script functions drive. The simulator implements it over its model machine; the GUI implements
 * it over a snapshot to preview `?` results offline.
 */
export interface ScriptHost {
  /** Register by its REGS_ENUM index (0 rax .. 119 dr7), as the wire's REGISTER symbols carry it. */
  readRegister(id: number): bigint;
  writeRegister(id: number, value: bigint): void;
  /**
   * Pseudo-register by its PSEUDO_REGISTER_* index (0 $pid .. 15 $time). `$pname`, `$date` and
   * `$time` are addresses of NUL-terminated text readable through `readMemory`. HyperDbg answers an
   * unknown index with INVALID (0x80000000).
   */
  readPseudoRegister(id: number): bigint;
  /** Virtual memory of the debuggee; undefined when any byte of the range is not mapped. */
  readMemory(address: bigint, size: number): Uint8Array | undefined;
  /** Returns false when any byte of the range is not mapped or not writable. */
  writeMemory(address: bigint, bytes: Uint8Array): boolean;
  /** Physical memory (`*_pa` functions); absent means no physical address is valid. */
  readPhysicalMemory?(address: bigint, size: number): Uint8Array | undefined;
  writePhysicalMemory?(address: bigint, bytes: Uint8Array): boolean;
  /** `virtual_to_physical` / `physical_to_virtual`: 0 when there is no translation (as HyperDbg). */
  virtualToPhysical?(address: bigint): bigint;
  physicalToVirtual?(address: bigint): bigint;
  /** Text the debuggee logs: `print`, `printf`, and HyperDbg's own error lines. */
  output(text: string): void;
  /** `test_statement(x)` (HyperDbg's test harness hook). */
  testStatement?(value: bigint): void;
  /** `formats(x)`: the value the debuggee sends back to the debugger for `.formats`. */
  formats?(value: bigint): void;
  /**
   * `pause()`: break to the debugger. Return false when a break is not allowed (the script runs
   * from `?` or outside the kernel debugger); the evaluator then logs HyperDbg's refusal message.
   */
  pause?(): boolean;
  /** `flush()`: mark every pending log buffer as read. */
  flush?(): void;
  /** `event_enable/disable/clear(id)`: `tag` = id + 0x1000000; return false for an unknown tag. */
  eventEnable?(tag: bigint): boolean;
  eventDisable?(tag: bigint): boolean;
  eventClear?(tag: bigint): boolean;
  /** `event_sc(state)` in the pre-event stage: short-circuit (true) or not (false) the event. */
  eventShortCircuit?(enabled: boolean): void;
  /** `event_inject(type, vector)` / `event_inject_error_code(type, vector, code)`, already validated. */
  eventInject?(interruptionType: number, vector: number, errorCode?: number): void;
  /** `event_trace_step*` and `event_trace_instrumentation_step*`. */
  traceStep?(kind: 'step-in' | 'instrumentation-step'): void;
  microSleep?(microseconds: bigint): void;
  rdtsc?(): bigint;
  rdtscp?(): bigint;
  /** `disassemble_len*`: instruction length at an address, 0 when it cannot be decoded. */
  disassembleLength?(address: bigint, is32Bit: boolean): bigint;
  /** `lbr_*` functions (Intel LBR); their return values. Absent means 0. */
  lbr?(operation: 'save' | 'print' | 'check' | 'restore' | 'restore-by-filter', filter?: bigint): bigint;
  /**
   * Valid-address check (HyperDbg's CheckAccessValidityAndSafety). Optional: without it a range
   * is valid when `readMemory` returns bytes for it.
   */
  isAddressValid?(address: bigint, size: number): boolean;
}

/** HyperDbg's limits (Constants.h), which the evaluator enforces the same way. */
export const MAX_STACK_BUFFER_COUNT = 256;
export const MAX_VAR_COUNT = 512;
export const MAX_EXECUTION_COUNT = 1_000_000;

/**
 * The session-wide global variable table (`.name` variables). HyperDbg keeps one table for the
 * whole debuggee (`g_ScriptGlobalVariables`); keep one object per session and pass it to every run.
 */
export interface ScriptGlobalState {
  readonly globals: BigUint64Array;
}

export function createGlobalState(): ScriptGlobalState {
  return { globals: new BigUint64Array(MAX_VAR_COUNT) };
}

export interface EvalOptions {
  /**
   * Instructions after which the run stops with HyperDbg's "exceeding the max execution count"
   * message. Defaults to HyperDbg's MAX_EXECUTION_COUNT (1,000,000).
   */
  maxInstructions?: number;
  /** The run is an event's action in the post-event (emulation done) stage; `event_sc` then only warns. */
  postEventStage?: boolean;
}

export interface EvalResult {
  /** False when the run stopped on an error (the same cases in which HyperDbg aborts a script). */
  ok: boolean;
  /** Why the run stopped, in HyperDbg's words (also sent to `output` as the debuggee logs it). */
  error?: string;
  /** Instructions (operator symbols) executed. */
  instructions: number;
  /** The last value passed to `formats()` in this run. */
  formatsValue?: bigint;
  /** The last value passed to `test_statement()` in this run. */
  testStatementValue?: bigint;
}
