/**
 * MSF 7.00, the container under every PDB: a superblock, a stream directory spread over blocks
 * (found through the block map), and numbered streams made of blocks. Read-only. The input is
 * untrusted: every block number, size and count is checked against the file before it is used,
 * so damage gives a PdbFormatError rather than a crash, a huge allocation or a hang.
 */

const MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';
const SUPERBLOCK_SIZE = 56;
const NIL_STREAM_SIZE = 0xffffffff;
const BLOCK_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768];
/** Larger than any real PDB this tool will meet (ntkrnlmp.pdb is ~10 MB); refuses absurd inputs early. */
const MAX_PDB_BYTES = 1 << 30;

export class PdbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdbFormatError';
  }
}

interface StreamEntry {
  readonly size: number;
  readonly blocks: readonly number[];
}

export class MsfFile {
  readonly blockSize: number;
  private readonly streams: readonly StreamEntry[];

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length > MAX_PDB_BYTES)
      throw new PdbFormatError(`the file is larger than ${MAX_PDB_BYTES} bytes, too large for a PDB`);
    if (bytes.length < SUPERBLOCK_SIZE || new TextDecoder('latin1').decode(bytes.subarray(0, 32)) !== MAGIC)
      throw new PdbFormatError('not a PDB 7.0 (MSF 7.00) file');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.blockSize = view.getUint32(32, true);
    if (!BLOCK_SIZES.includes(this.blockSize))
      throw new PdbFormatError(`unsupported MSF block size ${this.blockSize}`);
    const numBlocks = view.getUint32(40, true);
    if (numBlocks * this.blockSize > bytes.length) throw new PdbFormatError('PDB file is truncated');
    const directoryBytes = view.getUint32(44, true);
    if (directoryBytes > bytes.length) throw new PdbFormatError('stream directory is larger than the file');
    const directoryBlockCount = Math.ceil(directoryBytes / this.blockSize);
    const blockMap = this.blockBytes(view.getUint32(52, true));
    if (directoryBlockCount * 4 > blockMap.length)
      throw new PdbFormatError('stream directory does not fit its block map');
    const blockMapView = new DataView(blockMap.buffer, blockMap.byteOffset, blockMap.byteLength);
    const directoryBlocks = Array.from({ length: directoryBlockCount }, (_, i) =>
      blockMapView.getUint32(4 * i, true),
    );
    const directory = this.gather(directoryBlocks, directoryBytes);
    if (directory.length < 4) throw new PdbFormatError('stream directory is damaged');
    const dir = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
    const count = dir.getUint32(0, true);
    if (4 + 4 * count > directory.length) throw new PdbFormatError('stream directory is damaged');
    let offset = 4 + 4 * count;
    const streams: StreamEntry[] = [];
    for (let i = 0; i < count; i++) {
      const rawSize = dir.getUint32(4 + 4 * i, true);
      const size = rawSize === NIL_STREAM_SIZE ? 0 : rawSize;
      if (size > bytes.length) throw new PdbFormatError(`stream ${i} is larger than the whole file`);
      const n = Math.ceil(size / this.blockSize);
      if (offset + 4 * n > directory.length) throw new PdbFormatError('stream directory is damaged');
      const blocks = Array.from({ length: n }, (_, b) => dir.getUint32(offset + 4 * b, true));
      offset += 4 * n;
      streams.push({ size, blocks });
    }
    this.streams = streams;
  }

  get streamCount(): number {
    return this.streams.length;
  }

  /** The bytes of stream `index` (empty for a nil or absent stream). */
  stream(index: number): Uint8Array {
    const entry = this.streams[index];
    return entry ? this.gather(entry.blocks, entry.size) : new Uint8Array();
  }

  private blockBytes(block: number): Uint8Array {
    const start = block * this.blockSize;
    if (start + this.blockSize > this.bytes.length)
      throw new PdbFormatError(`block ${block} lies outside the file`);
    return this.bytes.subarray(start, start + this.blockSize);
  }

  private gather(blocks: readonly number[], size: number): Uint8Array {
    const out = new Uint8Array(size);
    blocks.forEach((block, i) => {
      const at = i * this.blockSize;
      out.set(this.blockBytes(block).subarray(0, Math.min(this.blockSize, size - at)), at);
    });
    return out;
  }
}

/** Bounds-checked little-endian reads over one stream; a read past the end is a PdbFormatError naming `what`. */
export class StreamReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  private check(at: number, size: number): void {
    if (at < 0 || at + size > this.bytes.length) throw new PdbFormatError(`${this.what} is truncated`);
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.bytes[at]!;
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  i16(at: number): number {
    this.check(at, 2);
    return this.view.getInt16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  i32(at: number): number {
    this.check(at, 4);
    return this.view.getInt32(at, true);
  }
  u64(at: number): bigint {
    this.check(at, 8);
    return this.view.getBigUint64(at, true);
  }
  i64(at: number): bigint {
    this.check(at, 8);
    return this.view.getBigInt64(at, true);
  }

  /** A NUL-terminated UTF-8 string starting at `at` and ending before `end`; returns the text and the byte after the NUL. */
  cString(at: number, end: number): { text: string; next: number } {
    const limit = Math.min(end, this.bytes.length);
    let stop = at;
    while (stop < limit && this.bytes[stop] !== 0) stop++;
    return { text: new TextDecoder('utf-8').decode(this.bytes.subarray(at, stop)), next: stop + 1 };
  }
}
