/**
 * Command handlers for the event commands (`!epthook`, `!monitor`, … protocol reference 5.4) and
 * for `events` (5.7). They validate locally first (nothing reaches the wire on bad input), then
 * send REGISTER_EVENT / ADD_ACTION / QUERY_AND_MODIFY_EVENT / SET_SHORT_CIRCUITING_STATE and keep
 * the events model in step with the debuggee's answers.
 */
import { readFileSync } from 'node:fs';
import { fail, succeed, type CommandContext, type CommandHandler, type ParsedCommand } from '../types';
import type { LiveEventsModel } from '../../model/events-model';
import type { PoolLedgerModel } from '../../model/pool-ledger';
import { EVENT_COMMANDS } from './event-commands';
import { eventErrorMessage } from './event-errors';
import { parseHyperDbgNumber } from '../../../shared/numbers';
import { evaluateAddress } from '../builtin/script-runner';
import { encodeFrame, FrameEncodeError } from '../../../shared/protocol/frame';
import { prepareEventCommand } from './prepare-event';
import {
  ALL_EVENTS_TAG,
  decodeEventAndActionResult,
  decodeModifyEvents,
  decodeShortCircuitingStatus,
  encodeAddActionPayload,
  encodeModifyEvents,
  encodeRegisterEventPayload,
  encodeShortCircuitingEvent,
  EVENT_TAG_START_SEED,
  EventAction,
  ModifyEventsType,
  STATUS_SUCCESS,
  type ModifyEventsTypeValue,
} from '../../../shared/protocol/event-packets';

const VMX_ROOT = 1;

function readScriptFromDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface EventHandlerDeps {
  readonly events: LiveEventsModel;
  /** Warns before an event would exhaust a pool (0xc0000042/0xc0000045); optional in tests. */
  readonly pools?: PoolLedgerModel;
  /** Reads `script {file:PATH}` files; defaults to the debugger machine's file system. */
  readScriptFile?(path: string): string | undefined;
  /** Debugger-side `output` sources by name. */
  outputSourceTag?(name: string): bigint | undefined;
}

/**
 * HyperDbg's address rule (SymbolConvertNameOrExprToAddress): a number, else a symbol, else an
 * expression evaluated on the debuggee (`formats(expr);`, one RUN_SCRIPT round trip). When all
 * fail, the symbol resolver's reason is printed before HyperDbg's "couldn't resolve" line.
 */
function resolveWith(ctx: CommandContext) {
  return async (text: string): Promise<bigint | undefined> => {
    const evaluated = await evaluateAddress(ctx, text, parseHyperDbgNumber);
    if (evaluated.ok) return evaluated.value;
    const symbol = ctx.symbols.resolveSymbol(text);
    if (!symbol.ok) ctx.output(`${symbol.error}\n`);
    return undefined;
  };
}

async function runEventCommand(command: ParsedCommand, ctx: CommandContext, deps: EventHandlerDeps) {
  const prepared = await prepareEventCommand(command, {
    allocateTag: () => deps.events.allocateTag(),
    resolveAddress: resolveWith(ctx),
    compileScript: (source) => ctx.script.compile(source),
    readScriptFile: (path) => (deps.readScriptFile ?? readScriptFromDisk)(path),
    outputSourceTag: (name) => deps.outputSourceTag?.(name),
  });
  if (!prepared.ok) return fail(prepared.error);
  const { plan } = prepared;
  // Every frame of the event is checked before the first is sent, so an oversize script or a
  // marker inside an action cannot leave a registered event without its actions.
  const frames = [
    { action: EventAction.registerEvent, payload: encodeRegisterEventPayload(plan.event) },
    ...plan.actions.map((action) => ({
      action: EventAction.addActionToEvent,
      payload: encodeAddActionPayload(action),
    })),
  ];
  try {
    for (const frame of frames) encodeFrame(VMX_ROOT, frame.action, frame.payload);
  } catch (error) {
    if (error instanceof FrameEncodeError) return fail(error.message);
    throw error;
  }

  const warning = deps.pools?.forecast(plan);
  if (warning) ctx.output(warning);

  const [eventFrame, ...actionFrames] = frames;
  const registered = await ctx.link.request(
    { packetType: VMX_ROOT, ...eventFrame },
    { responseAction: EventAction.resultOfRegisteringEvent },
  );
  const eventResult = decodeEventAndActionResult(registered.response.payload);
  deps.pools?.recordRegistration(plan, eventResult.ok ? undefined : eventResult.error);
  if (!eventResult.ok) return fail(eventErrorMessage(eventResult.error));

  const actionErrors: (number | undefined)[] = [];
  for (const [i, action] of plan.actions.entries()) {
    const added = await ctx.link.request(
      { packetType: VMX_ROOT, ...actionFrames[i] },
      { responseAction: EventAction.resultOfAddingActionToEvent },
    );
    const result = decodeEventAndActionResult(added.response.payload);
    actionErrors.push(result.ok ? undefined : result.error);
    deps.pools?.recordAction(plan, action, result.ok ? undefined : result.error);
  }
  deps.events.add({ ...plan, actionErrors });
  // HyperDbg's CLI ignores a53; a failed action leaves the event registered but disabled, so say so.
  const firstActionError = actionErrors.find((e) => e !== undefined);
  if (firstActionError !== undefined) return fail(eventErrorMessage(firstActionError));
  return succeed();
}

export function createEventCommandHandlers(deps: EventHandlerDeps): CommandHandler[] {
  return EVENT_COMMANDS.map((spec) => ({
    names: spec.names,
    help: spec.summary,
    requires: 'paused' as const,
    run: (command: ParsedCommand, ctx: CommandContext) => runEventCommand(command, ctx, deps),
  }));
}

const EVENTS_HELP =
  'events : shows active and disabled events\n\n' +
  'syntax : \tevents\n' +
  'syntax : \tevents [e|d|c all|EventNumber (hex)]\n' +
  'syntax : \tevents [sc State (on|off)]\n';

const CLEAR_NOTE =
  ' successfully cleared, but please note in the Debugger Mode (current mode), HyperDbg cannot clear events ' +
  'instantly. Instead, it first disables the events, and when you continue the debuggee (e.g., by pressing the ' +
  "'g' command), the event will be cleared. Reapplying the same event without first continuing the debuggee may " +
  'result in undefined behavior\n';

async function modifyEvents(ctx: CommandContext, tag: bigint, type: ModifyEventsTypeValue) {
  const result = await ctx.link.request(
    { packetType: VMX_ROOT, action: EventAction.queryAndModifyEvent, payload: encodeModifyEvents(tag, type) },
    { responseAction: EventAction.resultOfQueryAndModifyEvent, idempotent: type === ModifyEventsType.query },
  );
  return decodeModifyEvents(result.response.payload);
}

/** HyperDbg's list line: id, live state, command text with newlines flattened, cut at 70 chars. */
function listLine(id: number, enabled: boolean, listingText: string): string {
  let text = listingText.replaceAll('\n', ' ');
  if (text.length > 70) text = text.slice(0, 70) + '...';
  return `${id.toString(16)}\t(${enabled ? 'enabled' : 'disabled'})\t    ${text}\n`;
}

/**
 * The events HyperDbg's debugger still has in its list: a successful clear removes the entry at
 * once (the debuggee removes the event only after the next continue; the model shows that state).
 */
function listedEvents(deps: EventHandlerDeps) {
  return deps.events.list().filter((e) => e.state !== 'clear-pending');
}

async function runEvents(command: ParsedCommand, ctx: CommandContext, deps: EventHandlerDeps) {
  const incorrect = () => fail(`incorrect use of the '${command.name}'\n\n${EVENTS_HELP}`);
  const args = command.args.map((t) => t.text.toLowerCase());
  if (args.length !== 0 && args.length !== 2) return incorrect();

  if (args.length === 0) {
    const records = listedEvents(deps);
    if (records.length === 0) {
      ctx.output('no active/disabled events \n');
      return succeed();
    }
    for (const record of records) {
      const state = await modifyEvents(ctx, record.tag, ModifyEventsType.query);
      const ok = state.status >>> 0 === STATUS_SUCCESS;
      if (!ok) ctx.output('err, unable to get the state of the event\n');
      else deps.events.setEnabled(record.tag, state.isEnabled);
      ctx.output(listLine(record.id, ok && state.isEnabled, record.listingText));
    }
    return succeed();
  }

  const [verb, target] = args;
  if (verb === 'sc') {
    if (target !== 'on' && target !== 'off') {
      return fail(
        `please specify a correct 'on' or 'off' state for the short-circuiting state\n\n${EVENTS_HELP}`,
      );
    }
    const result = await ctx.link.request(
      {
        packetType: VMX_ROOT,
        action: EventAction.setShortCircuitingState,
        payload: encodeShortCircuitingEvent(target === 'on'),
      },
      { responseAction: EventAction.resultOfShortCircuitingState },
    );
    const status = decodeShortCircuitingStatus(result.response.payload);
    if (status !== STATUS_SUCCESS) return fail(eventErrorMessage(status));
    ctx.output(`the event's short-circuiting state changed to '${target}'\n`);
    return succeed();
  }

  const types: Record<string, ModifyEventsTypeValue> = {
    e: ModifyEventsType.enable,
    d: ModifyEventsType.disable,
    c: ModifyEventsType.clear,
  };
  if (!Object.hasOwn(types, verb)) return incorrect();
  let tag: bigint;
  if (target === 'all') tag = ALL_EVENTS_TAG;
  else {
    const id = parseHyperDbgNumber(command.args[1].text);
    if (id === undefined)
      return fail(`please specify a correct hex value for tag id (event number)\n\n${EVENTS_HELP}`);
    tag = id + EVENT_TAG_START_SEED;
  }
  const all = tag === ALL_EVENTS_TAG;
  const listed = listedEvents(deps);
  if (all ? listed.length === 0 : !listed.some((e) => e.tag === tag)) {
    return fail(all ? 'there is no event' : 'err, tag id is invalid');
  }
  const result = await modifyEvents(ctx, tag, types[verb]);
  if (result.status >>> 0 !== STATUS_SUCCESS) return fail(eventErrorMessage(result.status));
  const target$ = all ? 'all' : tag;
  if (verb === 'c') {
    deps.events.markCleared(target$);
    ctx.output((all ? 'events are' : 'the event is') + CLEAR_NOTE);
  } else {
    deps.events.setEnabled(target$, verb === 'e');
  }
  return succeed();
}

export function createEventsCommandHandler(deps: EventHandlerDeps): CommandHandler {
  return {
    names: ['events', 'event'],
    help: 'shows, enables, disables or clears events; sets the short-circuiting state',
    requires: 'paused',
    run: (command, ctx) => runEvents(command, ctx, deps),
  };
}
