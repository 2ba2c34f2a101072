/**
 * Little-endian field access for payload structs. Payload lengths are never validated by
 * HyperDbg, so reads past the end see zeros (protocol reference 9.15) instead of throwing.
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
  u64(offset: number): bigint {
    return BigInt(this.u32(offset)) | (BigInt(this.u32(offset + 4)) << 32n);
  }
  bool(offset: number): boolean {
    return this.u8(offset) !== 0;
  }
  /** NUL-terminated (or field-terminated) Latin-1 text. */
  cString(offset: number, maxLength: number): string {
    let text = '';
    for (let i = 0; i < maxLength; i++) {
      const byte = this.u8(offset + i);
      if (byte === 0) break;
      text += String.fromCharCode(byte);
    }
    return text;
  }
  slice(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    out.set(
      this.bytes.subarray(Math.min(offset, this.bytes.length), Math.min(offset + length, this.bytes.length)),
    );
    return out;
  }
}

/** Builds a zero-filled payload of `size` bytes (padding always zero, as HyperDbg sends it). */
export class PayloadWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(offset: number, value: number): this {
    this.view.setUint8(offset, value);
    return this;
  }
  u16(offset: number, value: number): this {
    this.view.setUint16(offset, value, true);
    return this;
  }
  u32(offset: number, value: number): this {
    this.view.setUint32(offset, value >>> 0, true);
    return this;
  }
  u64(offset: number, value: bigint): this {
    this.view.setBigUint64(offset, BigInt.asUintN(64, value), true);
    return this;
  }
  bool(offset: number, value: boolean): this {
    return this.u8(offset, value ? 1 : 0);
  }
  set(offset: number, data: Uint8Array): this {
    this.bytes.set(data, offset);
    return this;
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
