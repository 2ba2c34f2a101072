/**
 * A self-contained ScriptHost: registers and pseudo-registers from maps, virtual memory from
 * byte regions, output collected into a string. The GUI uses it to preview `?` results against a
 * captured context; tests and the benchmark use it as the debuggee.
 */
import type { ScriptHost } from './host';
import type { RegisterFile } from './registers';

export interface MemoryRegion {
  address: bigint;
  bytes: Uint8Array;
  /** Default true. */
  writable?: boolean;
}

export interface MemoryHostOptions {
  /** REGS_ENUM index -> value, each id independent; unlisted registers read 0. */
  registers?: Map<number, bigint>;
  /** A full register file with HyperDbg's sub-register and flag semantics; replaces `registers`. */
  registerFile?: RegisterFile;
  /** PSEUDO_REGISTER_* index -> value; unlisted pseudo-registers read 0. */
  pseudoRegisters?: Map<number, bigint>;
  /** Mapped virtual memory; every other address is unmapped. */
  regions?: MemoryRegion[];
}

export interface MemoryHost extends ScriptHost {
  readonly registers: Map<number, bigint>;
  readonly regions: MemoryRegion[];
  /** Everything the script printed, concatenated. */
  text: string;
}

export function createMemoryHost(options: MemoryHostOptions = {}): MemoryHost {
  const registers = options.registers ?? new Map<number, bigint>();
  const pseudoRegisters = options.pseudoRegisters ?? new Map<number, bigint>();
  const regions = options.regions ?? [];

  const locate = (address: bigint, size: number): { region: MemoryRegion; offset: number } | undefined => {
    for (const region of regions) {
      const offset = address - region.address;
      if (offset >= 0n && offset + BigInt(size) <= BigInt(region.bytes.length))
        return { region, offset: Number(offset) };
    }
    return undefined;
  };

  const host: MemoryHost = {
    registers,
    regions,
    text: '',
    readRegister: (id) =>
      options.registerFile ? options.registerFile.readRegister(id) : (registers.get(id) ?? 0n),
    writeRegister: (id, value) =>
      void (options.registerFile ? options.registerFile.writeRegister(id, value) : registers.set(id, value)),
    readPseudoRegister: (id) => pseudoRegisters.get(id) ?? 0n,
    readMemory(address, size) {
      const hit = locate(address, size);
      return hit ? hit.region.bytes.slice(hit.offset, hit.offset + size) : undefined;
    },
    writeMemory(address, bytes) {
      const hit = locate(address, bytes.length);
      if (!hit || hit.region.writable === false) return false;
      hit.region.bytes.set(bytes, hit.offset);
      return true;
    },
    output(text) {
      host.text += text;
    },
  };
  return host;
}
