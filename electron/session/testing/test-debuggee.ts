import {
  DEBUGGEE_BP_LIST_OR_MODIFY_PACKET,
  DEBUGGEE_BP_PACKET,
  DEBUGGEE_CHANGE_CORE_PACKET,
  DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET,
  DEBUGGEE_FORMATS_PACKET,
  DEBUGGEE_KD_PAUSED_PACKET,
  DEBUGGEE_REGISTER_READ_DESCRIPTION,
  DEBUGGEE_SCRIPT_PACKET,
  DEBUGGEE_STEP_PACKET,
  DEBUGGEE_SYMBOL_UPDATE_RESULT,
  DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER,
  DEBUGGER_EDIT_MEMORY,
  DEBUGGER_FLUSH_LOGGING_BUFFERS,
  DEBUGGER_READ_MEMORY,
  DEBUGGER_UPDATE_SYMBOL_TABLE,
  decodeUserInputPayload,
  decodeVersionPayload,
  encodeDebuggeeStartedPayload,
  encodeFrame,
  encodeLogPayload,
  encodeReadMemoryResponse,
  encodeReadRegistersResponse,
  FrameDecoder,
  GUEST_REGS_NAMES,
  REGISTER_ID_ALL,
  type Frame,
  type GuestRegName,
} from '../../../shared/protocol';
import { Action, echoWithChanges, STATUS_SUCCESS } from '../packets';
import { GET_THREAD_DETAILS } from '../thread-details';
import type { ByteTransport } from '../../transport/transport';

/**
 * A small scripted debuggee for unit tests and the pause-latency benchmark: it answers the
 * handshake and the requests the built-in commands send with fixed, known values, and records
 * every frame it receives so tests can assert the exact bytes that went out. It is not the
 * simulator (simulator/ is the faithful one); it exists so the session core is testable alone.
 */
export interface TestDebuggeeOptions {
  readonly signature: string;
  readonly rip?: bigint;
  /** Instruction bytes at RIP (16 are sent; the rest are NOPs). */
  readonly instruction?: readonly number[];
  readonly cores?: number;
}

/** What `.thread` / `.process` without arguments report (current process and thread). */
export const TEST_PROCESS_ID = 0x1a2c;
export const TEST_THREAD_ID = 0x2b40;
export const TEST_EPROCESS = 0xffffc10f2a3b4080n;
export const TEST_ETHREAD = 0xffffc10f2c5d6080n;
export const TEST_PROCESS_NAME = 'explorer.exe';

export const TEST_OS_NAME = 'Windows 10 Pro - Client 22H2 (OS Build 19045)';
export const TEST_KERNEL_BASE = 0xfffff80163a00000n;

export class TestDebuggee {
  readonly received: Frame[] = [];
  rip: bigint;
  instruction: number[];
  core = 0;
  /**
   * While true, answers to CHANGE_THREAD (a14) are held back in arrival order until
   * `releaseHeldThreadAnswers()`, like a debuggee whose answer comes after the debugger gave up.
   */
  holdThreadAnswers = false;
  /** While true, whatever arrives is recorded but never answered (a VM stopped with SIGSTOP). */
  frozen = false;
  private readonly heldThreadAnswers: Uint8Array[] = [];
  private readonly decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  private paused = false;
  /** Memory returned by READ_MEMORY: byte i of any address = (address + i) & 0xff. */
  readonly registers: Record<GuestRegName, bigint> = {
    rax: 0x1111n,
    rbx: 0x2222n,
    rcx: 0x3333n,
    rdx: 0x4444n,
    rsi: 0x5555n,
    rdi: 0x6666n,
    rsp: 0xfffff80100001000n,
    rbp: 0xfffff80100002000n,
    r8: 8n,
    r9: 9n,
    r10: 10n,
    r11: 11n,
    r12: 12n,
    r13: 13n,
    r14: 14n,
    r15: 15n,
  };

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: TestDebuggeeOptions,
  ) {
    this.rip = options.rip ?? 0xfffff80163a1b2c3n;
    this.instruction = [...(options.instruction ?? [0x48, 0x8b, 0x44, 0x24, 0x08])];
    transport.onData((chunk) => {
      for (const frame of this.decoder.push(chunk)) {
        this.received.push(frame);
        if (!this.frozen) this.handle(frame);
      }
    });
  }

  send(action: number, payload: Uint8Array = new Uint8Array(0)): void {
    void this.transport.write(encodeFrame(3, action, payload));
  }

  ping(): void {
    this.send(Action.ping);
  }

  log(operationCode: number, text: string): void {
    this.send(Action.logging, encodeLogPayload(operationCode, text));
  }

  halt(reason: number, extra: { tag?: bigint; stage?: number; ignoreDisassembling?: boolean } = {}): void {
    this.paused = true;
    const bytes = new Uint8Array(16).fill(0x90);
    bytes.set(this.instruction);
    this.send(
      Action.paused,
      DEBUGGEE_KD_PAUSED_PACKET.encode({
        Rip: this.rip,
        IgnoreDisassembling: extra.ignoreDisassembling ?? false,
        PausingReason: reason,
        CurrentCore: this.core,
        EventTag: extra.tag ?? 0n,
        EventCallingStage: extra.stage ?? 0,
        Rflags: 0x246n,
        InstructionBytesOnRip: bytes,
        ReadInstructionLen: bytes.length,
      }),
    );
  }

  private handshake(): void {
    this.send(
      Action.started,
      encodeDebuggeeStartedPayload({
        PortAddress: 0x2f8,
        Baudrate: 115200,
        KernelBaseAddress: TEST_KERNEL_BASE,
        OsName: TEST_OS_NAME,
      }),
    );
    const files = ['\\SystemRoot\\system32\\ntoskrnl.exe', '\\SystemRoot\\system32\\drivers\\hyperkd.sys'];
    files.forEach((filePath, i) =>
      this.send(
        Action.updateSymbolInfo,
        DEBUGGER_UPDATE_SYMBOL_TABLE.encode({
          TotalSymbols: files.length,
          CurrentSymbolIndex: i,
          SymbolDetailPacket: { BaseAddress: TEST_KERNEL_BASE + BigInt(i) * 0x100000n, FilePath: filePath },
        }),
      ),
    );
    this.send(
      Action.reloadSymbolFinished,
      DEBUGGEE_SYMBOL_UPDATE_RESULT.encode({ KernelStatus: BigInt(STATUS_SUCCESS) }),
    );
  }

  private handle(frame: Frame): void {
    const payload = frame.payload;
    if (frame.packetType === 2) {
      if (frame.action === Action.userDebuggerVersion) {
        if (decodeVersionPayload(payload) === this.options.signature) this.handshake();
      } else if (frame.action === Action.userPause && !this.paused) {
        this.halt(2);
      }
      return;
    }
    if (!this.paused) return;
    switch (frame.action) {
      case Action.continue:
        this.paused = false;
        return;
      case Action.step: {
        const step = DEBUGGEE_STEP_PACKET.decode(payload);
        this.paused = false;
        this.rip += BigInt(step.IsCurrentInstructionACall ? step.CallLength : this.instruction.length);
        this.halt(3);
        return;
      }
      case Action.changeCore: {
        const target = DEBUGGEE_CHANGE_CORE_PACKET.decode(payload).NewCore;
        const ok = target < (this.options.cores ?? 4);
        this.send(
          Action.resultChangingCore,
          echoWithChanges(payload, DEBUGGEE_CHANGE_CORE_PACKET, { Result: ok ? STATUS_SUCCESS : 0xc0000014 }),
        );
        if (ok) {
          this.core = target;
          this.halt(7);
        }
        return;
      }
      case Action.readRegisters: {
        const id = DEBUGGEE_REGISTER_READ_DESCRIPTION.decode(payload).RegisterId;
        if (id === REGISTER_ID_ALL) {
          const regs = Object.fromEntries(GUEST_REGS_NAMES.map((name) => [name, this.registers[name]]));
          this.send(
            Action.resultReadingRegisters,
            encodeReadRegistersResponse(
              { RegisterId: id, KernelStatus: STATUS_SUCCESS },
              {
                regs,
                extra: {
                  CS: 0x10,
                  DS: 0x2b,
                  FS: 0x53,
                  GS: 0x2b,
                  ES: 0x2b,
                  SS: 0x18,
                  RFLAGS: 0x246n,
                  RIP: this.rip,
                },
              },
            ),
          );
        } else {
          this.send(
            Action.resultReadingRegisters,
            echoWithChanges(payload, DEBUGGEE_REGISTER_READ_DESCRIPTION, {
              Value: id === 0 ? this.registers.rax : 0xabcdn,
              KernelStatus: STATUS_SUCCESS,
            }),
          );
        }
        return;
      }
      case Action.readMemory: {
        const request = DEBUGGER_READ_MEMORY.decode(payload);
        const data = Uint8Array.from({ length: request.Size }, (_, i) =>
          Number((request.Address + BigInt(i)) & 0xffn),
        );
        this.send(
          Action.resultReadingMemory,
          encodeReadMemoryResponse({ ...request, AddressMode: 1, KernelStatus: STATUS_SUCCESS }, data),
        );
        return;
      }
      case Action.editMemory:
        this.send(
          Action.resultEditingMemory,
          echoWithChanges(payload, DEBUGGER_EDIT_MEMORY, { Result: STATUS_SUCCESS }),
        );
        return;
      case Action.testQuery:
        if (DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER.decode(payload).RequestType === 2)
          this.log(0, 'pool state\n');
        this.send(
          Action.resultTestQuery,
          echoWithChanges(payload, DEBUGGER_DEBUGGER_TEST_QUERY_BUFFER, { KernelStatus: STATUS_SUCCESS }),
        );
        return;
      case Action.userInputBuffer: {
        const { header, command } = decodeUserInputPayload(payload);
        this.paused = false;
        this.log(1, `ran: ${command}\n`);
        if (!header.IgnoreFinishedSignal) this.halt(10);
        return;
      }
      case Action.bp:
        this.send(Action.resultBp, echoWithChanges(payload, DEBUGGEE_BP_PACKET, { Result: STATUS_SUCCESS }));
        return;
      case Action.listOrModifyBreakpoints:
        if (DEBUGGEE_BP_LIST_OR_MODIFY_PACKET.decode(payload).Request === 0) {
          this.log(0, 'Breakpoints list is empty\n');
        }
        this.send(
          Action.resultListOrModifyBreakpoints,
          echoWithChanges(payload, DEBUGGEE_BP_LIST_OR_MODIFY_PACKET, { Result: STATUS_SUCCESS }),
        );
        return;
      case Action.runScript: {
        const script = DEBUGGEE_SCRIPT_PACKET.decode(payload);
        if (script.IsFormat) {
          this.send(
            Action.resultFormats,
            DEBUGGEE_FORMATS_PACKET.encode({ Value: 0x1234n, Result: STATUS_SUCCESS }),
          );
        }
        this.send(
          Action.resultRunningScript,
          DEBUGGEE_SCRIPT_PACKET.encode({ ...script, Result: STATUS_SUCCESS }),
        );
        return;
      }
      case Action.flushBuffers:
        this.send(
          Action.resultFlush,
          echoWithChanges(payload, DEBUGGER_FLUSH_LOGGING_BUFFERS, {
            KernelStatus: STATUS_SUCCESS,
            CountOfMessagesThatSetAsReadFromVmxRoot: 2,
            CountOfMessagesThatSetAsReadFromVmxNonRoot: 3,
          }),
        );
        return;
      case Action.changeThread: {
        const request = DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET.decode(payload);
        const answer =
          request.ActionType === GET_THREAD_DETAILS
            ? echoWithChanges(payload, DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET, {
                ProcessId: TEST_PROCESS_ID,
                ThreadId: TEST_THREAD_ID,
                Process: TEST_EPROCESS,
                Thread: TEST_ETHREAD,
                ProcessName: Uint8Array.from(TEST_PROCESS_NAME, (c) => c.charCodeAt(0)),
                Result: STATUS_SUCCESS,
              })
            : echoWithChanges(payload, DEBUGGEE_DETAILS_AND_SWITCH_THREAD_PACKET, { Result: STATUS_SUCCESS });
        if (this.holdThreadAnswers) this.heldThreadAnswers.push(answer);
        else this.send(Action.resultChangingThread, answer);
        return;
      }
      case Action.closeAndUnload:
        this.paused = false;
        return;
    }
  }

  /** Sends the CHANGE_THREAD answers held while `holdThreadAnswers` was set, in arrival order. */
  releaseHeldThreadAnswers(): void {
    for (const answer of this.heldThreadAnswers.splice(0)) this.send(Action.resultChangingThread, answer);
  }
}
