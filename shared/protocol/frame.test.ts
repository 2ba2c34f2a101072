import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  END_MARKER,
  findEndMarker,
  FRAME_HEADER_SIZE,
  FrameDecoder,
  FrameEncodeError,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  RESYNC_MAX_BYTES,
  type Frame,
  type FrameDiagnostic,
} from './frame';

const hex = (text: string): Uint8Array => Uint8Array.from(text.trim().split(/\s+/), (b) => parseInt(b, 16));
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const allTypes = [1, 2, 3] as const;

// Protocol reference, section 2.8: complete frames as HyperDbg sends them.
const VECTORS: { name: string; type: number; action: number; payload: Uint8Array; frame: string }[] = [
  {
    name: 'continue',
    type: 1,
    action: 6,
    payload: new Uint8Array(),
    frame: '5C 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 06 00 00 00 00 80 EE FF',
  },
  {
    name: 'pause',
    type: 2,
    action: 1,
    payload: new Uint8Array(),
    frame: '58 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 02 00 00 00 01 00 00 00 00 80 EE FF',
  },
  {
    name: 'ping',
    type: 3,
    action: 4,
    payload: new Uint8Array(),
    frame: '5C 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 03 00 00 00 04 00 00 00 00 80 EE FF',
  },
  {
    name: 'close',
    type: 1,
    action: 7,
    payload: new Uint8Array(),
    frame: '5D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 07 00 00 00 00 80 EE FF',
  },
  {
    name: 'no-read',
    type: 2,
    action: 2,
    payload: new Uint8Array(),
    frame: '59 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 02 00 00 00 02 00 00 00 00 80 EE FF',
  },
  {
    name: 'version',
    type: 2,
    action: 3,
    payload: concat(ascii('0.2.0-20250101.1200'), Uint8Array.of(0)),
    frame:
      'F1 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 02 00 00 00 03 00 00 00 ' +
      '30 2E 32 2E 30 2D 32 30 32 35 30 31 30 31 2E 31 32 30 30 00 00 80 EE FF',
  },
  {
    name: 'log',
    type: 3,
    action: 41,
    payload: hex('01 00 00 00 68 69 0A'),
    frame:
      '5D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 03 00 00 00 29 00 00 00 01 00 00 00 68 69 0A 00 80 EE FF',
  },
  {
    name: 'change core to 1',
    type: 1,
    action: 8,
    payload: hex('01 00 00 00 00 00 00 00'),
    frame:
      '5F 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 01 00 00 00 08 00 00 00 01 00 00 00 00 00 00 00 00 80 EE FF',
  },
  {
    name: 'register-event result OK',
    type: 3,
    action: 52,
    payload: hex('01 00 00 00 00 00 00 00'),
    frame:
      '8D 00 00 00 00 00 00 00 47 42 44 52 45 50 59 48 03 00 00 00 34 00 00 00 01 00 00 00 00 00 00 00 00 80 EE FF',
  },
];

function decodeAll(stream: Uint8Array, splits: number[] = [], acceptedTypes: readonly number[] = allTypes) {
  const diagnostics: FrameDiagnostic[] = [];
  const decoder = new FrameDecoder({ acceptedTypes, onDiagnostic: (d) => diagnostics.push(d) });
  const frames: Frame[] = [];
  let maxBuffered = 0;
  let start = 0;
  for (const cut of [
    ...splits.filter((s) => s > 0 && s < stream.length).sort((a, b) => a - b),
    stream.length,
  ]) {
    frames.push(...decoder.push(stream.subarray(start, cut)));
    maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
    start = cut;
  }
  return { frames, diagnostics, decoder, maxBuffered };
}

describe('section 2.8 test vectors', () => {
  for (const vector of VECTORS) {
    it(`${vector.name}: encodes byte for byte and decodes back`, () => {
      const wire = hex(vector.frame);
      expect(encodeFrame(vector.type, vector.action, vector.payload)).toEqual(wire);
      const { frames, diagnostics } = decodeAll(wire);
      expect(diagnostics).toEqual([]);
      expect(frames).toEqual([{ packetType: vector.type, action: vector.action, payload: vector.payload }]);
      expect(encodeFrame(frames[0].packetType, frames[0].action, frames[0].payload)).toEqual(wire);
    });
  }

  it('all vectors in one stream, split byte by byte', () => {
    const stream = concat(...VECTORS.map((v) => hex(v.frame)));
    const { frames } = decodeAll(
      stream,
      Array.from({ length: stream.length }, (_, i) => i),
    );
    expect(frames.map((f) => f.action)).toEqual(VECTORS.map((v) => v.action));
  });
});

describe('receive rules', () => {
  const ping = encodeFrame(3, 4);

  it('verifies the checksum as the receiver computes it (padding bytes are not summed)', () => {
    const withPadding = ping.slice();
    withPadding[3] = 0x11; // a peer with non-zero padding: its sender checksum differs, the receiver ignores it
    expect(decodeAll(withPadding).frames).toHaveLength(1);
    const corrupted = ping.slice();
    corrupted[20] ^= 0x01;
    const result = decodeAll(corrupted);
    expect(result.frames).toEqual([]);
    expect(result.decoder.diagnostics['bad-checksum']).toBe(1);
  });

  it('checks the indicator before the checksum', () => {
    const frame = ping.slice();
    frame[9] = 0x00;
    frame[0] = (frame[0] - 0x42) & 0xff; // checksum consistent with the change: still an indicator error
    const { diagnostics } = decodeAll(frame);
    expect(diagnostics.map((d) => d.kind)).toEqual(['bad-indicator']);
  });

  it('drops types this side does not accept', () => {
    const { frames, diagnostics } = decodeAll(encodeFrame(1, 6), [], [3]);
    expect(frames).toEqual([]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['unexpected-type']);
    expect(decodeAll(encodeFrame(1, 6), [], [1, 2]).frames).toHaveLength(1);
  });

  it('drops frames shorter than the header', () => {
    const { frames, diagnostics } = decodeAll(hex('01 02 03 00 80 EE FF'));
    expect(frames).toEqual([]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['short-frame']);
  });

  it('a marker at the very start of an accumulation is data, not an (empty) frame end', () => {
    const { frames, diagnostics } = decodeAll(concat(END_MARKER, ping));
    expect(frames).toEqual([]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['bad-indicator']);
  });

  it('a NUL right before the marker is payload', () => {
    const frame = encodeFrame(3, 41, hex('01 00 00 00 41 00'));
    expect(frame.subarray(-5)).toEqual(hex('00 00 80 EE FF'));
    expect(decodeAll(frame, [frame.length - 3]).frames[0].payload).toEqual(hex('01 00 00 00 41 00'));
  });

  it('accepts a frame of exactly 81,920 bytes with the marker and nothing larger', () => {
    const largest = encodeFrame(3, 57, new Uint8Array(MAX_PAYLOAD_BYTES).fill(0x41));
    expect(largest.length).toBe(MAX_FRAME_BYTES);
    expect(decodeAll(largest, [40_000]).frames).toHaveLength(1);
    // One byte more: the marker's last byte (FF) is the one that overflows and is dropped, so the
    // resync only ends at the next marker (the first ping's); the second ping decodes.
    const tooLarge = concat(largest.subarray(0, 24), Uint8Array.of(0x41), largest.subarray(24));
    const result = decodeAll(concat(tooLarge, ping, ping));
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['oversize-resync']);
    expect(result.frames.map((f) => f.action)).toEqual([4]);
  });

  it('resync starts with a zeroed window, as HyperDbg (80 EE FF right after an overflow ends it)', () => {
    const overflow = new Uint8Array(MAX_FRAME_BYTES + 1).fill(0x41);
    const { frames, diagnostics } = decodeAll(concat(overflow, hex('80 EE FF'), ping));
    expect(diagnostics.map((d) => d.kind)).toEqual(['oversize-resync']);
    expect(frames.map((f) => f.action)).toEqual([4]);
  });

  it('gives up after 4 × 81,920 bytes of resync and starts a fresh frame', () => {
    const noise = new Uint8Array(MAX_FRAME_BYTES + 1 + RESYNC_MAX_BYTES).fill(0x41);
    const { frames, diagnostics } = decodeAll(concat(noise, ping), [100_000, 200_000, 300_000]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['oversize-resync', 'resync-gave-up']);
    expect(frames.map((f) => f.action)).toEqual([4]);
  });

  it('HyperDbg #661: 64 KiB without a marker is held (bounded), then the next frame still decodes', () => {
    const garbage = new Uint8Array(64 * 1024).fill(0x55);
    const { frames, diagnostics, maxBuffered } = decodeAll(concat(garbage, ping), [1000, 30_000]);
    expect(maxBuffered).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    // The garbage and the ping end up as one frame with a bad indicator; nothing is thrown.
    expect(frames).toEqual([]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['bad-indicator']);
    expect(decodeAll(concat(garbage, END_MARKER, ping)).frames.map((f) => f.action)).toEqual([4]);
  });
});

describe('encoder refusals', () => {
  it('refuses a payload above 81,892 bytes', () => {
    expect(() => encodeFrame(1, 22, new Uint8Array(MAX_PAYLOAD_BYTES + 1))).toThrow(FrameEncodeError);
    try {
      encodeFrame(1, 22, new Uint8Array(MAX_PAYLOAD_BYTES + 1));
    } catch (error) {
      expect((error as FrameEncodeError).code).toBe('payload-too-large');
    }
    expect(encodeFrame(1, 22, new Uint8Array(MAX_PAYLOAD_BYTES))).toHaveLength(MAX_FRAME_BYTES);
  });

  it('refuses a payload containing the end marker, including across the header boundary', () => {
    const inside = hex('11 22 00 80 EE FF 33');
    const atStart = hex('80 EE FF 00'); // header byte 23 is 00: 00|80 EE FF
    for (const payload of [inside, atStart]) {
      let caught: unknown;
      try {
        encodeFrame(1, 23, payload);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FrameEncodeError);
      expect((caught as FrameEncodeError).code).toBe('payload-contains-end-marker');
    }
    // A payload ending in the first marker bytes is fine: the real marker still comes first.
    expect(() => encodeFrame(1, 23, hex('00 80 EE'))).not.toThrow();
    expect(decodeAll(encodeFrame(1, 23, hex('00 80 EE'))).frames[0].payload).toEqual(hex('00 80 EE'));
  });

  it('refuses header values that are not u32', () => {
    expect(() => encodeFrame(-1, 1)).toThrow(FrameEncodeError);
    expect(() => encodeFrame(1, 2 ** 32)).toThrow(FrameEncodeError);
  });
});

describe('properties', () => {
  const safePayload = fc.uint8Array({ maxLength: 300 }).filter((p) => {
    try {
      encodeFrame(3, 41, p);
      return true;
    } catch {
      return false;
    }
  });
  const frameArb = fc.record({ action: fc.integer({ min: 0, max: 0xffff }), payload: safePayload });

  it('any frame sequence split at any points decodes to the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (specs, cuts) => {
          const stream = concat(...specs.map((s) => encodeFrame(3, s.action, s.payload)));
          const splits = cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length));
          const { frames, diagnostics } = decodeAll(stream, splits, [3]);
          expect(diagnostics).toEqual([]);
          expect(frames).toEqual(specs.map((s) => ({ packetType: 3, action: s.action, payload: s.payload })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('garbage, corrupted and truncated frames never throw, stay bounded, and good frames after a marker survive', () => {
    const noise = fc.uint8Array({ maxLength: 200 });
    const damaged = fc
      .tuple(frameArb, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean())
      .map(([spec, at, flip, truncate]) => {
        const frame = encodeFrame(3, spec.action, spec.payload);
        const body = frame.slice(0, frame.length - 4);
        if (truncate) return body.subarray(0, at % body.length); // peer died mid-frame, marker never sent
        body[at % body.length] ^= flip;
        return concat(body, END_MARKER);
      });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(noise, damaged), { maxLength: 8 }),
        frameArb,
        fc.array(fc.nat(), { maxLength: 10 }),
        (junk, good, cuts) => {
          // A marker after the junk re-aligns the stream, whatever the junk was (one byte first:
          // a marker at the very start of an accumulation is not an end).
          const stream = concat(
            ...junk,
            Uint8Array.of(0x41),
            END_MARKER,
            encodeFrame(3, good.action, good.payload),
          );
          const splits = cuts.map((c) => c % Math.max(1, stream.length));
          const { frames, maxBuffered } = decodeAll(stream, splits, [3]);
          expect(maxBuffered).toBeLessThanOrEqual(MAX_FRAME_BYTES);
          expect(frames.at(-1)).toEqual({ packetType: 3, action: good.action, payload: good.payload });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('large frames at any alignment: the word-wise receiver checksum agrees with the byte-wise sender', () => {
    fc.assert(
      fc.property(
        // Lengths drawn explicitly: fast-check keeps generated arrays short, and the checksum's
        // lane folding only matters above 128 words.
        fc.integer({ min: 2_000, max: 40_000 }),
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.integer({ min: 1, max: 7 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (length, seed, misalign, corruptAt, flip) => {
          let x = seed;
          const payload = new Uint8Array(length).map(() => {
            x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
            const b = x >>> 24;
            return b === 0xee ? 0xed : b; // no end marker possible
          });
          const frame = encodeFrame(3, 57, payload);
          // Shift the frame to every alignment inside the chunk: junk + marker first.
          const lead = concat(new Uint8Array(misalign).fill(0x41), END_MARKER);
          const ok = decodeAll(concat(lead, frame));
          expect(ok.frames.map((f) => f.payload)).toEqual([payload]);
          const corrupted = frame.slice();
          corrupted[16 + (corruptAt % (frame.length - 20))] ^= flip;
          fc.pre(findEndMarker(corrupted.subarray(0, -4)) === -1); // the flip must not create a marker
          expect(decodeAll(concat(lead, corrupted)).decoder.diagnostics['bad-checksum']).toBe(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('arbitrary bytes never throw and never hold more than 81,920 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 4096 }), { maxLength: 40 }), (chunks) => {
        const decoder = new FrameDecoder({ acceptedTypes: [3] });
        for (const chunk of chunks) {
          decoder.push(chunk);
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('large marker-free input in big chunks stays bounded and finishes quickly', () => {
    const decoder = new FrameDecoder({ acceptedTypes: [3] });
    const chunk = new Uint8Array(64 * 1024).fill(0xee);
    const started = Date.now();
    for (let i = 0; i < 64; i++) {
      decoder.push(chunk);
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(decoder.diagnostics['oversize-resync']).toBeGreaterThan(0);
    expect(decoder.diagnostics['resync-gave-up']).toBeGreaterThan(0);
  });
});

describe('header layout', () => {
  it('is 24 bytes with the indicator at 8 and the marker last', () => {
    const frame = encodeFrame(1, 6);
    expect(FRAME_HEADER_SIZE).toBe(24);
    expect(new DataView(frame.buffer).getBigUint64(8, true)).toBe(0x4859504552444247n);
    expect(frame.subarray(-4)).toEqual(END_MARKER);
  });
});

/** A frame exactly as HyperDbg's sender builds it, without the encoder's end-marker refusal. */
function frameAsHyperDbgSends(type: number, action: number, payload: Uint8Array): Uint8Array {
  const header = encodeFrame(type, action).subarray(0, FRAME_HEADER_SIZE);
  const frame = concat(header, payload, END_MARKER);
  frame[0] = (header[0] + payload.reduce((sum, b) => sum + b, 0)) & 0xff;
  return frame;
}

function decodeRejoining(stream: Uint8Array, splits: number[] = []) {
  const diagnostics: FrameDiagnostic[] = [];
  const decoder = new FrameDecoder({
    acceptedTypes: [3],
    rejoinSplitFrames: true,
    onDiagnostic: (d) => diagnostics.push(d),
  });
  const frames: Frame[] = [];
  let start = 0;
  for (const cut of [
    ...splits.filter((s) => s > 0 && s < stream.length).sort((a, b) => a - b),
    stream.length,
  ]) {
    frames.push(...decoder.push(stream.subarray(start, cut)));
    start = cut;
  }
  return { frames, kinds: diagnostics.map((d) => d.kind) };
}

describe('rejoining frames cut by an end marker in their payload (opt-in, reference 2.7)', () => {
  // A memory read whose data holds the kernel address 0xFFFFEE80_00123456 (LE: 56 34 12 00 80 EE FF FF).
  const data = hex('11 22 33 44 56 34 12 00 80 EE FF FF 99 88');
  const cut = frameAsHyperDbgSends(3, 57, data);
  const ping = encodeFrame(3, 4);

  it('without the option the frame is lost exactly as in HyperDbg (bad checksum, then the remainder)', () => {
    const { frames, diagnostics } = decodeAll(concat(cut, ping), [], [3]);
    expect(frames.map((f) => f.action)).toEqual([4]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['bad-checksum', 'short-frame']);
    const longer = decodeAll(
      concat(frameAsHyperDbgSends(3, 57, concat(data, new Uint8Array(30))), ping),
      [],
      [3],
    );
    expect(longer.diagnostics.map((d) => d.kind)).toEqual(['bad-checksum', 'bad-indicator']);
  });

  it('with it the two parts are rejoined into the original frame', () => {
    const { frames, kinds } = decodeRejoining(concat(cut, ping), [9, 30]);
    expect(frames).toEqual([
      { packetType: 3, action: 57, payload: data },
      { packetType: 3, action: 4, payload: new Uint8Array() },
    ]);
    expect(kinds).toEqual(['split-frame-rejoined']);
  });

  it('a payload cut twice is rejoined too', () => {
    const twice = hex('00 80 EE FF 01 00 80 EE FF 02');
    const { frames, kinds } = decodeRejoining(
      concat(frameAsHyperDbgSends(3, 57, concat(Uint8Array.of(7), twice)), ping),
    );
    expect(frames.map((f) => f.payload)).toEqual([concat(Uint8Array.of(7), twice), new Uint8Array()]);
    expect(kinds).toEqual(['split-frame-rejoined']);
  });

  it('a frame that is simply corrupted is still reported as a bad checksum when the next frame arrives', () => {
    const corrupted = ping.slice();
    corrupted[0] ^= 0xff;
    const { frames, kinds } = decodeRejoining(concat(corrupted, ping));
    expect(frames.map((f) => f.action)).toEqual([4]);
    expect(kinds).toEqual(['bad-checksum']);
  });

  it('property: random payloads with end markers inside arrive whole, however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(END_MARKER)), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, cuts) => {
          const payload = concat(Uint8Array.of(1), ...parts); // one byte first: the header's last byte is 00
          // Not recoverable: a payload ending in the marker makes the real marker start the next
          // accumulation, where it counts as data, so the following frame is swallowed as well.
          fc.pre(payload.subarray(-4).join() !== END_MARKER.join());
          const frame = frameAsHyperDbgSends(3, 57, payload);
          // Skip what an 8-bit checksum cannot tell apart: a prefix ending at an inner marker whose
          // byte sum equals the whole payload's (a cut-off or partly rejoined frame that passes the
          // checksum by chance, about 1 in 256 per cut).
          const sum = (bytes: Uint8Array): number => bytes.reduce((n, b) => n + b, 0) & 0xff;
          for (let at = findEndMarker(payload, 0); at !== -1; at = findEndMarker(payload, at + 1)) {
            fc.pre(sum(payload.subarray(0, at)) !== sum(payload));
          }
          const stream = concat(frame, ping);
          const { frames } = decodeRejoining(
            stream,
            cuts.map((c) => c % stream.length),
          );
          expect(frames).toEqual([
            { packetType: 3, action: 57, payload },
            { packetType: 3, action: 4, payload: new Uint8Array() },
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
