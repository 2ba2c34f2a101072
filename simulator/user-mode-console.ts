import { createGlobalState, type ScriptGlobalState } from '../shared/script/eval';
import type { PoolManager } from './pool-manager';

/**
 * What the forwarded commands of the debuggee's user-mode HyperDbg share: the host they run on
 * (its console, driver IOCTLs and the state its globals keep between commands), HyperDbg's token
 * and number rules, and its "incorrect use" message.
 */

export interface UserModeHost {
  readonly pools: PoolManager;
  readonly coreCount: number;
  /** ShowMessages while connected: one logging packet per call */
  print(text: string): void;
  activateModeExecTrap(): void;
  /** user-mode modules of the debuggee's HyperDbg process, then kernel modules */
  modules(): readonly ModuleView[];
  /** CPUID as user mode sees it (under HyperDbg's hypervisor) */
  cpuid(leaf: number, subLeaf: number): readonly [number, number, number, number];
  /** the MSR on `core` as the driver's DPC reads it */
  readMsr(core: number, msr: number): bigint;
  writeMsr(core: number, msr: number, value: bigint): void;
  /** whether a process with this id exists and has a PEB (the user-mode debugger can attach) */
  attachable(pid: number): boolean;
  readonly state: UserModeState;
}

export interface ModuleView {
  isUserMode: boolean;
  base: bigint;
  size: number;
  entryPoint: bigint;
  /** file name, e.g. ntoskrnl.exe */
  name: string;
  filePath: string;
}

/**
 * The user-mode HyperDbg's globals that outlive one command on the debuggee. After `.debug
 * prepare` the kd and vmm modules are loaded and the trace module is not.
 */
interface UserModeState {
  /** set by the first `.attach`/`.start` (UdInitializeUserDebugger) */
  userDebuggerInitialized: boolean;
  /** `load trace` ran */
  hyperTraceLoaded: boolean;
  /** the path of the last `.start` (g_StartCommandPath), for `.restart` */
  startPath: string | undefined;
  /** hwdbg's test pins (g_HwdbgPinsStatus), the registers of `!hw eval` scripts */
  readonly hwdbgPins: Map<number, bigint>;
  /** the user-mode script engine's global variables (g_ScriptGlobalVariables) */
  readonly scriptGlobals: ScriptGlobalState;
}

export function freshUserModeState(): UserModeState {
  return {
    userDebuggerInitialized: false,
    hyperTraceLoaded: false,
    startPath: undefined,
    hwdbgPins: new Map(),
    scriptGlobals: createGlobalState(),
  };
}

/** Splits like HyperDbg's tokenizer for the simple commands handled here (whitespace-separated). */
export function tokens(command: string): string[] {
  return command
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** "incorrect use of the 'X'" and the command's help, as every CommandXxx prints it. */
export function usage(host: UserModeHost, command: string, help: readonly string[], prefix = ''): void {
  host.print(`${prefix}incorrect use of the '${command}'${prefix ? ' command' : ''}\n\n`);
  for (const line of help) host.print(line);
}
