import { encodeFrame, FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { PayloadReader, PayloadWriter } from './bytes';
import { Action } from './packets';
import type { ByteTransport } from '../transport/transport';

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

export const TEST_OS_NAME = 'Windows 10 Pro - Client 22H2 (OS Build 19045)';
export const TEST_KERNEL_BASE = 0xfffff80163a00000n;

export class TestDebuggee {
  readonly received: Frame[] = [];
  rip: bigint;
  instruction: number[];
  core = 0;
  private readonly decoder = new FrameDecoder({ acceptedTypes: [1, 2] });
  private paused = false;
  /** Memory returned by READ_MEMORY: byte i of any address = (address + i) & 0xff. */
  readonly registers: Record<string, bigint> = {
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
        this.handle(frame);
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
    const bytes = Buffer.from(text, 'latin1');
    this.send(Action.logging, new PayloadWriter(4 + bytes.length).u32(0, operationCode).set(4, bytes).bytes);
  }

  halt(reason: number, extra: { tag?: bigint; stage?: number; ignoreDisassembling?: boolean } = {}): void {
    this.paused = true;
    const bytes = new Uint8Array(16).fill(0x90);
    bytes.set(this.instruction);
    this.send(
      Action.paused,
      new PayloadWriter(72)
        .u64(0, this.rip)
        .bool(9, extra.ignoreDisassembling ?? false)
        .u32(12, reason)
        .u32(16, this.core)
        .u64(24, extra.tag ?? 0n)
        .u32(32, extra.stage ?? 0)
        .u64(40, 0x246n)
        .set(48, bytes)
        .u16(64, 16).bytes,
    );
  }

  private handle(frame: Frame): void {
    const r = new PayloadReader(frame.payload);
    if (frame.packetType === 2) {
      if (frame.action === Action.userDebuggerVersion) {
        if (r.cString(0, 64) !== this.options.signature) return;
        const started = new PayloadWriter(256).u32(0, 0x2f8).u32(4, 115200).u64(8, TEST_KERNEL_BASE);
        started.set(20, Buffer.from(TEST_OS_NAME, 'latin1'));
        this.send(Action.started, started.bytes);
        for (let i = 0; i < 2; i++) {
          const record = new PayloadWriter(608)
            .u32(0, 2)
            .u32(4, i)
            .u64(16, TEST_KERNEL_BASE + BigInt(i) * 0x100000n);
          record.set(
            24,
            Buffer.from(
              i === 0
                ? '\\SystemRoot\\system32\\ntoskrnl.exe'
                : '\\SystemRoot\\system32\\drivers\\hyperkd.sys',
              'latin1',
            ),
          );
          this.send(Action.updateSymbolInfo, record.bytes);
        }
        this.send(Action.reloadSymbolFinished, new PayloadWriter(8).u64(0, 0xffffffffn).bytes);
      } else if (frame.action === Action.userPause && !this.paused) {
        this.halt(2);
      }
      return;
    }
    if (!this.paused) return;
    const echo = (action: number, mutate?: (w: PayloadWriter) => void): void => {
      const w = new PayloadWriter(frame.payload.length);
      w.set(0, frame.payload);
      mutate?.(w);
      this.send(action, w.bytes);
    };
    switch (frame.action) {
      case Action.continue:
        this.paused = false;
        return;
      case Action.step:
        this.paused = false;
        this.rip += BigInt(r.bool(4) ? r.u32(8) : this.instruction.length);
        this.halt(3);
        return;
      case Action.changeCore: {
        const target = r.u32(0);
        const ok = target < (this.options.cores ?? 4);
        echo(Action.resultChangingCore, (w) => w.u32(4, ok ? 0xffffffff : 0xc0000014));
        if (ok) {
          this.core = target;
          this.halt(7);
        }
        return;
      }
      case Action.readRegisters: {
        const id = r.u32(0);
        if (id === 0xffffffff) {
          const w = new PayloadWriter(184).u32(0, id).u32(16, 0xffffffff);
          [
            'rax',
            'rcx',
            'rdx',
            'rbx',
            'rsp',
            'rbp',
            'rsi',
            'rdi',
            'r8',
            'r9',
            'r10',
            'r11',
            'r12',
            'r13',
            'r14',
            'r15',
          ].forEach((name, index) => w.u64(24 + index * 8, this.registers[name]!));
          w.u16(152, 0x10)
            .u16(154, 0x2b)
            .u16(156, 0x53)
            .u16(158, 0x2b)
            .u16(160, 0x2b)
            .u16(162, 0x18)
            .u64(168, 0x246n)
            .u64(176, this.rip);
          this.send(Action.resultReadingRegisters, w.bytes);
        } else {
          echo(Action.resultReadingRegisters, (w) =>
            w.u64(8, id === 0 ? this.registers.rax! : 0xabcdn).u32(16, 0xffffffff),
          );
        }
        return;
      }
      case Action.readMemory: {
        const address = r.u64(8);
        const size = r.u32(16);
        const w = new PayloadWriter(48 + size);
        w.set(0, frame.payload.subarray(0, 48));
        for (let i = 0; i < size; i++) w.u8(48 + i, Number((address + BigInt(i)) & 0xffn));
        w.u32(24, 1).u32(36, size).u32(40, 0xffffffff);
        this.send(Action.resultReadingMemory, w.bytes);
        return;
      }
      case Action.editMemory:
        echo(Action.resultEditingMemory, (w) => w.u32(0, 0xffffffff));
        return;
      case Action.testQuery:
        if (r.u32(0) === 2) this.log(0, 'pool state\n');
        echo(Action.resultTestQuery, (w) => w.u32(16, 0xffffffff));
        return;
      case Action.userInputBuffer: {
        this.paused = false;
        const text = r.cString(12, r.u32(0));
        this.log(1, `ran: ${text}\n`);
        if (!r.bool(4)) this.halt(10);
        return;
      }
      case Action.bp:
        echo(Action.resultBp, (w) => w.u32(24, 0xffffffff));
        return;
      case Action.listOrModifyBreakpoints:
        if (r.u32(8) === 0) this.log(0, 'Breakpoints list is empty\n');
        echo(Action.resultListOrModifyBreakpoints, (w) => w.u32(12, 0xffffffff));
        return;
      case Action.runScript:
        if (r.bool(8))
          this.send(Action.resultFormats, new PayloadWriter(16).u64(0, 0x1234n).u32(8, 0xffffffff).bytes);
        this.send(
          Action.resultRunningScript,
          (() => {
            const w = new PayloadWriter(32);
            w.set(0, frame.payload.subarray(0, 32));
            return w.u32(24, 0xffffffff).bytes;
          })(),
        );
        return;
      case Action.flushBuffers:
        echo(Action.resultFlush, (w) => w.u32(0, 0xffffffff).u32(4, 2).u32(8, 3));
        return;
      case Action.closeAndUnload:
        this.paused = false;
        return;
    }
  }
}
