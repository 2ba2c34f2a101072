import { DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION as RA } from '../shared/protocol/generated/enums';
import { SimulatedDebuggee, type SimulatorOptions } from './debuggee';
import { FaultInjector, type FaultRates } from './faults';

/**
 * Puts a simulated debuggee on a live link: real time for the handshake retries and the
 * running workload, backpressure from the link, and the fault injector between the debuggee
 * and the bytes on the wire. The debuggee itself stays pure (see debuggee.ts).
 */

export interface LinkOptions extends Partial<SimulatorOptions> {
  /** workload hits per second while the debuggee runs; 'max' runs as fast as the link drains */
  rate?: number | 'max';
  faults?: FaultRates;
  /** the handshake's read timeout before the debuggee pings again (HyperDbg: 5 s) */
  handshakeRetryMs?: number;
  /**
   * How long the debuggee takes over STARTED, the symbol records and FINISHED, as a multiple of
   * HANDSHAKE_DELAYS_MS (1, the default: about 0.2 s for the full module list; 0: all at once;
   * about 27: each symbol record as slow as 620 bytes on a 115200-baud serial line).
   */
  pace?: number;
}

/**
 * Real-time delays (ms at pace 1) before the frames that follow the version check: hyperkd
 * prepares STARTED, then the debuggee's user mode reads each module's debug directory from its
 * file and hands the record to the driver, then reports the end. Fixed values, so a session's
 * timing does not depend on the seed.
 */
export const HANDSHAKE_DELAYS_MS = { started: 20, symbol: 2, finished: 10 } as const;

/** Frame header offset of RequestedAction (protocol §2.1). */
const ACTION_OFFSET = 20;

/** The byte pipe towards the debugger. `write` returns false when the link is congested. */
export interface Link {
  write(chunk: Uint8Array): boolean;
  close(): void;
}

const TICK_MS = 10;
const MAX_BATCH = 4096;

export class SimulationRunner {
  private current: SimulatedDebuggee;
  readonly faults: FaultInjector;
  private readonly rate: number | 'max';
  private handshakeTimer: ReturnType<typeof setInterval> | undefined;
  private workloadTimer: ReturnType<typeof setInterval> | undefined;
  private saturating = false;
  private congested = false;
  private closed = false;
  private owedHits = 0;
  /** output of a workload batch, written to the link in one go (one syscall, not one per frame) */
  private batch: Uint8Array[] | undefined;
  private lastTick = Date.now();
  /** handshake frames waiting for their real-time delay, and everything emitted behind them */
  private readonly paced: { frame: Uint8Array; delayMs: number }[] = [];
  private paceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: LinkOptions,
    private readonly link: Link,
  ) {
    this.rate = options.rate ?? 100;
    this.faults = new FaultInjector(options.seed ?? 1, options.faults ?? {}, {
      write: (chunk) => {
        if (this.batch) this.batch.push(chunk);
        else if (!this.link.write(chunk)) this.congested = true;
      },
      disconnect: () => this.close(),
      reboot: () => this.reboot(),
    });
    this.current = this.create();
  }

  get debuggee(): SimulatedDebuggee {
    return this.current;
  }

  /** `.debug prepare` on the debuggee: the first PING, then retries every handshakeRetryMs. */
  start(): void {
    this.current.start();
    this.faults.flushHeld();
    this.handshakeTimer = setInterval(() => {
      this.current.handshakeTimeout();
      this.faults.flushHeld();
    }, this.options.handshakeRetryMs ?? 5000);
    this.lastTick = Date.now();
    this.workloadTimer = setInterval(() => this.tick(), TICK_MS);
  }

  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    this.current.receive(chunk);
    // the answers to this input are out: a frame held for merging goes now, or the link would
    // stay idle with the debugger waiting for it
    this.faults.flushHeld();
    this.kick();
  }

  /** The link accepted everything written so far. */
  drained(): void {
    this.congested = false;
    this.kick();
  }

  /** A new boot of the debuggee: all state is lost and it pings for a new handshake. */
  reboot(): void {
    this.current = this.create();
    this.current.start();
    this.faults.flushHeld();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.handshakeTimer);
    clearInterval(this.workloadTimer);
    clearTimeout(this.paceTimer);
    this.link.close();
  }

  private create(): SimulatedDebuggee {
    // on a live link the debuggee's wall clock is the host's: log prefixes show the time of day
    // and move while it runs or sits halted
    const clockStartMs = this.options.clockStartMs ?? msSinceLocalMidnight(Date.now());
    return new SimulatedDebuggee({ ...this.options, clockStartMs }, (frame) => {
      if (!this.closed) this.pace(frame);
    });
  }

  /** Delays the handshake's frames as a real debuggee takes them; order is kept for all frames. */
  private pace(frame: Uint8Array): void {
    const delayMs = this.handshakeDelay(frame);
    if (delayMs === 0 && this.paced.length === 0) {
      this.faults.frame(frame);
      return;
    }
    this.paced.push({ frame, delayMs });
    if (this.paceTimer === undefined) this.releasePaced();
  }

  private handshakeDelay(frame: Uint8Array): number {
    const pace = this.options.pace ?? 1;
    if (pace === 0 || frame.length < ACTION_OFFSET + 4) return 0;
    const action = new DataView(frame.buffer, frame.byteOffset).getUint32(ACTION_OFFSET, true);
    switch (action) {
      case RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_STARTED:
        return HANDSHAKE_DELAYS_MS.started * pace;
      case RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_UPDATE_SYMBOL_INFO:
        return HANDSHAKE_DELAYS_MS.symbol * pace;
      case RA.DEBUGGER_REMOTE_PACKET_REQUESTED_ACTION_DEBUGGEE_RELOAD_SYMBOL_FINISHED:
        return HANDSHAKE_DELAYS_MS.finished * pace;
      default:
        return 0;
    }
  }

  /** Sends the queue's head after its delay, then everything undelayed behind it, then waits again. */
  private releasePaced(): void {
    const head = this.paced[0];
    if (!head) {
      this.paceTimer = undefined;
      this.kick();
      return;
    }
    this.paceTimer = setTimeout(() => {
      if (this.closed) return;
      this.faults.frame(head.frame);
      this.paced.shift();
      while (this.paced.length > 0 && this.paced[0].delayMs === 0)
        this.faults.frame(this.paced.shift()!.frame);
      this.faults.flushHeld();
      this.releasePaced();
    }, head.delayMs);
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    this.current.clock.advance(elapsed);
    if (this.rate === 'max') {
      this.kick();
      return;
    }
    if (this.current.state !== 'running' || this.congested || this.paced.length > 0) return;
    this.owedHits = Math.min(this.owedHits + (this.rate * elapsed) / 1000, this.rate);
    const hits = Math.floor(this.owedHits);
    if (hits > 0) {
      this.owedHits -= hits;
      this.runBatch(hits);
    }
  }

  private runBatch(hits: number): void {
    this.batch = [];
    try {
      this.current.runWorkload(hits, 0);
      this.faults.flushHeld();
    } finally {
      const chunks = this.batch;
      this.batch = undefined;
      if (chunks.length > 0 && !this.closed && !this.link.write(Buffer.concat(chunks))) this.congested = true;
    }
  }

  /** In 'max' mode: run workload batches until the link pushes back or the debuggee halts. */
  private kick(): void {
    if (this.rate !== 'max' || this.saturating) return;
    this.saturating = true;
    const loop = () => {
      if (this.closed || this.congested || this.paced.length > 0 || this.current.state !== 'running') {
        this.saturating = false;
        return;
      }
      this.runBatch(MAX_BATCH);
      setImmediate(loop);
    };
    setImmediate(loop);
  }
}

function msSinceLocalMidnight(now: number): number {
  const date = new Date(now);
  return (
    ((date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds()) * 1000 + date.getMilliseconds()
  );
}
