import { FrameDecoder, type Frame, type FrameDiagnostic } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_PAUSING_REASON,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_REMOTE_PACKET_TYPE,
} from '../shared/protocol/generated/enums';
import { encodeDebuggeeStartedPayload, encodeLogPayload } from '../shared/protocol/payloads';
import {
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
} from '../shared/protocol/structs';
import { ActionType, CallingStage, EventTable, EventType, type SimEvent } from './event-table';
import {
  formatKernelLog,
  LEVEL_OPERATION_CODE,
  NonImmediateBuffer,
  SimulatedClock,
  type LogLevel,
} from './kernel-log';
import { DEBUGGEE_HYPERDBG_PID, Machine, SYSTEM_PID } from './machine';
import { createStartupPools, PoolManager } from './pool-manager';
import { Rng } from './rng';
import { runForwardedCommand } from './user-mode';
import { freshUserModeState } from './user-mode-console';
import { cString, encodeAsDebuggeeSends, latin1 } from './wire';
import { eventMatchesHit, hasPostStage, Workload, type Hit } from './workload';
import { KernelRequests } from './kernel-requests';
import { Processor } from './cpu/processor';
import { Mnemonic, OpKind, Register } from 'iced-x86';
import { GPR_NAMES, type GprName } from './registers';
import { decodeAt } from './cpu/executor';
import { ScriptRunner, type ScriptContext } from './script-runner';

/**
 * The simulated HyperDbg v0.23 debuggee: the user-mode handshake, the user-mode listener that
 * reads type-2 packets while the debuggee runs, hyperkd's halted command loop that reads type-1
 * packets, and the running machine whose events fire from a seeded workload. Pure and
 * transport-free: bytes come in through `receive`, go out through the `output` callback, and
 * time only passes when the caller runs the workload or asks for a handshake retry.
 */

export interface SimulatorOptions {
  /** seed of every random choice (machine layout, workload, faults) */
  seed: number;
  cores: number;
  /** build signature the debuggee accepts in the handshake (`0.2.0-YYYYMMDD.HHMM`) */
  signature: string;
  osName: string;
  kernelBase: bigint;
  baudRate: number;
  /** UART base of the debuggee's COM port (COM2 by default, the usual VM case) */
  portAddress: number;
  /** debuggee local time at start-up, milliseconds after midnight (log prefixes) */
  clockStartMs: number;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  seed: 1,
  cores: 4,
  signature: '0.2.0-20250101.1200',
  osName: 'Windows 10 Pro - Client 22H2 (OS Build 19045)',
  kernelBase: 0xfffff80163a00000n,
  baudRate: 115200,
  portAddress: 0x2f8,
  clockStartMs: 12 * 3600 * 1000,
};

export type DebuggeeState =
  /** pinging, waiting for the debugger's version answer */
  | 'handshake'
  /** the handshake failed (wrong signature, wrong answer); the debuggee's prepare aborted */
  | 'aborted'
  | 'running'
  | 'paused'
  /** closed by `.debug close`; nothing is read or sent any more */
  | 'unloaded';

const T = DEBUGGER_REMOTE_PACKET_TYPE;
const R = DEBUGGEE_PAUSING_REASON;
const KD_DISPATCH = 'KdDispatchAndPerformCommandsFromDebugger';
/** where a halt the debuggee's own HyperDbg asks for stops: back in hyperkd's dispatcher */
const HALT_FUNCTION = KD_DISPATCH;

export interface HaltDetails {
  reason: number;
  tag?: bigint;
  stage?: number;
  ignoreDisassembling?: boolean;
}

/** What the debuggee does right after resuming (forwarded command, symbol reload, step, switch). */
type ResumeContinuation = () => void;

export class SimulatedDebuggee {
  readonly options: SimulatorOptions;
  readonly machine: Machine;
  readonly pools: PoolManager;
  readonly events: EventTable;
  readonly clock: SimulatedClock;
  readonly rng: Rng;
  readonly processor: Processor;
  private readonly workload: Workload;
  private readonly decoder: FrameDecoder;
  private readonly requests: KernelRequests;
  readonly scripts: ScriptRunner;
  private currentState: DebuggeeState = 'handshake';
  /** the core running hyperkd's command loop while halted */
  operatingCore = 0;
  /** the user-mode listener thread reads type-2 packets (dead after a stray non-HyperDbg frame or do-not-read) */
  private listenerAlive = true;
  private desyncReported = false;
  private readonly nonImmediate = [new NonImmediateBuffer(), new NonImmediateBuffer()];
  /** the halt that the kernel loop is in: tag and stage for scripts run with `?` */
  haltTag = 0n;
  haltStage = 0;
  /** whether the current hit's core already has its caller chain's stack */
  private hitPlaced = false;
  /** continuation of an event/breakpoint hit that broke to the debugger in the middle */
  private suspendedHit: Generator<void, void, void> | undefined;
  ignoreDisasmInNextPacket = false;
  /** TEST_QUERY 6/7: breakpoints and events are not handled while a forwarded command runs */
  interceptEventsForRemoteCommands = false;
  /** TEST_QUERY 4/5 */
  interceptBreakpoints = false;
  modeExecTrapReady = false;
  /** the debuggee's user-mode HyperDbg globals that last between forwarded commands */
  private readonly userModeState = freshUserModeState();
  /** per-core short-circuit flag of the event execution the core is in */
  readonly shortCircuit: boolean[];

  constructor(
    options: Partial<SimulatorOptions>,
    private readonly output: (bytes: Uint8Array) => void,
  ) {
    this.options = { ...DEFAULT_SIMULATOR_OPTIONS, ...options };
    this.rng = new Rng(this.options.seed);
    this.clock = new SimulatedClock(this.options.clockStartMs);
    this.machine = new Machine({ cores: this.options.cores, kernelBase: this.options.kernelBase }, this.rng);
    // the pools are filled from IOCTLs, in VMX non-root
    this.pools = createStartupPools(this.options.cores, () =>
      this.kernelLog('error', 'PoolManagerAllocateAndAddToPoolTable', 294, 'Err, insufficient memory', false),
    );
    this.shortCircuit = Array.from({ length: this.options.cores }, () => false);
    this.events = new EventTable(this.pools, {
      coreCount: this.options.cores,
      currentProcessId: () => this.currentPid(),
      modeExecTrapReady: () => this.modeExecTrapReady,
      translate: (va) => this.machine.translate(va, this.currentPid()),
      isValidPhysical: (pa) => this.machine.isValidPhysical(pa),
      logError: (fn, line, text) => this.kernelLog('error', fn, line, text),
    });
    this.decoder = new FrameDecoder({
      acceptedTypes: [1, 2, 3, 4, 5],
      onDiagnostic: (d) => this.onDiagnostic(d),
    });
    this.requests = new KernelRequests(this);
    this.scripts = new ScriptRunner(this);
    this.processor = new Processor(
      this.machine,
      () => this.clock.timeStampCounter(),
      (address, bytes) => this.requests.breakpoints.hideIn(address, bytes),
    );
    this.workload = new Workload(this.machine, this.processor.code, this.rng);
    // cores not yet halted run somewhere in the kernel, each between two instructions
    this.machine.cores.forEach((_, core) => this.processor.placeAt(core, this.workload.anyBoundary()));
  }

  get state(): DebuggeeState {
    return this.currentState;
  }

  /** `.debug prepare`: the first PING. */
  start(): void {
    this.ping();
  }

  /** The 5-second read timeout of the handshake expired: ping again (only while handshaking). */
  handshakeTimeout(): void {
    if (this.currentState === 'handshake') this.ping();
  }

  /** Bytes from the debugger. */
  receive(chunk: Uint8Array): void {
    // Split after every 0xFF so that at most one frame (or diagnostic) completes per push and
    // frames and diagnostics are handled in arrival order, state changes included.
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0xff) continue;
      this.receivePiece(chunk.subarray(start, i + 1));
      start = i + 1;
    }
    if (start < chunk.length) this.receivePiece(chunk.subarray(start));
  }

  private receivePiece(piece: Uint8Array): void {
    if (!this.isReading()) return;
    for (const frame of this.decoder.push(piece)) this.onFrame(frame);
  }

  /** Whether anything on the debuggee reads the port right now. */
  private isReading(): boolean {
    if (this.currentState === 'running') return this.listenerAlive;
    return this.currentState === 'handshake' || this.currentState === 'paused';
  }

  // ---- output helpers --------------------------------------------------------------------------

  send(action: number, payload: Uint8Array = new Uint8Array(0)): void {
    this.output(encodeAsDebuggeeSends(T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGEE_TO_DEBUGGER, action, payload));
  }

  /** A LOGGING_MECHANISM packet. */
  sendLog(operationCode: number, text: Uint8Array): void {
    // hyperlog refuses buffers of PacketChunkSize or more (LogCallbackSendBuffer)
    if (text.length === 0 || text.length > C.PacketChunkSize - 1) return;
    this.send(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_LOGGING_MECHANISM,
      encodeLogPayload(operationCode, text),
    );
  }

  /** `LogInfo/LogWarning/LogError` on the operating core in VMX root. */
  kernelLog(level: LogLevel, functionName: string, line: number, message: string, vmxRoot = true): void {
    const text = formatKernelLog(this.clock, this.operatingCore, vmxRoot, level, functionName, line, message);
    this.sendLog(LEVEL_OPERATION_CODE[level], latin1(text));
  }

  /** `Log(...)`: no prefix, operation code 1. */
  kernelPrint(text: string): void {
    this.sendLog(C.OPERATION_LOG_INFO_MESSAGE, latin1(text));
  }

  /** The debuggee's user-mode `ShowMessages` while connected: one packet per call, code 1. */
  userPrint(text: string): void {
    this.sendLog(C.OPERATION_LOG_INFO_MESSAGE, latin1(text));
  }

  /** Script output (`LogSimpleWithTag`): text + NUL, immediate or accumulated (`imm no`). */
  scriptOutput(tag: bigint, immediate: boolean, text: string, vmxRoot = true): void {
    const message = latin1(text + '\0');
    if (immediate) {
      this.sendLog(Number(tag & 0xffffffffn), message);
      return;
    }
    const batch = this.nonImmediate[vmxRoot ? 1 : 0].add(message);
    if (batch) this.sendLog(C.OPERATION_LOG_NON_IMMEDIATE_MESSAGE, batch);
  }

  currentPid(): number {
    return this.machine.cores[this.operatingCore].pid;
  }

  // ---- handshake -------------------------------------------------------------------------------

  private ping(): void {
    this.send(RA.DEBUGGER_REMOTE_PACKET_PING_AND_SEND_SUPPORTED_VERSION);
  }

  private onHandshakeFrame(frame: Frame): void {
    if (frame.packetType !== T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_USER_MODE) {
      this.ping();
      return;
    }
    if (frame.action !== RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION) {
      this.currentState = 'aborted';
      return;
    }
    if (cString(frame.payload) !== this.options.signature) {
      // "the handshaking process was successful; however, there is a mismatch between the
      // version/build of the debuggee and the debugger" — printed locally; the debugger is not told.
      this.currentState = 'aborted';
      return;
    }
    this.startSession();
  }

  private startSession(): void {
    this.send(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_STARTED,
      encodeDebuggeeStartedPayload({
        PortAddress: this.options.portAddress,
        Baudrate: this.options.baudRate,
        KernelBaseAddress: this.options.kernelBase,
        Result: 0,
        OsName: this.options.osName,
      }),
    );
    this.sendSymbols(DEBUGGEE_HYPERDBG_PID);
    this.currentState = 'running';
  }

  /** a62 × N then a63, as the debuggee's user mode sends its module list. */
  sendSymbols(pid: number): void {
    const modules = this.machine.symbolModules(pid === 0 ? DEBUGGEE_HYPERDBG_PID : pid);
    modules.forEach((module, index) => {
      this.send(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_UPDATE_SYMBOL_INFO,
        DEBUGGER_UPDATE_SYMBOL_TABLE.encode({
          TotalSymbols: modules.length,
          CurrentSymbolIndex: index,
          SymbolDetailPacket: {
            IsSymbolDetailsFound: true,
            IsLocalSymbolPath: false,
            IsSymbolPDBAvaliable: false,
            IsUserMode: module.isUserMode,
            Is32Bit: false,
            BaseAddress: module.base,
            // the debuggee's user mode expands \SystemRoot in kernel module paths
            FilePath: module.filePath.replace(/^\\SystemRoot/i, 'C:\\Windows'),
            ModuleSymbolPath: module.pdbName,
            ModuleSymbolGuidAndAge: module.guidAndAge,
          },
        }),
      );
    });
    this.send(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED,
      DEBUGGEE_SYMBOL_UPDATE_RESULT.encode({ KernelStatus: BigInt(C.DEBUGGER_OPERATION_WAS_SUCCESSFUL) }),
    );
  }

  // ---- receive dispatch ------------------------------------------------------------------------

  private onDiagnostic(diagnostic: FrameDiagnostic): void {
    const state = this.currentState;
    const notHyperDbg = diagnostic.kind === 'bad-indicator' || diagnostic.kind === 'short-frame';
    if (state === 'handshake') {
      if (notHyperDbg) this.currentState = 'aborted';
      else if (diagnostic.kind === 'bad-checksum' || diagnostic.kind === 'unexpected-type') this.ping();
      return;
    }
    if (state === 'running') {
      if (notHyperDbg) {
        // The listener takes it for a GDB packet and executes a debug break: the debuggee's
        // HyperDbg process dies and break-in is no longer possible.
        this.listenerAlive = false;
      } else if (diagnostic.kind === 'bad-checksum') {
        this.userPrint('err checksum is invalid\n');
      } else if (diagnostic.kind === 'unexpected-type') {
        this.userPrint('err, unknown packet received from the debugger\n');
      } else if (diagnostic.kind === 'oversize-resync' && !this.desyncReported) {
        this.userPrint(
          'err, serial stream desynced in debuggee (a buffer exceeded the buffer limitation with no end marker); resyncing\n',
        );
        this.desyncReported = true;
      }
      return;
    }
    if (state === 'paused') {
      if (notHyperDbg)
        this.kernelLog(
          'error',
          KD_DISPATCH,
          3220,
          "Err, it's not a HyperDbg packet, the packet is probably deformed\n",
        );
      else if (diagnostic.kind === 'bad-checksum')
        this.kernelLog('error', KD_DISPATCH, 2330, 'Err, checksum is invalid');
      else if (diagnostic.kind === 'unexpected-type')
        this.kernelLog('error', KD_DISPATCH, 2343, 'Err, unknown packet received from the debugger\n');
      else if (diagnostic.kind === 'oversize-resync' && !this.desyncReported) {
        this.kernelLog(
          'warning',
          'SerialConnectionRecvBuffer',
          172,
          'Warning, serial stream desynced (exceeded the buffer limitation with no end marker); resyncing to the next frame',
        );
        this.desyncReported = true;
      }
    }
  }

  private onFrame(frame: Frame): void {
    this.desyncReported = false;
    switch (this.currentState) {
      case 'handshake':
        this.onHandshakeFrame(frame);
        return;
      case 'running':
        this.onListenerFrame(frame);
        return;
      case 'paused':
        this.onKernelFrame(frame);
        return;
      default:
        return;
    }
  }

  /** The user-mode listener (ListeningSerialPortInDebuggee). */
  private onListenerFrame(frame: Frame): void {
    if (frame.packetType !== T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_USER_MODE) {
      this.userPrint('err, unknown packet received from the debugger\n');
      return;
    }
    switch (frame.action) {
      case RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE:
        // IOCTL_PAUSE_PACKET_RECEIVED: the IOCTL entry drains the pools, then all cores halt.
        this.pools.drain();
        this.breakIn();
        return;
      case RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DO_NOT_READ_ANY_PACKET:
        this.listenerAlive = false;
        if (this.unloadRequested) this.currentState = 'unloaded';
        return;
      default:
        this.userPrint('err, unknown packet action received from the debugger\n');
    }
  }

  /** hyperkd's halted loop (KdDispatchAndPerformCommandsFromDebugger). */
  private onKernelFrame(frame: Frame): void {
    if (frame.packetType !== T.DEBUGGER_REMOTE_PACKET_TYPE_DEBUGGER_TO_DEBUGGEE_EXECUTE_ON_VMX_ROOT) {
      this.kernelLog('error', KD_DISPATCH, 2343, 'Err, unknown packet received from the debugger\n');
      return;
    }
    if (!this.requests.dispatch(frame.action, frame.payload)) {
      this.kernelLog('error', KD_DISPATCH, 3211, 'Err, unknown packet action received from the debugger\n');
    }
  }

  // ---- halting and resuming --------------------------------------------------------------------

  unloadRequested = false;

  /** Sends PAUSED from `core` and enters the command loop. */
  halt(core: number, details: HaltDetails): void {
    this.currentState = 'paused';
    this.operatingCore = core;
    this.haltTag = details.tag ?? 0n;
    this.haltStage = details.stage ?? 0;
    const ignore = details.ignoreDisassembling ?? this.ignoreDisasmInNextPacket;
    this.ignoreDisasmInNextPacket = false;
    this.send(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_PAUSED_AND_CURRENT_INSTRUCTION,
      this.pausedPacket(core, details, ignore),
    );
  }

  pausedPacket(core: number, details: HaltDetails, ignoreDisassembling: boolean): Uint8Array {
    const state = this.machine.cores[core];
    const bytes = this.machine.readVirtual(state.regs.rip, 16, state.pid);
    const padded = new Uint8Array(16);
    padded.set(bytes);
    return DEBUGGEE_KD_PAUSED_PACKET.encode({
      Rip: state.regs.rip,
      IsProcessorOn32BitMode: state.regs.cs === 0x23,
      IgnoreDisassembling: ignoreDisassembling,
      PausingReason: details.reason,
      CurrentCore: core,
      EventTag: details.tag ?? 0n,
      EventCallingStage: details.stage ?? 0,
      Rflags: state.regs.rflags,
      InstructionBytesOnRip: padded,
      ReadInstructionLen: bytes.length,
    });
  }

  /** Break-in from the debugger: the listener's VMCALL halts everything from core 0. */
  private breakIn(): void {
    this.placeInHyperDbgProcess(0);
    this.halt(0, { reason: R.DEBUGGEE_PAUSING_REASON_REQUEST_FROM_DEBUGGER });
  }

  /**
   * A halt requested by the debuggee's own HyperDbg process (break-in, end of a forwarded
   * command, symbol reload) happens in that process, inside HyperDbg's driver.
   */
  placeInHyperDbgProcess(core: number): void {
    const state = this.machine.cores[core];
    const listener = this.machine.processById(DEBUGGEE_HYPERDBG_PID);
    if (!listener) return;
    state.pid = listener.pid;
    state.tid = listener.threads[0].tid;
    state.regs.cr3 = listener.cr3;
    const site = this.processor.code.returnSiteIn(HALT_FUNCTION);
    if (site !== undefined) this.processor.placeAt(core, site);
  }

  /**
   * Leaves the command loop: all cores run again. What the debuggee's user mode does next
   * (queued clears, a forwarded command, a symbol reload) happens here, then the interrupted
   * event execution continues.
   */
  resume(continuation?: ResumeContinuation): void {
    this.currentState = 'running';
    if (this.events.hasQueuedClears()) {
      // one IOCTL_DEBUGGER_MODIFY_EVENTS per queued clear: drain, remove, and the reader's
      // re-armed IOCTL_REGISTER_EVENT drains the freed records away
      this.pools.drain();
      this.events.processQueuedClears();
      this.pools.drain();
    }
    if (continuation) continuation();
    else this.continueSuspendedHit();
  }

  /**
   * Forwarded user input (a16): hyperkd hands the text to user mode and resumes; user mode runs
   * it and, unless IgnoreFinishedSignal, halts again with reason 10. Text that did not fit the
   * hand-over buffer never reaches user mode (the debuggee just runs).
   */
  runUserInput(command: string, ignoreFinishedSignal: boolean, delivered = true): void {
    this.resume(() => {
      if (!delivered) return;
      this.pools.drain();
      runForwardedCommand(
        {
          pools: this.pools,
          coreCount: this.options.cores,
          print: (text) => this.userPrint(text),
          activateModeExecTrap: () => {
            this.modeExecTrapReady = true;
          },
          modules: () =>
            this.machine.symbolModules(DEBUGGEE_HYPERDBG_PID).map((m) => ({
              isUserMode: m.isUserMode,
              base: m.base,
              size: m.size,
              entryPoint: m.base + m.entryRva,
              name: m.name,
              filePath: m.filePath,
            })),
          cpuid: (leaf, subLeaf) => this.processor.cpu.cpuid(leaf, subLeaf, 0),
          readMsr: (core, msr) => this.processor.msrs(core).read(msr, this.clock.timeStampCounter()) ?? 0n,
          writeMsr: (core, msr, value) => {
            this.processor.msrs(core).write(msr, value);
          },
          attachable: (pid) => pid !== SYSTEM_PID && this.machine.processById(pid) !== undefined,
          state: this.userModeState,
        },
        command,
      );
      if (!ignoreFinishedSignal) {
        this.placeInHyperDbgProcess(0);
        this.halt(0, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_COMMAND_EXECUTION_FINISHED });
      }
    });
  }

  // ---- running workload and event triggering ----------------------------------------------------

  /**
   * Lets the running debuggee execute `hits` pieces of workload. Stops early when an event or
   * breakpoint halts it; returns how many hits were processed. Each hit moves the debuggee's
   * clock by `msPerHit` (0 when the caller moves it with real time).
   */
  runWorkload(hits: number, msPerHit = 1): number {
    let done = 0;
    while (done < hits && this.currentState === 'running') {
      this.clock.advance(msPerHit);
      const hit = this.workload.next(this.events.list(), this.requests.breakpoints.addresses());
      this.suspendedHit = this.processHit(hit);
      this.continueSuspendedHit();
      done++;
    }
    return done;
  }

  /** Runs one given hit (tests, scripted scenarios). */
  trigger(hit: Hit): void {
    if (this.currentState !== 'running') return;
    this.suspendedHit = this.processHit(hit);
    this.continueSuspendedHit();
  }

  private continueSuspendedHit(): void {
    const hit = this.suspendedHit;
    if (!hit) return;
    if (hit.next().done) this.suspendedHit = undefined;
  }

  /**
   * DebuggerTriggerEvents for one hit: software breakpoints first, then the pre-emulation call
   * (post/all events only ask for a post call), then — unless short-circuited — the
   * post-emulation call in which every enabled matching event runs (v0.23 quirk).
   * Yields whenever an action broke to the debugger; resumes on continue.
   */
  private *processHit(hit: Hit): Generator<void, void, void> {
    const state = this.machine.cores[hit.core];
    state.pid = hit.pid;
    state.tid = hit.tid;
    state.regs.cr3 = this.machine.processById(hit.pid)?.cr3 ?? state.regs.cr3;
    const matching = () =>
      this.events
        .list()
        .filter(
          (e) =>
            e.enabled &&
            (e.coreId === 0xffffffff || e.coreId === hit.core) &&
            (e.processId === 0xffffffff || e.processId === hit.pid) &&
            eventMatchesHit(e, hit),
        );
    state.regs.rip = hit.rip;
    this.setOperands(hit);
    // the caller chain's stack is built only when the core halts here (it costs a walk)
    this.hitPlaced = false;
    if (this.requests.breakpoints.addresses().includes(hit.rip)) this.placeForHit(hit);
    if (this.requests.breakpoints.hits(hit)) {
      yield;
      this.requests.breakpoints.rearm(hit.rip);
      return;
    }
    if (this.interceptEventsForRemoteCommands) return;
    this.shortCircuit[hit.core] = false;
    let postRequired = false;
    for (const event of matching()) {
      if (event.stage === CallingStage.POST) {
        postRequired = true;
        continue;
      }
      if (event.stage === CallingStage.ALL) postRequired = true;
      if (!conditionPasses(event)) continue;
      this.shortCircuit[hit.core] = event.shortCircuiting;
      yield* this.runActions(event, hit, CallingStage.PRE);
    }
    if (this.shortCircuit[hit.core]) return;
    // the trapped instruction's effect is only seen by a post stage
    if (!postRequired || !hasPostStage(hit.eventType)) return;
    this.emulate(hit);
    for (const event of matching()) {
      if (!conditionPasses(event)) continue;
      yield* this.runActions(event, hit, CallingStage.POST);
    }
  }

  /** Builds the hit's stack once, when the core halts on it. */
  private placeForHit(hit: Hit): void {
    if (this.hitPlaced) return;
    this.hitPlaced = true;
    this.placeCoreForHit(hit);
  }

  /**
   * The core at its current instruction (the hit's, or after emulation the one the hit led to)
   * with the stack its callers built, and for a monitored load/store the base register
   * pointing at the monitored address.
   */
  placeCoreForHit(hit: Hit): void {
    this.processor.placeAt(hit.core, this.machine.cores[hit.core].regs.rip);
    if (
      hit.eventType === EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE &&
      hit.address !== undefined &&
      hit.access !== 'execute'
    )
      this.pointOperandAt(hit.core, hit.address);
  }

  /** The registers the trapped instruction takes its operand from: RAX for syscall/cpuid, RCX for rdmsr/wrmsr, DX for in/out. */
  private setOperands(hit: Hit): void {
    const gpr = this.machine.cores[hit.core].regs.gpr;
    switch (hit.eventType) {
      case EventType.SYSCALL_HOOK_EFER_SYSCALL:
      case EventType.CPUID_INSTRUCTION_EXECUTION:
        gpr.rax = hit.value;
        if (hit.eventType === EventType.CPUID_INSTRUCTION_EXECUTION) gpr.rcx = 0n;
        break;
      case EventType.RDMSR_INSTRUCTION_EXECUTION:
      case EventType.WRMSR_INSTRUCTION_EXECUTION:
        gpr.rcx = hit.value;
        break;
      case EventType.IN_INSTRUCTION_EXECUTION:
      case EventType.OUT_INSTRUCTION_EXECUTION:
        gpr.rdx = hit.value;
        break;
      default:
        break;
    }
  }

  /** Sets the base register of the memory operand at RIP so that the access lands on `address`. */
  private pointOperandAt(core: number, address: bigint): void {
    const state = this.machine.cores[core];
    const ins = decodeAt(this.processor, state);
    if (!ins) return;
    const memory = [0, 1].some((i) => ins.opKind(i) === OpKind.Memory);
    const base = ins.memoryBase;
    const displacement = ins.memoryDisplacement;
    ins.free();
    const name = memory ? BASE_REGISTER_NAMES.get(base) : undefined;
    if (name) state.regs.gpr[name] = BigInt.asUintN(64, address - BigInt.asIntN(64, displacement));
  }

  /**
   * What the hypervisor does between the pre and post calling stages: the trapped instruction's
   * effect. CPUID, RDMSR and IN leave their results in the registers with RIP still on the
   * instruction (the RIP increment comes when the VM-exit returns); SYSCALL leaves RIP at the
   * system-call entry; a monitored load/store has executed and RIP is past it.
   */
  private emulate(hit: Hit): void {
    const state = this.machine.cores[hit.core];
    const ins = decodeAt(this.processor, state);
    if (!ins) return;
    const mnemonic = ins.mnemonic;
    ins.free();
    const atSite = state.regs.rip;
    switch (hit.eventType) {
      case EventType.CPUID_INSTRUCTION_EXECUTION:
      case EventType.RDMSR_INSTRUCTION_EXECUTION:
      case EventType.WRMSR_INSTRUCTION_EXECUTION:
      case EventType.IN_INSTRUCTION_EXECUTION:
      case EventType.OUT_INSTRUCTION_EXECUTION:
        if (!EMULATED.has(mnemonic)) return;
        this.processor.step(hit.core);
        state.regs.rip = atSite;
        return;
      case EventType.SYSCALL_HOOK_EFER_SYSCALL:
        if (mnemonic === Mnemonic.Syscall) this.processor.step(hit.core);
        return;
      case EventType.HIDDEN_HOOK_READ_AND_WRITE_AND_EXECUTE:
        if (hit.access !== 'execute') this.processor.step(hit.core);
        return;
      default:
        return;
    }
  }

  private *runActions(event: SimEvent, hit: Hit, stage: number): Generator<void, void, void> {
    for (const action of [...event.actions]) {
      if (action.type === ActionType.BREAK_TO_DEBUGGER) {
        this.placeForHit(hit);
        this.halt(hit.core, {
          reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_EVENT_TRIGGERED,
          tag: event.tag,
          stage,
        });
        yield;
      } else if (action.type === ActionType.RUN_SCRIPT && action.script) {
        // a hooked function's script sees the stack its callers built (`poi(@rsp)` is the return
        // address); hooked functions are few and their placements cached, so this stays cheap
        if (
          hit.eventType === EventType.HIDDEN_HOOK_EXEC_CC ||
          hit.eventType === EventType.HIDDEN_HOOK_EXEC_DETOURS
        )
          this.placeForHit(hit);
        const context: ScriptContext = {
          core: hit.core,
          tag: event.tag,
          stage,
          eventContext: hit.context,
          immediate: action.immediate,
          safeBuffer: action.safeBuffer,
          isEventAction: true,
        };
        const paused = this.scripts.run(action.script, action.scriptPointer, context);
        if (paused) {
          // pause() halted here: the registers the debugger reads next include the stack
          this.placeForHit(hit);
          yield;
        }
      }
      // RUN_CUSTOM_CODE: native code cannot run here; it has no observable effect on the link.
    }
  }
}

const conditionPasses = (event: SimEvent): boolean => !event.conditionNeverTrue;

/** Instructions whose VM-exit the hypervisor emulates in place (RIP moves only after the post stage). */
const EMULATED = new Set([Mnemonic.Cpuid, Mnemonic.Rdmsr, Mnemonic.Wrmsr, Mnemonic.In, Mnemonic.Out]);

const BASE_REGISTER_NAMES = new Map<number, GprName>(
  GPR_NAMES.map((name) => [Register[name.toUpperCase() as keyof typeof Register] as number, name]),
);
