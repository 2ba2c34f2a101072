// What every MCP answer ends with (the state trailer: running/paused, core, RIP) and the halt
// counter behind `continue`'s handle: `g` returns at once with `halt-N`, and `wait_for_halt`
// resolves on the first halt after the N-th.
import { z } from 'zod';
import type { DebuggerService } from '../app/debugger-service';
import type { HaltContext, SessionDiagnostic } from '../session/link';
import { Emitter } from '../../shared/events/emitter';

export const hex = (value: bigint): string => `0x${value.toString(16)}`;

export const trailerSchema = z.object({
  state: z.string().describe('disconnected, connecting, handshaking, running, paused or closed'),
  core: z.number().int().nullable().describe('operating core while paused'),
  rip: z.string().nullable().describe('RIP while paused (hex)'),
  pauseReason: z.string().nullable(),
});
export type Trailer = z.infer<typeof trailerSchema>;

export const haltSchema = z.object({
  rip: z.string(),
  core: z.number().int(),
  reason: z.string(),
  instruction: z.string().nullable(),
  eventTag: z.string().nullable().describe('event tag (reason event) or breakpoint id, hex'),
  stage: z.enum(['pre', 'post']).nullable(),
  process: z.object({ pid: z.number().int(), tid: z.number().int(), name: z.string() }).nullable(),
});
export type Halt = z.infer<typeof haltSchema>;

export function haltOf(context: HaltContext): Halt {
  return {
    rip: hex(context.rip),
    core: context.core,
    reason: context.reasonName,
    instruction: context.instruction?.text ?? null,
    eventTag: context.eventTag !== 0n ? hex(context.eventTag) : null,
    stage: context.eventStage === 1 ? 'pre' : context.eventStage === 2 ? 'post' : null,
    process: context.thread
      ? { pid: context.thread.processId, tid: context.thread.threadId, name: context.thread.processName }
      : null,
  };
}

export function trailerOf(service: DebuggerService): Trailer {
  const context = service.state === 'paused' ? service.pausedContext() : undefined;
  return {
    state: service.state,
    core: context?.core ?? null,
    rip: context ? hex(context.rip) : null,
    pauseReason: context?.reasonName ?? null,
  };
}

/** The trailer as the last line of a tool's text, e.g. `[paused · core 0 · rip 0xfffff80163a1b2c3]`. */
export function trailerLine(trailer: Trailer): string {
  const parts = [trailer.state];
  if (trailer.core !== null) parts.push(`core ${trailer.core}`);
  if (trailer.rip !== null) parts.push(`rip ${trailer.rip}`);
  if (trailer.pauseReason !== null) parts.push(trailer.pauseReason);
  return `[${parts.join(' · ')}]`;
}

const KEPT_DIAGNOSTICS = 20;

/** Follows the service: counts halts (for halt handles) and keeps the last diagnostics. */
export class SessionWatch {
  private halts = 0;
  private lastHalt: HaltContext | undefined;
  /** "A halt happened or the session ended": what `nextChange` waits for. */
  private readonly changes = new Emitter<{ change: undefined }>();
  readonly diagnostics: SessionDiagnostic[] = [];
  private readonly unsubscribe: () => void;

  constructor(service: DebuggerService) {
    const wakeAll = (): void => this.changes.emit('change', undefined);
    const stops = [
      service.on('paused', (context) => {
        this.halts++;
        this.lastHalt = context;
        wakeAll();
      }),
      service.on('diagnostic', (diagnostic) => {
        this.diagnostics.push(diagnostic);
        if (this.diagnostics.length > KEPT_DIAGNOSTICS) this.diagnostics.shift();
      }),
      service.on('state', ({ state }) => {
        if (state === 'disconnected' || state === 'closed') wakeAll();
      }),
    ];
    this.unsubscribe = () => stops.forEach((stop) => stop());
  }

  /** Handle naming "the next halt from now". */
  nextHaltHandle(): string {
    return `halt-${this.halts}`;
  }

  get haltCount(): number {
    return this.halts;
  }

  /** The halt after the handle's count, if it happened already. */
  haltAfter(count: number): HaltContext | undefined {
    return this.halts > count ? this.lastHalt : undefined;
  }

  /** Resolves at the next halt or when the session ends (the caller re-checks which). */
  nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const stop = this.changes.on('change', () => {
        stop();
        resolve();
      });
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.changes.emit('change', undefined);
  }
}

export function parseHaltHandle(handle: string): number | undefined {
  const match = /^halt-(\d+)$/.exec(handle);
  return match ? Number(match[1]) : undefined;
}
