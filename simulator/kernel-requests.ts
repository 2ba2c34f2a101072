import type { SimulatedDebuggee } from './debuggee';
import type { BreakpointTable } from './breakpoints';
import { RequestContext, type RequestFamily, type RequestHandler } from './requests/context';
import { debuggerStateRequests } from './requests/debugger-state';
import { eventRequests } from './requests/events';
import { executionRequests } from './requests/execution';
import { memoryRequests } from './requests/memory';
import { platformRequests } from './requests/platform';
import { processRequests } from './requests/processes';
import { registerRequests } from './requests/registers';
import { scriptRequests } from './requests/script';
import { userModeRequests } from './requests/user-mode';

/**
 * hyperkd's halted command loop: one handler per type-1 action, each answering exactly as
 * KdDispatchAndPerformCommandsFromDebugger does (same structs echoed with the status filled in,
 * the same logs before the answer, the same "resume now, halt again later" for steps, forwarded
 * commands, symbol reloads and core switches). The handlers live in `requests/`, one file per
 * request family; a new family is one more file and one more entry in `FAMILIES`.
 */

const FAMILIES: readonly ((ctx: RequestContext) => RequestFamily)[] = [
  executionRequests,
  debuggerStateRequests,
  platformRequests,
  memoryRequests,
  registerRequests,
  processRequests,
  eventRequests,
  scriptRequests,
  userModeRequests,
];

export class KernelRequests {
  private readonly context: RequestContext;
  private readonly handlers = new Map<number, RequestHandler>();

  constructor(d: SimulatedDebuggee) {
    this.context = new RequestContext(d);
    for (const family of FAMILIES) {
      for (const [action, handler] of Object.entries(family(this.context))) {
        if (!handler) continue;
        // two families answering one action would make the answer depend on their order
        if (this.handlers.has(Number(action)))
          throw new Error(`two request families answer action ${action}`);
        this.handlers.set(Number(action), handler);
      }
    }
  }

  get breakpoints(): BreakpointTable {
    return this.context.breakpoints;
  }

  /** Runs the handler of a type-1 action; false for an action hyperkd does not know. */
  dispatch(action: number, payload: Uint8Array): boolean {
    const handler = this.handlers.get(action);
    if (!handler) return false;
    handler(payload);
    return true;
  }
}
