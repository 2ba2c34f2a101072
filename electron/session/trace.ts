import { createWriteStream, openSync, readFileSync, type WriteStream } from 'node:fs';
import { describeSystemError } from '../transport/system-errors';
import type { ByteTransport } from '../transport/transport';

/**
 * Session recording: every byte in both directions with its time, as JSON lines so a trace
 * can be read in a bug report and diffed:
 *   {"hdsTrace":1,"signature":"0.2.0-…","endpoint":"tcp:…","startedAt":"2026-…Z"}
 *   {"t":12.5,"d":"out","hex":"58000000…"}
 *   {"t":40.1,"d":"in","hex":"5c000000…"}
 * `t` is milliseconds since the recording started.
 */
export interface TraceHeader {
  readonly hdsTrace: 1;
  readonly signature: string;
  readonly endpoint: string;
  readonly startedAt: string;
}

export interface TraceChunk {
  readonly t: number;
  readonly d: 'in' | 'out';
  readonly bytes: Uint8Array;
}

export class TraceWriter {
  private stream: WriteStream | undefined;
  private readonly start = performance.now();

  /**
   * Opens `path` at once, so a bad path fails here (the caller says so before connecting). A
   * write that fails later (disk full) stops the recording and is reported through `onFailure`;
   * the session itself goes on.
   */
  constructor(
    private readonly path: string,
    header: Omit<TraceHeader, 'hdsTrace' | 'startedAt'>,
    private readonly onFailure: (message: string) => void,
  ) {
    this.stream = createWriteStream(path, { fd: openSync(path, 'w') });
    this.stream.on('error', (error) => this.stop(error));
    const full: TraceHeader = { hdsTrace: 1, ...header, startedAt: new Date().toISOString() };
    this.stream.write(`${JSON.stringify(full)}\n`);
  }

  record(direction: 'in' | 'out', bytes: Uint8Array): void {
    const t = Math.round((performance.now() - this.start) * 1000) / 1000;
    this.stream?.write(`${JSON.stringify({ t, d: direction, hex: Buffer.from(bytes).toString('hex') })}\n`);
  }

  /** Flushes and closes the file; a write that fails while flushing is reported like any other. */
  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('close', () => {
        this.stream = undefined;
        resolve();
      });
      stream.end();
    });
  }

  private stop(error: Error): void {
    const stream = this.stream;
    if (!stream) return;
    this.stream = undefined;
    stream.destroy();
    this.onFailure(
      `recording to ${this.path} stopped: ${describeSystemError(error, this.path) ?? error.message}. ` +
        'The session goes on without it; the trace holds what was written before.',
    );
  }
}

/** Wraps a transport so every byte in and out is also written to the trace. */
export function recordingTransport(transport: ByteTransport, trace: TraceWriter): ByteTransport {
  return {
    label: transport.label,
    write: (bytes) => {
      trace.record('out', bytes);
      return transport.write(bytes);
    },
    onData: (listener) =>
      transport.onData((chunk) => {
        trace.record('in', chunk);
        listener(chunk);
      }),
    onClose: (listener) => transport.onClose(listener),
    close: async () => {
      await transport.close();
      await trace.close();
    },
  };
}

export type TraceRead =
  { ok: true; header: TraceHeader; chunks: TraceChunk[] } | { ok: false; error: string };

/** Reads a trace; a damaged line is reported with its number instead of being skipped silently. */
export function readTrace(path: string): TraceRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `err, cannot read the trace ${path}: ${(error as Error).message}` };
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let header: TraceHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as TraceHeader;
  } catch {
    return { ok: false, error: `err, ${path} is not an hds trace (its first line is not a trace header)` };
  }
  if (header.hdsTrace !== 1)
    return { ok: false, error: `err, ${path} is not an hds trace (version ${String(header.hdsTrace)})` };
  const chunks: TraceChunk[] = [];
  for (let i = 1; i < lines.length; i++) {
    try {
      const entry = JSON.parse(lines[i]!) as { t: number; d: string; hex: string };
      if (
        (entry.d !== 'in' && entry.d !== 'out') ||
        typeof entry.hex !== 'string' ||
        !/^([0-9a-f]{2})*$/i.test(entry.hex)
      ) {
        throw new Error('bad entry');
      }
      chunks.push({ t: entry.t, d: entry.d, bytes: Buffer.from(entry.hex, 'hex') });
    } catch {
      return {
        ok: false,
        error: `err, line ${i + 1} of ${path} is damaged; the trace cannot be replayed past it`,
      };
    }
  }
  return { ok: true, header, chunks };
}
