/**
 * The debuggee's cores as far as this session has heard of them. HyperDbg v0.23 never sends the
 * core count over the link, so the roster only grows as cores report: the operating core of every
 * halt (a `~ N` switch ends in the new core's halt), and the core of every log row (an event's
 * script output while halted, or the kernel's `core : N` prefix). One roster per session, so every
 * pane and client shows the same list.
 */
import { Emitter } from '../../shared/events/emitter';
import { MAX_CORE_ROWS } from '../../shared/ipc/limits';
import type { PausingReasonName } from '../session/link';

/** The last halt on which a core was the operating one. */
export interface CoreHalt {
  readonly rip: bigint;
  /** The PAUSED reason's name, e.g. `EVENT_TRIGGERED`, `CORE_SWITCHED`. */
  readonly reasonName: PausingReasonName;
}

export interface CoreSighting {
  readonly core: number;
  /** Undefined while the core has only been seen in log rows. */
  readonly lastHalt?: CoreHalt;
  /** Whether a log row named this core. */
  readonly logged: boolean;
}

export class CoreRoster {
  private readonly cores = new Map<number, CoreSighting>();
  private readonly changes = new Emitter<{ change: readonly CoreSighting[] }>();

  /** The operating core of a halt and where it stopped. */
  observeHalt(core: number, halt: CoreHalt): void {
    const known = this.cores.get(core);
    const last = known?.lastHalt;
    if (last && last.rip === halt.rip && last.reasonName === halt.reasonName) return;
    this.put({ core, lastHalt: halt, logged: known?.logged ?? false });
  }

  /** A log row tagged with this core. Cheap when nothing is new (called per row). */
  observeLog(core: number): void {
    const known = this.cores.get(core);
    if (known?.logged) return;
    this.put(known ? { ...known, logged: true } : { core, logged: true });
  }

  /** Every core heard of, lowest number first. */
  list(): CoreSighting[] {
    return [...this.cores.values()].sort((a, b) => a.core - b.core);
  }

  /** A new session (another debuggee may have another set of cores). */
  reset(): void {
    if (this.cores.size === 0) return;
    this.cores.clear();
    this.changes.emit('change', []);
  }

  onChange(listener: (cores: readonly CoreSighting[]) => void): () => void {
    return this.changes.on('change', listener);
  }

  private put(sighting: CoreSighting): void {
    if (!this.cores.has(sighting.core) && this.cores.size >= MAX_CORE_ROWS) return;
    this.cores.set(sighting.core, sighting);
    this.changes.emit('change', this.list());
  }
}
