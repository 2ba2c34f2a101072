import { encodeFrame, FrameEncodeError } from '../shared/protocol/frame';

/**
 * Frames as hyperkd and the debuggee's user mode send them. Unlike our debugger, HyperDbg's
 * debuggee does not refuse a payload that happens to contain the end marker (memory contents,
 * kernel addresses like 0xFFFFEE80`00xxxxxx): it sends it and the debugger loses the frame.
 * The simulator reproduces that hazard instead of hiding it.
 */
export function encodeAsDebuggeeSends(packetType: number, action: number, payload: Uint8Array): Uint8Array {
  try {
    return encodeFrame(packetType, action, payload);
  } catch (error) {
    if (!(error instanceof FrameEncodeError) || error.code !== 'payload-contains-end-marker') throw error;
    // Encode a copy without the marker bytes, then put the real payload back and correct the
    // checksum by the difference of the payload byte sums (the checksum is a plain 8-bit sum).
    const neutral = payload.slice();
    neutral.fill(0);
    const frame = encodeFrame(packetType, action, neutral);
    const headerSize = frame.length - payload.length - 4;
    frame.set(payload, headerSize);
    const payloadSum = payload.reduce((sum, b) => sum + b, 0);
    frame[0] = (frame[0] + payloadSum) & 0xff;
    return frame;
  }
}

/** A C string from bytes (up to the first NUL), one character per byte. */
export function cString(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

/** One byte per character (characters above 0xFF keep their low byte, as a C char would). */
export function latin1(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}
