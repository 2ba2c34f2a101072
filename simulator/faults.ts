import { encodeLogPayload } from '../shared/protocol/payloads';
import { Rng } from './rng';
import { encodeAsDebuggeeSends } from './wire';

/**
 * Faults on demand between the simulated debuggee and its link, so a debugger's error paths
 * can be exercised: each one is either a rate (per outgoing frame, drawn from its own seeded
 * generator so runs are reproducible) or a one-shot request from a test.
 *
 *   drop        one byte of the frame is lost
 *   corrupt     one byte of the frame is flipped
 *   checksum    the checksum byte is wrong
 *   split       the frame is delivered in several small chunks
 *   merge       the frame is held back and delivered together with the next one
 *   oversize    81,921 bytes without an end marker are sent before the frame
 *   marker      a log frame whose text contains the end marker 00 80 EE FF is sent before it
 *   disconnect  the link drops in the middle of the frame
 *   reboot      the debuggee reboots (and pings for a new handshake)
 *   silence     the debuggee goes quiet: nothing more is sent until `speak()`
 */
export const FAULT_KINDS = [
  'drop',
  'corrupt',
  'checksum',
  'split',
  'merge',
  'oversize',
  'marker',
  'disconnect',
  'reboot',
  'silence',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultSink {
  write(chunk: Uint8Array): void;
  disconnect(): void;
  reboot(): void;
}

/** Parses `--faults` text: `kind=probability` pairs separated by commas, e.g. `drop=0.001,split=0.2`. */
export function parseFaultSpec(text: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)=([0-9.]+)$/.exec(part);
    if (!match || !(FAULT_KINDS as readonly string[]).includes(match[1])) {
      throw new Error(
        `err, '${part}' is not a fault; use kind=probability with kind one of ${FAULT_KINDS.join(', ')} (e.g. --faults drop=0.001,split=0.2)`,
      );
    }
    const p = Number(match[2]);
    if (!(p >= 0 && p <= 1))
      throw new Error(`err, the probability of '${match[1]}' must be between 0 and 1 (got ${match[2]})`);
    rates[match[1] as FaultKind] = p;
  }
  return rates;
}

export class FaultInjector {
  private readonly rng: Rng;
  private readonly pending = new Set<FaultKind>();
  private held: Uint8Array | undefined;
  private silent = false;
  /** how many faults of each kind were applied */
  readonly applied: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<
    FaultKind,
    number
  >;

  constructor(
    seed: number,
    private rates: FaultRates,
    private readonly sink: FaultSink,
  ) {
    // a generator of its own, so enabling faults does not change the debuggee's workload
    this.rng = new Rng(seed ^ 0x5f3759df);
  }

  /** Applies `kind` to the next outgoing frame (or, for silence/reboot/disconnect, right away). */
  inject(kind: FaultKind): void {
    if (kind === 'silence') {
      this.silent = true;
      this.applied.silence++;
    } else if (kind === 'reboot' || kind === 'disconnect') {
      this.applied[kind]++;
      if (kind === 'reboot') this.sink.reboot();
      else this.sink.disconnect();
    } else {
      this.pending.add(kind);
    }
  }

  setRates(rates: FaultRates): void {
    this.rates = rates;
  }

  /** Ends a silence. */
  speak(): void {
    this.silent = false;
  }

  get isSilent(): boolean {
    return this.silent;
  }

  /** One complete frame from the debuggee. */
  frame(bytes: Uint8Array): void {
    if (this.silent) return;
    const due = (kind: FaultKind): boolean => {
      if (this.pending.delete(kind)) return true;
      const p = this.rates[kind];
      return p !== undefined && p > 0 && this.rng.chance(p);
    };
    if (due('reboot')) {
      this.applied.reboot++;
      this.sink.reboot();
      return;
    }
    if (due('silence')) {
      this.applied.silence++;
      this.silent = true;
      return;
    }
    if (due('oversize')) {
      this.applied.oversize++;
      this.sink.write(new Uint8Array(81_921).fill(0x41));
    }
    if (due('marker')) {
      this.applied.marker++;
      const text = Uint8Array.of(0x6d, 0x61, 0x72, 0x6b, 0x00, 0x80, 0xee, 0xff, 0x65, 0x72, 0x0a);
      this.sink.write(encodeAsDebuggeeSends(3, 41, encodeLogPayload(1, text)));
    }
    let out = bytes;
    if (due('checksum')) {
      this.applied.checksum++;
      out = out.slice();
      out[0] = (out[0] + 1 + this.rng.below(255)) & 0xff;
    }
    if (due('corrupt')) {
      this.applied.corrupt++;
      out = out.slice();
      out[this.rng.below(out.length)] ^= 1 << this.rng.below(8);
    }
    if (due('drop')) {
      this.applied.drop++;
      const at = this.rng.below(out.length);
      out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    }
    if (due('disconnect')) {
      this.applied.disconnect++;
      this.flushHeld();
      this.sink.write(out.subarray(0, Math.max(1, this.rng.below(out.length))));
      this.sink.disconnect();
      return;
    }
    if (due('merge') && !this.held) {
      this.applied.merge++;
      this.held = out;
      return;
    }
    if (this.held) {
      out = Uint8Array.from([...this.held, ...out]);
      this.held = undefined;
    }
    if (due('split') && out.length > 1) {
      this.applied.split++;
      let at = 0;
      while (at < out.length) {
        const size = 1 + this.rng.below(Math.min(16, out.length - at));
        this.sink.write(out.subarray(at, at + size));
        at += size;
      }
      return;
    }
    this.sink.write(out);
  }

  /** Delivers a frame held back for merging: the runner calls it when a burst of output ends and the link goes idle. */
  flushHeld(): void {
    if (!this.held) return;
    const held = this.held;
    this.held = undefined;
    this.sink.write(held);
  }
}
