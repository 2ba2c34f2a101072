/**
 * MSF 7.0 container (the file format under every PDB): a superblock, a stream directory spread
 * over blocks, and numbered streams. Only reading; every offset is bounds-checked so a damaged
 * file gives a clear error instead of a crash or a hang.
 */

const MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';
const NIL_STREAM_SIZE = 0xffffffff;

export class PdbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdbFormatError';
  }
}

export class MsfFile {
  readonly blockSize: number;
  private readonly streams: { size: number; blocks: number[] }[];

  constructor(private readonly bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 56 || new TextDecoder('latin1').decode(bytes.subarray(0, 32)) !== MAGIC) {
      throw new PdbFormatError('not a PDB 7.0 (MSF 7.00) file');
    }
    this.blockSize = view.getUint32(32, true);
    if (![512, 1024, 2048, 4096, 8192, 16384, 32768].includes(this.blockSize)) {
      throw new PdbFormatError(`unsupported MSF block size ${this.blockSize}`);
    }
    const numBlocks = view.getUint32(40, true);
    if (numBlocks * this.blockSize > bytes.length) throw new PdbFormatError('PDB file is truncated');
    const directoryBytes = view.getUint32(44, true);
    const blockMapAddress = view.getUint32(52, true);
    const directoryBlockCount = Math.ceil(directoryBytes / this.blockSize);
    const blockMap = this.blockBytes(blockMapAddress);
    const blockMapView = new DataView(blockMap.buffer, blockMap.byteOffset, blockMap.byteLength);
    if (directoryBlockCount * 4 > blockMap.length)
      throw new PdbFormatError('stream directory does not fit its block map');
    const directoryBlocks = Array.from({ length: directoryBlockCount }, (_, i) =>
      blockMapView.getUint32(4 * i, true),
    );
    const directory = this.gather(directoryBlocks, directoryBytes);
    const dir = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
    const count = dir.getUint32(0, true);
    if (4 + 4 * count > directory.length) throw new PdbFormatError('stream directory is damaged');
    const sizes = Array.from({ length: count }, (_, i) => dir.getUint32(4 + 4 * i, true));
    let offset = 4 + 4 * count;
    this.streams = sizes.map((rawSize) => {
      const size = rawSize === NIL_STREAM_SIZE ? 0 : rawSize;
      const n = Math.ceil(size / this.blockSize);
      if (offset + 4 * n > directory.length) throw new PdbFormatError('stream directory is damaged');
      const blocks = Array.from({ length: n }, (_, i) => dir.getUint32(offset + 4 * i, true));
      offset += 4 * n;
      return { size, blocks };
    });
  }

  get streamCount(): number {
    return this.streams.length;
  }

  /** The bytes of stream `index` (an empty array for a nil or missing stream). */
  stream(index: number): Uint8Array {
    const entry = this.streams[index];
    if (!entry) return new Uint8Array();
    return this.gather(entry.blocks, entry.size);
  }

  private blockBytes(block: number): Uint8Array {
    const start = block * this.blockSize;
    if (start + this.blockSize > this.bytes.length)
      throw new PdbFormatError(`block ${block} lies outside the file`);
    return this.bytes.subarray(start, start + this.blockSize);
  }

  private gather(blocks: readonly number[], size: number): Uint8Array {
    if (size > this.bytes.length) throw new PdbFormatError('a stream is larger than the whole file');
    const out = new Uint8Array(size);
    blocks.forEach((block, i) => {
      const part = this.blockBytes(block);
      const at = i * this.blockSize;
      out.set(part.subarray(0, Math.min(this.blockSize, size - at)), at);
    });
    return out;
  }
}
