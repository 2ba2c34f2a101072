import { encodeFrame, FrameDecoder, type Frame } from '../../shared/protocol/frame';
import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../../shared/protocol/generated/enums';
import { decodeLogPayload, encodeVersionPayload } from '../../shared/protocol/payloads';
import { DEBUGGEE_KD_PAUSED_PACKET } from '../../shared/protocol/structs';
import { SimulatedDebuggee, type SimulatorOptions } from '../debuggee';

/**
 * Drives a simulated debuggee the way a debugger does in tests: raw frames built by the protocol
 * core go in, every byte that comes out is kept and decoded with the debugger's receive rules.
 */
export class Harness {
  readonly sim: SimulatedDebuggee;
  readonly bytes: number[] = [];
  private readonly decoder = new FrameDecoder({ acceptedTypes: [3] });
  private frames: Frame[] = [];

  constructor(options: Partial<SimulatorOptions> = {}) {
    this.sim = new SimulatedDebuggee(options, (chunk) => {
      this.bytes.push(...chunk);
      this.frames.push(...this.decoder.push(chunk));
    });
  }

  /** Everything received since the last call. */
  take(): Frame[] {
    const out = this.frames;
    this.frames = [];
    return out;
  }

  sendT1(action: number, payload: Uint8Array = new Uint8Array(0)): Frame[] {
    this.sim.receive(encodeFrame(1, action, payload));
    return this.take();
  }

  sendT2(action: number, payload: Uint8Array = new Uint8Array(0)): Frame[] {
    this.sim.receive(encodeFrame(2, action, payload));
    return this.take();
  }

  /** PING → version answer → STARTED, symbols, FINISHED: leaves the debuggee running. */
  connect(): Frame[] {
    this.sim.start();
    this.take();
    return this.sendT2(
      RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_DEBUGGER_VERSION,
      encodeVersionPayload(this.sim.options.signature),
    );
  }

  /** Connects and breaks in; returns the PAUSED frame. */
  connectAndPause(): Frame {
    this.connect();
    const [paused] = this.sendT2(RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_ON_USER_MODE_PAUSE);
    return paused;
  }
}

export const logText = (frame: Frame): { code: number; text: string } => {
  const log = decodeLogPayload(frame.payload);
  return { code: log.operationCode, text: log.text };
};

export const paused = (frame: Frame) => DEBUGGEE_KD_PAUSED_PACKET.decode(frame.payload);
