/**
 * The address space a script sees. HyperDbg's `&local`, `&.global` and the address of a string
 * literal are real kernel addresses of the engine's own stack buffer, global table and code
 * buffer, and `poi`, `strlen`, `memcpy`... accept them like any guest address. We give those three
 * areas fixed non-canonical addresses (bit 47 set, upper bits clear), which no x86-64 guest
 * address can equal, and send every other access to the host.
 */
import type { ScriptHost } from './host';

export const STACK_REGION_BASE = 0x0000_9000_0000_0000n;
export const GLOBAL_REGION_BASE = 0x0000_9100_0000_0000n;
export const CODE_REGION_BASE = 0x0000_9200_0000_0000n;
/** End of the window that holds the three engine-owned regions. */
const ENGINE_WINDOW_END = CODE_REGION_BASE + 0x0100_0000_0000n;

const PAGE_SIZE = 0x1000n;

interface Region {
  base: bigint;
  bytes: Uint8Array;
  writable: boolean;
}

export class ScriptMemory {
  private readonly regions: Region[];

  constructor(
    private readonly host: ScriptHost,
    stack: BigUint64Array,
    globals: BigUint64Array,
    code: Uint8Array,
  ) {
    this.regions = [
      {
        base: STACK_REGION_BASE,
        bytes: new Uint8Array(stack.buffer, stack.byteOffset, stack.byteLength),
        writable: true,
      },
      {
        base: GLOBAL_REGION_BASE,
        bytes: new Uint8Array(globals.buffer, globals.byteOffset, globals.byteLength),
        writable: true,
      },
      { base: CODE_REGION_BASE, bytes: code, writable: false },
    ];
  }

  /** The engine-owned area holding [address, address+size), if any (also for size 0 inside it). */
  private regionOf(address: bigint, size: number): { region: Region; offset: number } | undefined {
    // Guest addresses (the common case) are outside the engine's window: skip the region scan.
    if (!this.isEngineAddress(address)) return undefined;
    for (const region of this.regions) {
      if (address >= region.base && address + BigInt(size) <= region.base + BigInt(region.bytes.length)) {
        return { region, offset: Number(address - region.base) };
      }
    }
    return undefined;
  }

  private isEngineAddress(address: bigint): boolean {
    return address >= STACK_REGION_BASE && address < ENGINE_WINDOW_END;
  }

  /** Virtual read; undefined when unmapped. Wraps addresses modulo 2^64 like the C pointer math. */
  read(address: bigint, size: number): Uint8Array | undefined {
    address = BigInt.asUintN(64, address);
    const local = this.regionOf(address, size);
    if (local) return local.region.bytes.slice(local.offset, local.offset + size);
    if (this.isEngineAddress(address)) return undefined;
    const bytes = this.host.readMemory(address, size);
    return bytes && bytes.length >= size ? bytes : undefined;
  }

  write(address: bigint, bytes: Uint8Array): boolean {
    address = BigInt.asUintN(64, address);
    const local = this.regionOf(address, bytes.length);
    if (local) {
      if (!local.region.writable) return false;
      local.region.bytes.set(bytes, local.offset);
      return true;
    }
    if (this.isEngineAddress(address)) return false;
    return this.host.writeMemory(address, bytes);
  }

  /** HyperDbg's CheckAccessValidityAndSafety. */
  isValid(address: bigint, size: number): boolean {
    address = BigInt.asUintN(64, address);
    if (this.regionOf(address, size)) return true;
    if (this.isEngineAddress(address)) return false;
    if (this.host.isAddressValid) return this.host.isAddressValid(address, size);
    const bytes = this.host.readMemory(address, size);
    return bytes !== undefined && bytes.length >= size;
  }

  /**
   * A read preceded by the engine's validity check of `checkedSize` bytes: undefined when that
   * check fails. Bytes of a longer read that are unmapped come back as zero. Hosts without
   * `isAddressValid` are checked by the read itself (one host call on the common path).
   */
  readChecked(address: bigint, size: number, checkedSize: number): Uint8Array | undefined {
    if (this.host.isAddressValid && !this.isValid(address, checkedSize)) return undefined;
    const bytes = this.read(address, size);
    if (bytes) return bytes;
    if (checkedSize === size || !this.isValid(address, checkedSize)) return undefined;
    const partial = new Uint8Array(size);
    for (let k = 0; k < size; k++) partial[k] = this.read(address + BigInt(k), 1)?.[0] ?? 0;
    return partial;
  }

  /** True when `address` lies in the engine's stack buffer with `size` bytes (typed locals). */
  isStackRange(address: bigint, size: number): boolean {
    const local = this.regionOf(BigInt.asUintN(64, address), size);
    return size > 0 && local !== undefined && local.region === this.regions[0];
  }

  readUnsigned(address: bigint, size: 1 | 2 | 4 | 8): bigint | undefined {
    const bytes = this.read(address, size);
    return bytes === undefined ? undefined : littleEndian(bytes);
  }

  writeUnsigned(address: bigint, value: bigint, size: 1 | 2 | 4 | 8): boolean {
    return this.write(address, toLittleEndian(value, size));
  }

  readPhysical(address: bigint, size: number): Uint8Array | undefined {
    const bytes = this.host.readPhysicalMemory?.(BigInt.asUintN(64, address), size);
    return bytes && bytes.length >= size ? bytes : undefined;
  }

  writePhysical(address: bigint, bytes: Uint8Array): boolean {
    return this.host.writePhysicalMemory?.(BigInt.asUintN(64, address), bytes) ?? false;
  }

  /**
   * One character unit (1 or 2 bytes) or -1 when unmapped. HyperDbg checks validity per page while
   * scanning strings; reading the unit itself gives the same answer for page-granular mappings.
   */
  private unitAt(address: bigint, width: 1 | 2): number {
    const bytes = this.read(address, width);
    if (bytes === undefined) return -1;
    return width === 1 ? bytes[0]! : bytes[0]! | (bytes[1]! << 8);
  }

  /**
   * VmxCompatibleStrlen / Wcslen: units before the terminator, or 0 when the string starts on, or
   * runs into, unmapped memory.
   */
  stringLength(address: bigint, width: 1 | 2, limit = 1 << 20): number {
    if (!this.isValid(pageOf(address), width)) return 0;
    for (let count = 0; count < limit; count++) {
      const unit = this.unitAt(address + BigInt(count * width), width);
      if (unit < 0) return 0;
      if (unit === 0) return count;
    }
    return 0;
  }

  /**
   * VmxCompatibleStrcmp / Wcscmp / Memcmp: -1, 0 or 1, or 2 when the first page of either operand
   * is unmapped. Narrow characters compare as signed chars (MSVC `CHAR`), wide ones as unsigned.
   * `count` bounds the comparison (strncmp, memcmp); `untilTerminator` stops at the end of the
   * second string (strcmp semantics).
   */
  compare(
    first: bigint,
    second: bigint,
    width: 1 | 2,
    count: bigint | undefined,
    untilTerminator: boolean,
  ): bigint {
    if (!this.isValid(pageOf(first), width) || !this.isValid(pageOf(second), width)) return 2n;
    let result = 0;
    for (let index = 0n; ; index++) {
      if (count !== undefined && index >= count) break;
      if (index >= 1n << 20n) break; // keeps a run bounded on huge mapped ranges
      const offset = index * BigInt(width);
      // Bytes past the first page that are unmapped read as zero: the engine only re-checks the
      // first page and its safe reader leaves the character at its zero initial value.
      let c1 = Math.max(0, this.unitAt(first + offset, width));
      let c2 = Math.max(0, this.unitAt(second + offset, width));
      if (width === 1) {
        c1 = (c1 << 24) >> 24;
        c2 = (c2 << 24) >> 24;
      }
      result = c1 - c2;
      if (result !== 0) break;
      if (untilTerminator && c2 === 0) break;
    }
    return result < 0 ? 0xffff_ffff_ffff_ffffn : result > 0 ? 1n : 0n;
  }
}

function pageOf(address: bigint): bigint {
  return BigInt.asUintN(64, address) & ~(PAGE_SIZE - 1n);
}

export function littleEndian(bytes: Uint8Array): bigint {
  if (bytes.length === 8) return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (bytes.length <= 4) {
    let small = 0;
    for (let i = bytes.length - 1; i >= 0; i--) small = small * 256 + bytes[i]!;
    return BigInt(small);
  }
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

export function toLittleEndian(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
