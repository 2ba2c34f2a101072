/**
 * Framing of HyperDbg v0.23's kernel-debugger link (protocol reference, section 2):
 *
 *   [Checksum u8][7 zero bytes][Indicator u64 "GBDREPYH"][Type u32][Action u32][payload][00 80 EE FF]
 *
 * The encoder builds debugger->debuggee frames exactly as HyperDbg's sender does; the decoder
 * applies HyperDbg's receive rules byte for byte (marker detection, 81,920-byte limit, bounded
 * resync, indicator, checksum as the *receiver* computes it, packet type) on an arbitrarily
 * chunked stream, and reports every dropped frame as a counted diagnostic instead of throwing.
 */

/** Header size: checksum (1) + padding (7) + indicator (8) + type (4) + action (4). */
export const FRAME_HEADER_SIZE = 24;
/** `MaxSerialPacketSize`: the receive buffer, end marker included. */
export const MAX_FRAME_BYTES = 81_920;
export const END_MARKER = Uint8Array.of(0x00, 0x80, 0xee, 0xff);
/** Largest payload a HyperDbg sender will transmit: 81,920 − 24 − 4. */
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - FRAME_HEADER_SIZE - END_MARKER.length;
/** `SERIAL_RESYNC_MAX_BYTES`: how far a receiver searches for a marker after an overflow. */
export const RESYNC_MAX_BYTES = 4 * MAX_FRAME_BYTES;
/** INDICATOR_OF_HYPERDBG_PACKET (0x4859504552444247) as it appears on the wire (little-endian). */
export const INDICATOR_BYTES = Uint8Array.of(0x47, 0x42, 0x44, 0x52, 0x45, 0x50, 0x59, 0x48);

const MARKER_WORD = 0x0080eeff;
const INDICATOR_BYTE_SUM = INDICATOR_BYTES.reduce((sum, b) => sum + b, 0);

/**
 * Sum of bytes[from..to), exact modulo 256. Reads four bytes at a time and adds them in two
 * 16-bit lanes (0x00FF00FF masks); the lanes are folded before they can overflow (128 words ×
 * 2 × 255 < 65,536). About three times faster than a byte loop, which matters for the decoder's
 * throughput since every received byte is summed.
 */
function byteSum(bytes: Uint8Array, view: DataView, from: number, to: number): number {
  const wordsEnd = to - ((to - from) & 3);
  let total = 0;
  let lanes = 0;
  let words = 0;
  let i = from;
  for (; i < wordsEnd; i += 4) {
    const word = view.getUint32(i, true);
    lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff);
    if (++words === 128) {
      total += (lanes & 0xffff) + (lanes >>> 16);
      lanes = 0;
      words = 0;
    }
  }
  total += (lanes & 0xffff) + (lanes >>> 16);
  for (; i < to; i++) total += bytes[i];
  return total;
}

export interface Frame {
  packetType: number;
  action: number;
  payload: Uint8Array;
}

export type FrameEncodeErrorCode =
  'payload-too-large' | 'payload-contains-end-marker' | 'invalid-header-value';

export class FrameEncodeError extends Error {
  constructor(
    readonly code: FrameEncodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FrameEncodeError';
  }
}

function checkHeaderValue(label: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new FrameEncodeError(
      'invalid-header-value',
      `err, ${label} ${value} is not a 32-bit unsigned integer`,
    );
  }
}

/**
 * Index of the first end marker HyperDbg's receiver would see inside `bytes` (it only looks
 * for one that is preceded by at least one byte), or -1.
 */
export function findEndMarker(bytes: Uint8Array, from = 1): number {
  for (let k = bytes.indexOf(0xee, from + 2); k !== -1; k = bytes.indexOf(0xee, k + 1)) {
    if (bytes[k - 1] === 0x80 && bytes[k - 2] === 0x00 && bytes[k + 1] === 0xff && k - 2 >= from)
      return k - 2;
  }
  return -1;
}

/**
 * Builds one complete frame (header, payload, end marker). Checksum as HyperDbg's sender
 * computes it: the 8-bit sum of header bytes 1..23 and every payload byte.
 * Refuses what a HyperDbg peer could not receive: frames above 81,920 bytes, and frames in which
 * the end marker occurs before their end (the link has no escaping, so the receiver would cut
 * the frame there and drop both parts).
 */
export function encodeFrame(
  packetType: number,
  action: number,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  checkHeaderValue('packet type', packetType);
  checkHeaderValue('requested action', action);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new FrameEncodeError(
      'payload-too-large',
      `err, buffer is above the maximum buffer size that can be sent (${FRAME_HEADER_SIZE + payload.length + 4} > ` +
        `${MAX_FRAME_BYTES}); the largest payload is ${MAX_PAYLOAD_BYTES} bytes, split the request (e.g. read less memory at once)`,
    );
  }
  const frame = new Uint8Array(FRAME_HEADER_SIZE + payload.length + END_MARKER.length);
  const view = new DataView(frame.buffer);
  frame.set(INDICATOR_BYTES, 8);
  view.setUint32(16, packetType, true);
  view.setUint32(20, action, true);
  frame.set(payload, FRAME_HEADER_SIZE);
  const markerAt = findEndMarker(frame.subarray(0, FRAME_HEADER_SIZE + payload.length));
  if (markerAt !== -1) {
    throw new FrameEncodeError(
      'payload-contains-end-marker',
      `err, the frame contains the end marker 00 80 EE FF at payload offset ${markerAt - FRAME_HEADER_SIZE}; ` +
        'the link has no escaping, so the debuggee would cut the frame there and drop it. ' +
        'Change the request (e.g. a different address, length or value) so these four bytes do not occur',
    );
  }
  let sum = 0;
  for (let i = 1; i < FRAME_HEADER_SIZE; i++) sum += frame[i];
  for (let i = 0; i < payload.length; i++) sum += payload[i];
  frame[0] = sum & 0xff;
  frame.set(END_MARKER, FRAME_HEADER_SIZE + payload.length);
  return frame;
}

export type FrameDiagnosticKind =
  | 'short-frame'
  | 'bad-indicator'
  | 'bad-checksum'
  | 'unexpected-type'
  | 'oversize-resync'
  | 'resync-gave-up'
  | 'split-frame-rejoined';

export const FRAME_DIAGNOSTIC_KINDS: readonly FrameDiagnosticKind[] = [
  'short-frame',
  'bad-indicator',
  'bad-checksum',
  'unexpected-type',
  'oversize-resync',
  'resync-gave-up',
  'split-frame-rejoined',
];

export interface FrameDiagnostic {
  kind: FrameDiagnosticKind;
  message: string;
  /** How many received bytes this problem threw away (for 'split-frame-rejoined': the size of the rejoined frame). */
  bytes: number;
}

export interface FrameDecoderOptions {
  /** Packet types this side accepts: the debugger [3]; the debuggee kernel [1], its user mode [2]. */
  acceptedTypes: readonly number[];
  onDiagnostic?: (diagnostic: FrameDiagnostic) => void;
  /**
   * Recovery HyperDbg does not have (protocol reference 2.7): a payload that contains the end
   * marker arrives as two frames, the first failing the checksum and the rest failing the
   * indicator check. With this on, a frame that fails only the checksum is held back; if the
   * next frames lack an indicator, `held + 00 80 EE FF + next` is tried, and delivered when its
   * checksum is right (reported as 'split-frame-rejoined'). Otherwise the held frame is reported
   * as 'bad-checksum' when the next frame with an indicator (or an overflow) arrives. Off by
   * default: the debuggee side must behave exactly like HyperDbg.
   */
  rejoinSplitFrames?: boolean;
}

const INDICATOR_LOW = 0x52444247; // "GBDR" little-endian
const INDICATOR_HIGH = 0x48595045; // "EPYH"

function hasIndicator(view: DataView, start: number, length: number): boolean {
  return (
    length >= 16 &&
    view.getUint32(start + 8, true) === INDICATOR_LOW &&
    view.getUint32(start + 12, true) === INDICATOR_HIGH
  );
}

function emptyCounters(): Record<FrameDiagnosticKind, number> {
  return Object.fromEntries(FRAME_DIAGNOSTIC_KINDS.map((kind) => [kind, 0])) as Record<
    FrameDiagnosticKind,
    number
  >;
}

/**
 * Streaming receiver. `push` accepts any chunking (a marker split across chunks included),
 * never throws, and keeps at most MAX_FRAME_BYTES of unfinished frame.
 */
export class FrameDecoder {
  private readonly acceptedTypes: readonly number[];
  private readonly onDiagnostic: ((diagnostic: FrameDiagnostic) => void) | undefined;
  private readonly pending = new Uint8Array(MAX_FRAME_BYTES);
  private readonly pendingView = new DataView(this.pending.buffer);
  private pendingLength = 0;
  private resyncing = false;
  private resyncWindow = 0;
  private resyncDiscarded = 0;
  private readonly counters = emptyCounters();
  /** A frame that failed only its checksum, kept for rejoining (rejoinSplitFrames). */
  private readonly held: { bytes: Uint8Array; view: DataView; length: number } | undefined;

  constructor(options: FrameDecoderOptions) {
    this.acceptedTypes = [...options.acceptedTypes];
    this.onDiagnostic = options.onDiagnostic;
    if (options.rejoinSplitFrames) {
      const bytes = new Uint8Array(MAX_FRAME_BYTES);
      this.held = { bytes, view: new DataView(bytes.buffer), length: 0 };
    }
  }

  get diagnostics(): Readonly<Record<FrameDiagnosticKind, number>> {
    return { ...this.counters };
  }

  /** Bytes of an unfinished frame currently held (never above MAX_FRAME_BYTES). */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  /** Forgets any partial frame and resync state (e.g. after reopening the port); keeps the counters. */
  reset(): void {
    if (this.held) this.held.length = 0;
    this.pendingLength = 0;
    this.resyncing = false;
    this.resyncWindow = 0;
    this.resyncDiscarded = 0;
  }

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    // One view per chunk rather than per frame: the decoder's hot path allocates nothing but the frames.
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    while (pos < chunk.length) {
      pos = this.resyncing ? this.resync(chunk, pos) : this.accumulate(chunk, view, pos, frames);
    }
    return frames;
  }

  /** Collects frame bytes from chunk[pos..]; returns the position after what it consumed. */
  private accumulate(chunk: Uint8Array, view: DataView, pos: number, frames: Frame[]): number {
    const room = MAX_FRAME_BYTES - this.pendingLength;
    const scanEnd = Math.min(chunk.length, pos + room);
    const markerEnd = this.findMarkerEnd(chunk, pos, scanEnd);
    if (markerEnd !== -1) {
      const frameLength = this.pendingLength + (markerEnd - pos) - 3;
      let decoded: Frame | undefined;
      if (this.pendingLength === 0) {
        decoded = this.deliver(chunk, view, pos, frameLength);
      } else {
        if (frameLength > this.pendingLength) {
          this.pending.set(chunk.subarray(pos, pos + frameLength - this.pendingLength), this.pendingLength);
        }
        decoded = this.deliver(this.pending, this.pendingView, 0, frameLength);
      }
      this.pendingLength = 0;
      if (decoded) frames.push(decoded);
      return markerEnd + 1;
    }
    if (chunk.length - pos <= room) {
      this.pending.set(chunk.subarray(pos), this.pendingLength);
      this.pendingLength += chunk.length - pos;
      return chunk.length;
    }
    // 81,920 bytes without a marker: the byte that overflows is consumed and dropped with the rest.
    this.dropHeld();
    this.report(
      'oversize-resync',
      `serial stream desynced (${MAX_FRAME_BYTES} bytes without an end marker); resyncing to the next frame. ` +
        'If this repeats, check that the other end is a HyperDbg debuggee and both sides use the same baud rate',
      MAX_FRAME_BYTES + 1,
    );
    this.pendingLength = 0;
    this.resyncing = true;
    this.resyncWindow = 0;
    this.resyncDiscarded = 0;
    return scanEnd + 1;
  }

  /**
   * Chunk index of the last marker byte (FF) of the first marker that ends the current frame
   * within chunk[pos..scanEnd), or -1. A marker only counts when at least one frame byte
   * precedes it (HyperDbg tests for it from accumulation index 4 on).
   */
  private findMarkerEnd(chunk: Uint8Array, pos: number, scanEnd: number): number {
    const buffered = this.pendingLength;
    // Markers that start in the buffered bytes and end in the first three bytes of this chunk.
    const boundaryEnd = Math.min(scanEnd, pos + 3);
    for (let j = pos; j < boundaryEnd; j++) {
      const index = buffered + (j - pos);
      if (index < 4) continue;
      let word = 0;
      for (let back = 3; back >= 0; back--) {
        const k = index - back;
        word = (word << 8) | (k < buffered ? this.pending[k] : chunk[pos + (k - buffered)]);
      }
      if (word >>> 0 === MARKER_WORD) return j;
    }
    // Markers entirely inside the chunk: the scan keys on 0xEE, the rarest marker byte in real data.
    for (let k = chunk.indexOf(0xee, pos + 2); k !== -1 && k + 1 < scanEnd; k = chunk.indexOf(0xee, k + 1)) {
      if (
        chunk[k + 1] === 0xff &&
        chunk[k - 1] === 0x80 &&
        chunk[k - 2] === 0x00 &&
        buffered + (k + 1 - pos) >= 4
      ) {
        return k + 1;
      }
    }
    return -1;
  }

  /** Discards bytes through a 4-byte window (initially zero, as HyperDbg's) until a marker. */
  private resync(chunk: Uint8Array, pos: number): number {
    let window = this.resyncWindow;
    let discarded = this.resyncDiscarded;
    for (let i = pos; i < chunk.length; i++) {
      window = ((window << 8) | chunk[i]) >>> 0;
      discarded++;
      if (window === MARKER_WORD) {
        this.resyncing = false;
        return i + 1;
      }
      if (discarded >= RESYNC_MAX_BYTES) {
        this.resyncing = false;
        this.report(
          'resync-gave-up',
          `no end marker in ${RESYNC_MAX_BYTES} bytes after a desync; the link looks dead or is not a HyperDbg link. ` +
            'Starting a fresh frame; if this repeats, check the port, cable/pipe and baud rate',
          RESYNC_MAX_BYTES,
        );
        return i + 1;
      }
    }
    this.resyncWindow = window;
    this.resyncDiscarded = discarded;
    return chunk.length;
  }

  /** Handles one frame source[start .. start+length) (marker excluded): returns it if it passes the checks. */
  private deliver(source: Uint8Array, view: DataView, start: number, length: number): Frame | undefined {
    const held = this.held;
    if (held && held.length > 0) {
      if (!hasIndicator(view, start, length) && held.length + 4 + length <= MAX_FRAME_BYTES - 4) {
        held.bytes.set(END_MARKER, held.length);
        held.bytes.set(source.subarray(start, start + length), held.length + 4);
        held.length += 4 + length;
        const problem = this.check(held.bytes, held.view, 0, held.length);
        if (problem === 'bad-checksum') return undefined; // perhaps more pieces follow
        const joinedLength = held.length;
        held.length = 0;
        if (problem !== undefined) {
          this.report(problem, this.describe(problem, held.bytes, 0, joinedLength), joinedLength + 4);
          return undefined;
        }
        this.report(
          'split-frame-rejoined',
          `a ${joinedLength}-byte frame whose payload contains the end marker 00 80 EE FF arrived cut in two; rejoined`,
          joinedLength,
        );
        return this.toFrame(held.bytes, held.view, 0, joinedLength);
      }
      this.dropHeld();
    }
    const problem = this.check(source, view, start, length);
    if (problem === undefined) return this.toFrame(source, view, start, length);
    if (problem === 'bad-checksum' && held) {
      held.bytes.set(source.subarray(start, start + length));
      held.length = length;
      return undefined;
    }
    this.report(problem, this.describe(problem, source, start, length), length + 4);
    return undefined;
  }

  /** Reports the held frame, if any, as the checksum failure it was. */
  private dropHeld(): void {
    const held = this.held;
    if (!held || held.length === 0) return;
    const length = held.length;
    held.length = 0;
    this.report('bad-checksum', this.describe('bad-checksum', held.bytes, 0, length), length + 4);
  }

  /** HyperDbg's receive checks, in its order. */
  private check(
    source: Uint8Array,
    view: DataView,
    start: number,
    length: number,
  ): FrameDiagnosticKind | undefined {
    if (length < FRAME_HEADER_SIZE) return 'short-frame';
    if (!hasIndicator(view, start, length)) return 'bad-indicator';
    // Receiver rule: sum from the indicator to the end of the frame; the 7 padding bytes are not included.
    if (((INDICATOR_BYTE_SUM + byteSum(source, view, start + 16, start + length)) & 0xff) !== source[start]) {
      return 'bad-checksum';
    }
    if (!this.acceptedTypes.includes(view.getUint32(start + 16, true))) return 'unexpected-type';
    return undefined;
  }

  private toFrame(source: Uint8Array, view: DataView, start: number, length: number): Frame {
    return {
      packetType: view.getUint32(start + 16, true),
      action: view.getUint32(start + 20, true),
      payload: source.slice(start + FRAME_HEADER_SIZE, start + length),
    };
  }

  /** The user-facing text of a dropped frame, in HyperDbg's wording plus what to do. */
  private describe(kind: FrameDiagnosticKind, source: Uint8Array, start: number, length: number): string {
    const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
    switch (kind) {
      case 'short-frame':
        return `err, invalid packet received (${length} bytes, shorter than the ${FRAME_HEADER_SIZE}-byte header); dropped`;
      case 'bad-indicator':
        return (
          `err, invalid packet received (no HyperDbg indicator, ${length} bytes dropped); ` +
          'the other end may not be a HyperDbg debuggee, or bytes were lost on the line'
        );
      case 'bad-checksum': {
        const computed = (INDICATOR_BYTE_SUM + byteSum(source, view, start + 16, start + length)) & 0xff;
        return (
          `err, checksum is invalid (received ${hex2(source[start])}, computed ${hex2(computed)}; ${length} bytes ` +
          'dropped); the request that expected this answer will not complete, retry it if it is safe to repeat'
        );
      }
      case 'unexpected-type':
        return (
          `err, unknown packet received (packet type ${view.getUint32(start + 16, true)}, expected ` +
          `${this.acceptedTypes.join(' or ')}); dropped`
        );
      default:
        return kind;
    }
  }

  private report(kind: FrameDiagnosticKind, message: string, bytes: number): void {
    this.counters[kind]++;
    this.onDiagnostic?.({ kind, message, bytes });
  }
}
