/**
 * Little-endian field access for payload structs. Payload lengths are never validated by
 * HyperDbg, so reads past the end see zeros (protocol reference 9.15) instead of throwing.
 * Its one remaining user is session.ts' symbol-reload status, which is moving to
 * `decodeSymbolUpdateResult` (packets.ts); then this class goes. New code decodes with the
 * struct codecs of shared/protocol.
 */
export class PayloadReader {
  constructor(private readonly bytes: Uint8Array) {}

  u8(offset: number): number {
    return offset < this.bytes.length ? this.bytes[offset]! : 0;
  }
  u16(offset: number): number {
    return this.u8(offset) | (this.u8(offset + 1) << 8);
  }
  u32(offset: number): number {
    return (this.u16(offset) | (this.u16(offset + 2) << 16)) >>> 0;
  }
}

/** HyperDbg's address display: 16 hex digits with a backtick after the first 8. */
export function separateTo64BitValue(value: bigint): string {
  const hex = BigInt.asUintN(64, value).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}\`${hex.slice(8)}`;
}

export function hex(value: number | bigint): string {
  return (typeof value === 'bigint' ? BigInt.asUintN(64, value) : value >>> 0).toString(16);
}
