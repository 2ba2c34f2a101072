/**
 * One event command turned into packets (by electron/commands/events/prepare-event.ts), before
 * anything is sent: the pool ledger (electron/model) forecasts and records it, the event
 * handlers send it.
 */
import type { GeneralAction, GeneralEventDetail } from '../../shared/protocol/event-packets';

export interface EventPlan {
  /** The command as typed. */
  readonly commandText: string;
  /**
   * HyperDbg's own record of the command, which `events` lists: every token (block contents
   * without their braces) followed by one space.
   */
  readonly listingText: string;
  readonly commandName: string;
  readonly event: GeneralEventDetail;
  /** In send order: break, custom code, script. */
  readonly actions: readonly GeneralAction[];
  readonly scriptSource?: string;
}
