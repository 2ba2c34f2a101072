import * as C from '../shared/protocol/generated/constants';

/**
 * How hyperlog v0.23 turns kernel log calls into LOGGING_MECHANISM (a41) payloads in Debugger
 * Mode: `LogInfo/LogWarning/LogError` get the time/core prefix and the "[+] Information
 * (Function:Line) | " tag (ShowSystemTimeOnDebugMessages = TRUE); `Log(...)` has no prefix;
 * script output carries the event tag as operation code and its trailing NUL; `imm no` messages
 * are accumulated per VMX mode and sent as one OPERATION_LOG_NON_IMMEDIATE_MESSAGE (4) packet
 * when the next one would not fit in PacketChunkSize − 1 bytes.
 */

export type LogLevel = 'info' | 'warning' | 'error';

const LEVEL_TAG: Record<LogLevel, string> = {
  info: '[+] Information',
  warning: '[-] Warning',
  error: '[!] Error',
};

export const LEVEL_OPERATION_CODE: Record<LogLevel, number> = {
  info: C.OPERATION_LOG_INFO_MESSAGE,
  warning: C.OPERATION_LOG_WARNING_MESSAGE,
  error: C.OPERATION_LOG_ERROR_MESSAGE,
};

/**
 * A deterministic wall clock for the log prefix: the debuggee's local time starts at
 * `startMs` (milliseconds after midnight) and advances only when the simulation says so,
 * so the same seed and inputs give the same bytes.
 */
export class SimulatedClock {
  constructor(private nowMs: number) {}

  advance(ms: number): void {
    this.nowMs += ms;
  }

  /** The time-stamp counter of a 3.8 GHz invariant TSC started at midnight. */
  timeStampCounter(): bigint {
    return BigInt(Math.floor(this.nowMs)) * 3_800_000n;
  }

  /** "HH:MM:SS.mmm" as `%02hd:%02hd:%02hd.%03hd` of the local time fields. */
  timeOfDay(): string {
    const day = 24 * 3600 * 1000;
    const t = ((Math.floor(this.nowMs) % day) + day) % day;
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    return `${pad(Math.floor(t / 3600000), 2)}:${pad(Math.floor(t / 60000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}`;
  }
}

/** The text of one `LogInfo/LogWarning/LogError(format)` call; `message` is the already formatted format string. */
export function formatKernelLog(
  clock: SimulatedClock,
  core: number,
  vmxRoot: boolean,
  level: LogLevel,
  functionName: string,
  line: number,
  message: string,
): string {
  return (
    `(${clock.timeOfDay()} - core : ${core} - vmx-root? ${vmxRoot ? 'yes' : 'no'})\t ` +
    `${LEVEL_TAG[level]} (${functionName}:${line}) | ${message}\n`
  );
}

/** Accumulator of non-immediate (`imm no`) messages, one per VMX mode as in hyperlog. */
export class NonImmediateBuffer {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  /**
   * Adds one message; returns the batch that has to be sent first (opcode 4) when the
   * message would not fit any more, else undefined.
   */
  add(message: Uint8Array): Uint8Array | undefined {
    let flushed: Uint8Array | undefined;
    if (this.length + message.length > C.PacketChunkSize - 1 && this.length !== 0) flushed = this.take();
    this.chunks.push(message);
    this.length += message.length;
    return flushed;
  }

  private take(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    this.chunks.length = 0;
    this.length = 0;
    return out;
  }
}
