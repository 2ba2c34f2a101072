import { END_MARKER, FRAME_HEADER_SIZE, MAX_PAYLOAD_BYTES } from '../shared/protocol/frame';
import * as C from '../shared/protocol/generated/constants';
import {
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_TYPE as PT,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_TYPE as TT,
  DEBUGGEE_PAUSING_REASON,
  DEBUGGER_EDIT_MEMORY_BYTE_SIZE,
  DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA,
  DEBUGGER_REMOTE_STEPPING_REQUEST as STEP,
  DEBUGGER_TEST_QUERY_STATE as TQ,
} from '../shared/protocol/generated/enums';
import {
  decodeAddActionPayload,
  decodeCallstackPayload,
  decodeEditMemoryPayload,
  decodeRegisterEventPayload,
  decodeScriptPayload,
  decodeSearchMemoryPayload,
  decodeUserInputPayload,
  encodeCallstackPayload,
  encodeReadRegistersResponse,
  REGISTER_ID_ALL,
} from '../shared/protocol/payloads';
import {
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_REGISTER_WRITE_DESCRIPTION,
  DEBUGGEE_RESULT_OF_SEARCH_PACKET,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGEE_STEP_PACKET,
  DEBUGGEE_SYMBOL_REQUEST_PACKET,
  DEBUGGEE_USER_INPUT_PACKET,
  DEBUGGER_CALLSTACK_REQUEST,
  DEBUGGER_CPUID_REQUEST_RESPONSE,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_EVENT_AND_ACTION_RESULT,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_MODIFY_EVENTS,
  DEBUGGER_PAGE_IN_REQUEST,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS,
  DEBUGGER_SHORT_CIRCUITING_EVENT,
  DEBUGGER_SINGLE_CALLSTACK_FRAME,
  DEBUGGER_VA2PA_AND_PA2VA_COMMANDS,
  INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS,
  SMI_OPERATION_PACKETS,
} from '../shared/protocol/structs';
import type { SimulatedDebuggee } from './debuggee';
import { apicResponse } from './apic';
import { BreakpointTable } from './breakpoints';
import { pciTreeResponse } from './pci';
import { lbrDumpResponse, ptOperationResponse } from './hypertrace';
import { showProcessList, showThreadList } from './object-lists';
import { GPR_NAMES, readRegister, writeRegister } from './registers';
import { executeOneInstruction } from './stepping';

/**
 * hyperkd's halted command loop: one handler per type-1 action, each answering exactly as
 * KdDispatchAndPerformCommandsFromDebugger does (same structs echoed with the status filled in,
 * the same logs before the answer, the same "resume now, halt again later" for steps, forwarded
 * commands, symbol reloads and core switches).
 */

const R = DEBUGGEE_PAUSING_REASON;
const OK = C.DEBUGGER_OPERATION_WAS_SUCCESSFUL;

type Handler = (payload: Uint8Array) => void;

export class KernelRequests {
  readonly breakpoints: BreakpointTable;
  /** `.process` / `.thread` switch that happens on the next continue */
  /** `.pagein` injected a page fault: the next continue runs into its handler and re-halts */
  private pageinPending = false;
  private pendingSwitch: { kind: 'process'; pid: number } | { kind: 'thread'; tid: number } | undefined;
  private readonly handlers: Record<number, Handler>;

  constructor(private readonly d: SimulatedDebuggee) {
    this.breakpoints = new BreakpointTable(d);
    this.handlers = {
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CONTINUE]: () => this.continue(),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_STEP]: (p) => this.step(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CLOSE_AND_UNLOAD_DEBUGGEE]: () =>
        this.close(),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_CORE]: (p) => this.changeCore(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_FLUSH_BUFFERS]: (p) => this.flush(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_USER_CPUID_REQUEST]: (p) => this.cpuid(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CALLSTACK]: (p) => this.callstack(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_TEST_QUERY]: (p) => this.testQuery(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_PROCESS]: (p) => this.process(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_MODE_CHANGE_THREAD]: (p) => this.thread(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_RUN_SCRIPT]: (p) => this.runScript(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_USER_INPUT_BUFFER]: (p) => this.userInput(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SEARCH_QUERY]: (p) => this.search(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_REGISTER_EVENT]: (p) => this.registerEvent(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_ADD_ACTION_TO_EVENT]: (p) => this.addAction(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_AND_MODIFY_EVENT]: (p) =>
        this.modifyEvent(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_REGISTERS]: (p) => this.readRegisters(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_WRITE_REGISTER]: (p) => this.writeRegister(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_MEMORY]: (p) => this.readMemory(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_EDIT_MEMORY]: (p) => this.editMemory(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_BP]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BP,
          this.breakpoints.add(p),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_LIST_OR_MODIFY_BREAKPOINTS]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_LIST_OR_MODIFY_BREAKPOINTS,
          this.breakpoints.listOrModify(p),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_RELOAD]: (p) => this.symbolReload(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PA2VA_AND_VA2PA]: (p) => this.va2pa(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SYMBOL_QUERY_PTE]: (p) => this.pte(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_SET_SHORT_CIRCUITING_STATE]: (p) =>
        this.shortCircuiting(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_INJECT_PAGE_FAULT]: (p) => this.pagein(p),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_READ_IDT_ENTRIES]: () => this.idt(),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_QUERY_PCITREE]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PCITREE,
          pciTreeResponse(p),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_LBR_DUMP]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_LBR_DUMP_REQUESTS,
          lbrDumpResponse(p),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_HYPERTRACE_PT_OPERATION]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_HYPERTRACE_PT_OPERATION_REQUESTS,
          ptOperationResponse(p),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_ACTIONS_ON_APIC]: (p) =>
        this.respond(
          RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_APIC_REQUESTS,
          apicResponse(p, this.d.operatingCore),
        ),
      [RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_VMX_ROOT_PERFORM_SMI_OPERATION]: (p) => this.smi(p),
    };
  }

  /** Runs the handler of a type-1 action; false for an action hyperkd does not know. */
  dispatch(action: number, payload: Uint8Array): boolean {
    const handler = this.handlers[action];
    if (!handler) return false;
    handler(payload);
    return true;
  }

  private get core() {
    return this.d.machine.cores[this.d.operatingCore];
  }

  /** KdResponsePacketToDebugger, including its refusal of frames above MaxSerialPacketSize. */
  private respond(action: number, payload: Uint8Array): void {
    if (payload.length > MAX_PAYLOAD_BYTES) {
      this.refuseOversize(payload.length);
      return;
    }
    this.d.send(action, payload);
  }

  /** SerialConnectionSendTwoBuffers' refusal (header + payload + marker above MaxSerialPacketSize). */
  private refuseOversize(payloadLength: number): void {
    this.d.kernelLog(
      'error',
      'SerialConnectionSendTwoBuffers',
      267,
      `Err, buffer is above the maximum buffer size that can be sent to debuggee (${FRAME_HEADER_SIZE + payloadLength + END_MARKER.length} > ${C.MaxSerialPacketSize}), ` +
        'for more information, please visit https://docs.hyperdbg.org/tips-and-tricks/misc/customize-build/increase-communication-buffer-size',
    );
  }

  // ---- resuming ------------------------------------------------------------------------------

  private continue(): void {
    if (this.pageinPending) {
      // the injected #PF is delivered and the trap flag stops the core after the handler's first
      // instruction (KdBringPagein sets RFLAGS.TF)
      this.pageinPending = false;
      const core = this.d.operatingCore;
      const state = this.core;
      this.d.resume(() => {
        const handler = this.d.machine.kernelFunctions().find((f) => f.name === 'KiPageFault');
        if (handler) state.regs.rip = handler.address;
        executeOneInstruction(this.d.machine, state, false);
        this.d.halt(core, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED });
      });
      return;
    }
    const pending = this.pendingSwitch;
    this.pendingSwitch = undefined;
    if (!pending) {
      this.d.resume();
      return;
    }
    // the switch happens when the target process/thread runs: the debuggee halts by itself there
    this.d.resume(() => {
      const core = this.d.operatingCore;
      const state = this.d.machine.cores[core];
      const target =
        pending.kind === 'process'
          ? this.d.machine.processById(pending.pid)
          : this.d.machine.threadById(pending.tid)?.process;
      if (!target) return;
      state.pid = target.pid;
      state.tid = pending.kind === 'thread' ? pending.tid : target.threads[0].tid;
      state.regs.cr3 = target.cr3;
      this.d.halt(core, {
        reason:
          pending.kind === 'process'
            ? R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_PROCESS_SWITCHED
            : R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_THREAD_SWITCHED,
      });
    });
  }

  private step(payload: Uint8Array): void {
    const request = DEBUGGEE_STEP_PACKET.decode(payload);
    const core = this.d.operatingCore;
    const state = this.core;
    switch (request.StepType) {
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_IN:
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN:
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN_FOR_TRACKING: {
        const tracking =
          request.StepType === STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_INSTRUMENTATION_STEP_IN_FOR_TRACKING;
        if (tracking) this.d.ignoreDisasmInNextPacket = true;
        this.d.resume(() => {
          executeOneInstruction(this.d.machine, state, false);
          this.d.halt(core, {
            reason: tracking
              ? R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_TRACKING_STEPPED
              : R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED,
          });
        });
        return;
      }
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER:
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU:
      case STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU_LAST_INSTRUCTION:
        if (request.StepType === STEP.DEBUGGER_REMOTE_STEPPING_REQUEST_STEP_OVER_FOR_GU)
          this.d.ignoreDisasmInNextPacket = true;
        this.d.resume(() => {
          // a call is stepped over with a hardware breakpoint after it (KdRegularStepOver)
          if (request.IsCurrentInstructionACall) state.regs.rip += BigInt(request.CallLength);
          else executeOneInstruction(this.d.machine, state, false);
          this.d.halt(core, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_STEPPED });
        });
        return;
      default:
        // unknown step type: hyperkd ignores it and keeps waiting for commands
        return;
    }
  }

  /** KdCheckUserModePriorityBuffers: warns before queueing for user mode into a full ring. */
  private checkPriorityBuffers(): void {
    if (!this.d.events.priorityRingFull()) return;
    this.d.kernelLog(
      'warning',
      'KdCheckUserModePriorityBuffers',
      778,
      'Warning, the user-mode priority buffers are full, thus the new action replaces previously unserviced actions. ' +
        'As the result, some functionalities might not work correctly!\n' +
        'For more information please visit: https://docs.hyperdbg.org/tips-and-tricks/misc/instant-events\n',
    );
  }

  private close(): void {
    this.checkPriorityBuffers();
    // KdCloseConnectionAndUnloadDebuggee: user mode unloads; nothing is sent back
    this.d.unloadRequested = true;
    this.d.resume(() => undefined);
  }

  private changeCore(payload: Uint8Array): void {
    const packet = DEBUGGEE_CHANGE_CORE_PACKET.decode(payload);
    let switched = false;
    if (packet.NewCore === this.d.operatingCore) {
      packet.Result = OK;
    } else if (packet.NewCore >= this.d.options.cores) {
      packet.Result = C.DEBUGGER_ERROR_PREPARING_DEBUGGEE_INVALID_CORE_IN_REMOTE_DEBUGGE;
    } else {
      packet.Result = OK;
      switched = true;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_CORE,
      DEBUGGEE_CHANGE_CORE_PACKET.encode(packet),
    );
    if (switched) this.d.halt(packet.NewCore, { reason: R.DEBUGGEE_PAUSING_REASON_DEBUGGEE_CORE_SWITCHED });
  }

  // ---- queries -------------------------------------------------------------------------------

  private flush(payload: Uint8Array): void {
    const packet = DEBUGGER_FLUSH_LOGGING_BUFFERS.decode(payload);
    // In Debugger Mode log output goes straight to the link: the rings hold nothing to drop.
    packet.CountOfMessagesThatSetAsReadFromVmxRoot = 0;
    packet.CountOfMessagesThatSetAsReadFromVmxNonRoot = 0;
    packet.KernelStatus = OK;
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_FLUSH,
      DEBUGGER_FLUSH_LOGGING_BUFFERS.encode(packet),
    );
  }

  private cpuid(payload: Uint8Array): void {
    const request = DEBUGGER_CPUID_REQUEST_RESPONSE.decode(payload);
    const [eax, ebx, ecx, edx] = cpuidLeaf(
      request.FunctionId,
      request.SubFunctionId,
      this.d.operatingCore,
      this.d.options.cores,
    );
    // the debuggee zeroes the structure, fills it and writes the leaf back
    const response = DEBUGGER_CPUID_REQUEST_RESPONSE.encode({
      BrandString: 'Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz',
      EAX: eax,
      EBX: ebx,
      ECX: ecx,
      EDX: edx,
      FunctionId: request.FunctionId,
      SubFunctionId: request.SubFunctionId,
      Leaf4MaxSubLeaf: 4,
      LeafBMaxSubleaf: 2,
      Leaf12MaxSubLeaf: 0,
      LeafEaxMaxSubleaf: 0,
      LeafBSupported: true,
      Leaf12Supported: false,
      XCR0Vector: 0x1fn,
      IA32_XSS_Vector: 0n,
      KernelStatus: OK,
    });
    this.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_USER_CPUID, response);
  }

  private callstack(payload: Uint8Array): void {
    const { request } = decodeCallstackPayload(payload);
    const state = this.core;
    if (request.BaseAddress === 0n) request.BaseAddress = state.regs.gpr.rsp;
    const machine = this.d.machine;
    const width = request.Is32Bit ? 4 : 8;
    let walked = true;
    // frames beyond what a response frame can carry could never be sent back anyway
    const frameRoom = Math.floor(
      (MAX_PAYLOAD_BYTES - DEBUGGER_CALLSTACK_REQUEST.size) / DEBUGGER_SINGLE_CALLSTACK_FRAME.size,
    );
    const frames = Array.from({ length: Math.min(request.FrameCount, frameRoom) }, (_, i) => {
      const at = request.BaseAddress + BigInt(i * width);
      const slot = machine.readVirtual(at, width, state.pid);
      if (slot.length < width) {
        walked = false;
        return {};
      }
      const view = new DataView(slot.buffer);
      const value = width === 8 ? view.getBigUint64(0, true) : BigInt(view.getUint32(0, true));
      const valid = machine.translate(value, state.pid) !== undefined;
      const executable = valid && machine.isExecutable(value, state.pid);
      const before = executable ? machine.readVirtual(value - 7n, 7, state.pid) : new Uint8Array(0);
      return {
        IsStackAddressValid: true,
        IsValidAddress: valid,
        IsExecutable: executable,
        Value: value,
        InstructionBytesOnRip: before.length === 7 ? before : new Uint8Array(7),
      };
    });
    request.KernelStatus = walked && request.FrameCount > 0 ? OK : C.DEBUGGER_ERROR_UNABLE_TO_GET_CALLSTACK;
    // the answer is BufferSize bytes of the request buffer (frames filled in), whatever FrameCount says
    const frameBytes = encodeCallstackPayload(request, frames);
    const response = new Uint8Array(Math.min(Number(request.BufferSize), MAX_PAYLOAD_BYTES + 1));
    response.set(frameBytes.subarray(0, response.length));
    if (response.length >= DEBUGGER_CALLSTACK_REQUEST.size)
      DEBUGGER_CALLSTACK_REQUEST.encodeInto(response, 0, request);
    this.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CALLSTACK, response);
  }

  private testQuery(payload: Uint8Array): void {
    const packet = DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.decode(payload);
    const d = this.d;
    switch (packet.RequestType) {
      case TQ.TEST_QUERY_HALTING_CORE_STATUS:
        d.kernelPrint(
          '================================================ Debugging Lock Info ================================================\n',
        );
        for (let i = 0; i < d.options.cores; i++)
          d.kernelLog('info', 'KdQuerySystemState', 1743, `Core : ${i} is locked`);
        d.kernelPrint(
          '\n================================================ NMI Receiver State =======+=========================================\n',
        );
        for (let i = 0; i < d.options.cores; i++) {
          d.kernelLog(
            'info',
            'KdQuerySystemState',
            1765,
            `Core : ${i} - not called from an NMI handler (through the immediate VM-exit mechanism)`,
          );
        }
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_QUERY_TRAP_STATE:
        d.kernelLog(
          'info',
          'KdQueryRflagTrapState',
          1646,
          'Number of valid entries: 0x0\n(Please be aware that only top 0x0 items are considered valid. There could be other items present in the array, but they are not valid.)',
        );
        for (let i = 0; i < C.MAXIMUM_NUMBER_OF_THREAD_INFORMATION_FOR_TRAPS; i++) {
          d.kernelLog(
            'info',
            'KdQueryRflagTrapState',
            1654,
            `g_TrapFlagState.ThreadInformation[${i}].ProcessId = 0 | ThreadId = 0`,
          );
        }
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_QUERY_PREALLOCATED_POOL_STATE:
        for (const record of d.pools.listHeadFirst()) {
          d.kernelLog(
            'info',
            'PoolManagerShowPreAllocatedPools',
            209,
            `Pool details, Pool intention: ${record.intention.toString(16)} | Pool address: ${record.address.toString(16)} | ` +
              `Pool state: ${record.isBusy ? 'used' : 'free'} | Should be freed: ${record.shouldBeFreed ? 'true' : 'false'} | Already freed: false\n`,
          );
        }
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_SETTING_TARGET_TASKS_ON_TARGET_HALTED_CORES:
        packet.KernelStatus =
          packet.Context < BigInt(d.options.cores) ? OK : C.DEBUGGER_ERROR_INVALID_CORE_ID;
        break;
      case TQ.TEST_BREAKPOINT_TURN_OFF_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER:
        d.interceptEventsForRemoteCommands = true;
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_BREAKPOINT_TURN_ON_BPS_AND_EVENTS_FOR_COMMANDS_IN_REMOTE_COMPUTER:
        d.interceptEventsForRemoteCommands = false;
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_BREAKPOINT_TURN_OFF_BPS:
      case TQ.TEST_BREAKPOINT_TURN_ON_BPS:
        d.interceptBreakpoints = packet.RequestType === TQ.TEST_BREAKPOINT_TURN_OFF_BPS;
        packet.KernelStatus = OK;
        break;
      case TQ.TEST_SETTING_TARGET_TASKS_ON_HALTED_CORES_SYNCHRONOUS:
      case TQ.TEST_SETTING_TARGET_TASKS_ON_HALTED_CORES_ASYNCHRONOUS:
      case TQ.TEST_BREAKPOINT_TURN_OFF_DBS:
      case TQ.TEST_BREAKPOINT_TURN_ON_DBS:
        packet.KernelStatus = OK;
        break;
      default:
        packet.KernelStatus = C.DEBUGGER_ERROR_UNKNOWN_TEST_QUERY_RECEIVED;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_TEST_QUERY,
      DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.encode(packet),
    );
  }

  private process(payload: Uint8Array): void {
    const packet = DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.decode(payload);
    const machine = this.d.machine;
    const current = machine.processById(this.core.pid);
    switch (packet.ActionType) {
      case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_GET_PROCESS_DETAILS:
        packet.ProcessId = current?.pid ?? 0;
        packet.Process = current?.eprocess ?? 0n;
        packet.ProcessName = imageName16(current?.name ?? '');
        packet.Result = OK;
        break;
      case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PERFORM_SWITCH: {
        const target =
          packet.Process !== 0n
            ? machine.processByEprocess(packet.Process)
            : packet.ProcessId !== 0
              ? machine.processById(packet.ProcessId)
              : undefined;
        if (!target) {
          packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
          break;
        }
        this.pendingSwitch = { kind: 'process', pid: target.pid };
        packet.Result = OK;
        break;
      }
      case PT.DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_GET_PROCESS_LIST:
        packet.Result = showProcessList(machine, packet.ProcessListSymDetails, (text) =>
          this.d.kernelPrint(text),
        )
          ? OK
          : C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
        break;
      default:
        packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_PROCESS_INVALID_PARAMETER;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_PROCESS,
      DEBUGGEE_DETAILS_AND_SWITCH_PROCESS_PACKET.encode(packet),
    );
  }

  private thread(payload: Uint8Array): void {
    const packet = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(payload);
    const machine = this.d.machine;
    const state = this.core;
    const current = machine.threadById(state.tid);
    switch (packet.ActionType) {
      case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_DETAILS:
        packet.ProcessId = state.pid;
        packet.ThreadId = state.tid;
        packet.Process = current?.process.eprocess ?? 0n;
        packet.Thread = current?.thread.ethread ?? 0n;
        packet.ProcessName = imageName16(current?.process.name ?? '');
        packet.Result = OK;
        break;
      case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PERFORM_SWITCH: {
        const target =
          packet.Thread !== 0n
            ? machine.threadByEthread(packet.Thread)
            : packet.ThreadId !== 0
              ? machine.threadById(packet.ThreadId)
              : undefined;
        if (!target) {
          packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
          break;
        }
        this.pendingSwitch = { kind: 'thread', tid: target.thread.tid };
        packet.Result = OK;
        break;
      }
      case TT.DEBUGGEE_DETAILS_AND_SWITCH_THREAD_GET_THREAD_LIST: {
        const current = machine.processById(state.pid)?.eprocess ?? 0n;
        const listed = showThreadList(machine, packet.ThreadListSymDetails, current, (text) =>
          this.d.kernelPrint(text),
        );
        if (listed === undefined) {
          packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
          break;
        }
        // an empty Process means the current one, and the debuggee writes it back
        packet.ThreadListSymDetails.Process = listed;
        packet.Result = OK;
        break;
      }
      default:
        packet.Result = C.DEBUGGER_ERROR_DETAILS_OR_SWITCH_THREAD_INVALID_PARAMETER;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_CHANGING_THREAD,
      DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.encode(packet),
    );
  }

  private runScript(payload: Uint8Array): void {
    const { header, bytecode } = decodeScriptPayload(payload);
    this.d.scripts.run(bytecode, header.ScriptBufferPointer, {
      core: this.d.operatingCore,
      tag: this.d.haltTag,
      stage: this.d.haltStage,
      eventContext: 0n,
      immediate: true,
      safeBuffer: 0n,
      isEventAction: false,
    });
    header.Result = OK;
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_RUNNING_SCRIPT,
      DEBUGGEE_SCRIPT_PACKET.encode(header),
    );
  }

  private userInput(payload: Uint8Array): void {
    const { header, command } = decodeUserInputPayload(payload);
    this.checkPriorityBuffers();
    // the debuggee drops user input that does not fit its 4 KB message (the command never runs)
    // the text travels to user mode in one log buffer; a longer one is refused and never runs
    const delivered = DEBUGGEE_USER_INPUT_PACKET.size + header.CommandLen <= C.PacketChunkSize - 1;
    this.d.runUserInput(command, header.IgnoreFinishedSignal, delivered);
  }

  private search(payload: Uint8Array): void {
    const { header, values } = decodeSearchMemoryPayload(payload);
    const unit = header.ByteSize === 0 ? 1 : header.ByteSize === 1 ? 4 : 8;
    const pattern = new Uint8Array(values.length * unit);
    const view = new DataView(pattern.buffer);
    values.forEach((v, i) => {
      if (unit === 1) pattern[i] = Number(v & 0xffn);
      else if (unit === 4) view.setUint32(i * 4, Number(v & 0xffffffffn), true);
      else view.setBigUint64(i * 8, v, true);
    });
    const machine = this.d.machine;
    const pid = this.core.pid;
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
        this.d.kernelPrint(`${(header.Address + BigInt(i)).toString(16)}\n`);
      }
      DEBUGGEE_RESULT_OF_SEARCH_PACKET.encodeInto(result, 0, { CountOfResults: count, Result: OK });
    }
    this.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SEARCH_QUERY, result);
  }

  // ---- events --------------------------------------------------------------------------------

  private registerEvent(payload: Uint8Array): void {
    const { event, condition } = decodeRegisterEventPayload(payload);
    const o = event.Options;
    const result = this.d.events.register({
      coreId: event.CoreId,
      processId: event.ProcessId,
      enableShortCircuiting: event.EnableShortCircuiting,
      eventStage: event.EventStage,
      tag: event.Tag,
      eventType: event.EventType,
      options: [
        o.OptionalParam1,
        o.OptionalParam2,
        o.OptionalParam3,
        o.OptionalParam4,
        o.OptionalParam5,
        o.OptionalParam6,
      ],
      conditionSize: event.ConditionBufferSize,
      condition,
    });
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_REGISTERING_EVENT,
      DEBUGGER_EVENT_AND_ACTION_RESULT.encode({ IsSuccessful: result.isSuccessful, Error: result.error }),
    );
  }

  private addAction(payload: Uint8Array): void {
    const { action, buffer } = decodeAddActionPayload(payload);
    const result = this.d.events.addAction({
      eventTag: action.EventTag,
      actionType: action.ActionType,
      immediateMessagePassing: action.ImmediateMessagePassing,
      preAllocatedBuffer: action.PreAllocatedBuffer,
      customCodeBufferSize: action.CustomCodeBufferSize,
      scriptBufferSize: action.ScriptBufferSize,
      scriptBufferPointer: action.ScriptBufferPointer,
      payload: buffer,
    });
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_ADDING_ACTION_TO_EVENT,
      DEBUGGER_EVENT_AND_ACTION_RESULT.encode({ IsSuccessful: result.isSuccessful, Error: result.error }),
    );
  }

  private modifyEvent(payload: Uint8Array): void {
    const packet = DEBUGGER_MODIFY_EVENTS.decode(payload);
    const result = this.d.events.modify(packet.Tag, packet.TypeOfAction);
    packet.KernelStatus = BigInt(result.kernelStatus);
    if (packet.TypeOfAction === 0 && result.kernelStatus === OK) packet.IsEnabled = result.isEnabled;
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_AND_MODIFY_EVENT,
      DEBUGGER_MODIFY_EVENTS.encode(packet),
    );
  }

  private shortCircuiting(payload: Uint8Array): void {
    const packet = DEBUGGER_SHORT_CIRCUITING_EVENT.decode(payload);
    this.d.shortCircuit[this.d.operatingCore] = packet.IsShortCircuiting;
    packet.KernelStatus = BigInt(OK);
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_SHORT_CIRCUITING_STATE,
      DEBUGGER_SHORT_CIRCUITING_EVENT.encode(packet),
    );
  }

  // ---- registers and memory ------------------------------------------------------------------

  private readRegisters(payload: Uint8Array): void {
    const description = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(payload);
    const regs = this.core.regs;
    if (description.RegisterId === REGISTER_ID_ALL) {
      description.KernelStatus = OK;
      const gpr = Object.fromEntries(GPR_NAMES.map((n) => [n, regs.gpr[n]]));
      this.respond(
        RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS,
        encodeReadRegistersResponse(description, {
          regs: gpr,
          extra: {
            CS: regs.cs,
            DS: regs.ds,
            FS: regs.fs,
            GS: regs.gs,
            ES: regs.es,
            SS: regs.ss,
            RFLAGS: regs.rflags,
            RIP: regs.rip,
          },
        }),
      );
      return;
    }
    const value = readRegister(regs, description.RegisterId);
    if (value === undefined) description.KernelStatus = C.DEBUGGER_ERROR_INVALID_REGISTER_NUMBER;
    else {
      description.Value = value;
      description.KernelStatus = OK;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_REGISTERS,
      DEBUGGEE_REGISTER_READ_DESCRIPTION.encode(description),
    );
  }

  private writeRegister(payload: Uint8Array): void {
    const description = DEBUGGEE_REGISTER_WRITE_DESCRIPTION.decode(payload);
    description.KernelStatus = writeRegister(this.core.regs, description.RegisterId, description.Value)
      ? OK
      : C.DEBUGGER_ERROR_INVALID_REGISTER_NUMBER;
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_WRITE_REGISTER,
      DEBUGGEE_REGISTER_WRITE_DESCRIPTION.encode(description),
    );
  }

  private readMemory(payload: Uint8Array): void {
    const request = DEBUGGER_READ_MEMORY.decode(payload);
    if (DEBUGGER_READ_MEMORY.size + request.Size > MAX_PAYLOAD_BYTES) {
      // hyperkd reads into its receive buffer and then cannot send the answer: it logs the
      // sender's error and the debugger waits forever
      this.refuseOversize(DEBUGGER_READ_MEMORY.size + request.Size);
      return;
    }
    const machine = this.d.machine;
    const pid = this.core.pid;
    let data: Uint8Array | undefined;
    if (request.MemoryType === 0) data = machine.readPhysical(request.Address, request.Size);
    else if (request.MemoryType === 1) {
      const bytes = machine.readVirtual(request.Address, request.Size, pid);
      data = bytes.length === request.Size ? this.breakpoints.hideIn(request.Address, bytes) : undefined;
    }
    if (request.GetAddressMode) request.AddressMode = this.core.regs.cs === 0x23 ? 0 : 1;
    request.KernelStatus = data ? OK : C.DEBUGGER_ERROR_INVALID_ADDRESS;
    request.ReturnLength = data ? data.length : 0;
    const response = new Uint8Array(DEBUGGER_READ_MEMORY.size + request.ReturnLength);
    DEBUGGER_READ_MEMORY.encodeInto(response, 0, request);
    if (data) response.set(data, DEBUGGER_READ_MEMORY.size);
    this.respond(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_READING_MEMORY, response);
  }

  private editMemory(payload: Uint8Array): void {
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
      const machine = this.d.machine;
      const ok =
        header.MemoryType === 1
          ? machine.writePhysical(header.Address, data)
          : machine.writeVirtual(header.Address, data, this.core.pid);
      header.Result = ok ? OK : C.DEBUGGER_ERROR_EDIT_MEMORY_STATUS_INVALID_ADDRESS_BASED_ON_CURRENT_PROCESS;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_EDITING_MEMORY,
      DEBUGGER_EDIT_MEMORY.encode(header),
    );
  }

  private va2pa(payload: Uint8Array): void {
    const packet = DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.decode(payload);
    const machine = this.d.machine;
    if (packet.IsVirtual2Physical) {
      const pa = machine.translate(packet.VirtualAddress, this.core.pid);
      packet.PhysicalAddress = pa ?? 0n;
      packet.KernelStatus = pa === undefined ? C.DEBUGGER_ERROR_INVALID_ADDRESS : OK;
    } else {
      const va = machine.physicalToVirtual(packet.PhysicalAddress);
      packet.VirtualAddress = va ?? 0n;
      packet.KernelStatus = va === undefined ? C.DEBUGGER_ERROR_INVALID_ADDRESS : OK;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_VA2PA_AND_PA2VA,
      DEBUGGER_VA2PA_AND_PA2VA_COMMANDS.encode(packet),
    );
  }

  private pte(payload: Uint8Array): void {
    const packet = DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.decode(payload);
    const va = packet.VirtualAddress;
    const pa = this.d.machine.translate(va, this.core.pid);
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
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_PTE,
      DEBUGGER_READ_PAGE_TABLE_ENTRIES_DETAILS.encode(packet),
    );
  }

  private pagein(payload: Uint8Array): void {
    const packet = DEBUGGER_PAGE_IN_REQUEST.decode(payload);
    packet.KernelStatus = OK;
    this.pageinPending = true;
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_BRINGING_PAGES_IN,
      DEBUGGER_PAGE_IN_REQUEST.encode(packet),
    );
  }

  private idt(): void {
    const kiInterruptTable = this.d.options.kernelBase + 0x20a000n;
    const entries = Array.from({ length: 256 }, (_, i) => kiInterruptTable + BigInt(i) * 0x40n);
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_OF_QUERY_IDT_ENTRIES_REQUESTS,
      INTERRUPT_DESCRIPTOR_TABLE_ENTRIES_PACKETS.encode({ KernelStatus: OK, IdtEntry: entries }),
    );
  }

  private smi(payload: Uint8Array): void {
    const packet = SMI_OPERATION_PACKETS.decode(payload);
    if (packet.SmiOperationType === 0) {
      packet.SmiCount = 0x2an;
      packet.KernelStatus = OK;
    } else if (packet.SmiOperationType === 1) {
      packet.KernelStatus = OK;
    } else {
      packet.KernelStatus = C.DEBUGGER_ERROR_INVALID_SMI_OPERATION_PARAMETERS;
    }
    this.respond(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RESULT_SMI_OPERATION_REQUESTS,
      SMI_OPERATION_PACKETS.encode(packet),
    );
  }

  private symbolReload(payload: Uint8Array): void {
    const request = DEBUGGEE_SYMBOL_REQUEST_PACKET.decode(payload);
    this.checkPriorityBuffers();
    this.d.resume(() => {
      // the debuggee's user mode gathers the modules through IOCTLs, each draining the pools
      this.d.pools.drain();
      this.d.sendSymbols(request.ProcessId);
      this.d.placeInHyperDbgProcess(0);
      this.d.halt(0, { reason: R.DEBUGGEE_PAUSING_REASON_PAUSE, ignoreDisassembling: true });
    });
  }
}

function imageName16(name: string): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < Math.min(15, name.length); i++) out[i] = name.charCodeAt(i) & 0xff;
  return out;
}

/** A plausible 4-core Comet Lake CPU under a hypervisor. */
function cpuidLeaf(
  leaf: number,
  subLeaf: number,
  core: number,
  cores: number,
): [number, number, number, number] {
  switch (leaf) {
    case 0:
      return [0x16, 0x756e6547, 0x6c65746e, 0x49656e69];
    case 1:
      return [0xa0655, (core << 24) | (cores << 16) | 0x800, 0xfffa3203, 0x178bfbff];
    case 7:
      return subLeaf === 0 ? [0, 0x29c67af, 0x40000000, 0xbc002e00] : [0, 0, 0, 0];
    case 0x80000000:
      return [0x80000008, 0, 0, 0];
    case 0x40000000:
      return [0x40000001, 0x7263694d, 0x666f736f, 0x76482074];
    default:
      return [0, 0, 0, 0];
  }
}
