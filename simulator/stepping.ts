import { Decoder, DecoderOptions } from 'iced-x86';
import type { CoreState, Machine } from './machine';

/**
 * Executes the instruction at RIP far enough for stepping: near `call rel32` pushes the return
 * address and jumps, `ret` pops, everything else just advances RIP by its decoded length
 * (iced-x86). Undecodable bytes advance by one, as a #UD-skipping step would.
 */
export function executeOneInstruction(machine: Machine, core: CoreState, is32Bit: boolean): void {
  const regs = core.regs;
  const bytes = machine.readVirtual(regs.rip, 16, core.pid);
  if (bytes.length === 0) return;
  const length = instructionLength(bytes, regs.rip, is32Bit);
  const next = regs.rip + BigInt(length);
  if (bytes[0] === 0xe8 && length === 5) {
    const rel = BigInt(new DataView(bytes.buffer, bytes.byteOffset).getInt32(1, true));
    regs.gpr.rsp -= 8n;
    const ret = new Uint8Array(8);
    new DataView(ret.buffer).setBigUint64(0, next, true);
    machine.writeVirtual(regs.gpr.rsp, ret, core.pid);
    regs.rip = BigInt.asUintN(64, next + rel);
    return;
  }
  if (bytes[0] === 0xc3) {
    const target = machine.readU64(regs.gpr.rsp, core.pid);
    if (target !== undefined) {
      regs.gpr.rsp += 8n;
      regs.rip = target;
      return;
    }
  }
  regs.rip = next;
}

export function instructionLength(bytes: Uint8Array, rip: bigint, is32Bit: boolean): number {
  const decoder = new Decoder(is32Bit ? 32 : 64, bytes, DecoderOptions.None);
  decoder.ip = rip;
  const instruction = decoder.decode();
  const length = instruction.length;
  instruction.free();
  decoder.free();
  return length > 0 ? length : 1;
}
