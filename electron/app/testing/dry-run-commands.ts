/**
 * Runs command lines over a DryRunLink (what `hds encode` uses) and returns what they sent, split
 * into packet type, action and payload, plus the console text: the frame tests of the commands.
 */
import { FRAME_HEADER_SIZE, END_MARKER } from '../../../shared/protocol/frame';
import { createSessionModels } from '../session-models';
import { DryRunLink } from '../../session/dry-run-link';
import { createCommandLayer, defaultSettings } from '../wiring';

export interface SentFrame {
  readonly packetType: number;
  readonly action: number;
  /** The payload as lower-case hex without spaces. */
  readonly payloadHex: string;
}

export interface DryRun {
  readonly ok: boolean;
  readonly frames: readonly SentFrame[];
  readonly output: string;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export async function dryRun(...lines: string[]): Promise<DryRun> {
  const link = new DryRunLink();
  const models = createSessionModels();
  let output = '';
  const dispatcher = createCommandLayer({
    link,
    output: (text) => (output += text),
    settings: defaultSettings(),
    models,
  });
  let ok = true;
  try {
    for (const line of lines) ok = (await dispatcher.execute(line)).ok && ok;
  } finally {
    models.close();
  }
  const frames = link.frames.map((frame) => {
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    return {
      packetType: view.getUint32(16, true),
      action: view.getUint32(20, true),
      payloadHex: hex(frame.subarray(FRAME_HEADER_SIZE, frame.length - END_MARKER.length)),
    };
  });
  return { ok, frames, output };
}

/** Little-endian hex of `value` in `bytes` bytes (for writing expected payloads field by field). */
export function le(value: number | bigint, bytes: number): string {
  let v = BigInt.asUintN(bytes * 8, BigInt(value));
  let out = '';
  for (let i = 0; i < bytes; i++) {
    out += (v & 0xffn).toString(16).padStart(2, '0');
    v >>= 8n;
  }
  return out;
}
