/**
 * Turns one event command line into the exact packets HyperDbg v0.23's debugger would send,
 * without touching the link: the event detail (+ condition) and its actions (break, or custom
 * code and/or script). The tag is taken at the same point as in HyperDbg, so commands rejected
 * after that point leave a gap in the event numbering (protocol reference 5.6).
 */
import type { ParsedCommand } from '../types';
import { extractEventBlocks, extractKeywordOptions, type EventOptionServices } from './common-options';
import { findEventCommand, type AddressResolver } from './event-commands';
import {
  ActionType,
  EventStage,
  type EventStageValue,
  type EventTypeValue,
  type GeneralAction,
  type GeneralEventDetail,
} from '../../../shared/protocol/event-packets';
import type { EventPlan } from '../../ports/event-plan';

export interface PrepareServices extends EventOptionServices {
  /** Next event tag (HyperDbg's debugger-side counter starting at 0x1000000). */
  allocateTag(): bigint;
  resolveAddress: AddressResolver;
}

export type PrepareResult =
  | { readonly ok: true; readonly plan: EventPlan }
  | { readonly ok: false; readonly error: string; readonly consumedTag?: bigint };

export function isEventCommandName(name: string): boolean {
  return findEventCommand(name) !== undefined;
}

export async function prepareEventCommand(
  command: ParsedCommand,
  services: PrepareServices,
): Promise<PrepareResult> {
  const spec = findEventCommand(command.name);
  if (!spec) return { ok: false, error: `err, '${command.name}' is not an event command` };
  const args = [...command.args];
  const incorrectUse = `incorrect use of the '${command.name}'`;
  // HyperDbg counts the command name as a token.
  if (spec.minTokens !== undefined && args.length + 1 < spec.minTokens)
    return { ok: false, error: incorrectUse };

  const blocks = extractEventBlocks(args, services);
  if (!blocks.ok) {
    if ('consumesTag' in blocks)
      return { ok: false, error: blocks.error, consumedTag: services.allocateTag() };
    return { ok: false, error: blocks.error };
  }

  const tag = services.allocateTag();
  const fail = (error: string): PrepareResult => ({ ok: false, error, consumedTag: tag });

  const keywords = extractKeywordOptions(blocks.rest, blocks.value.outputSourceTags.length > 0);
  if (!keywords.ok) return fail(keywords.error);
  const options = keywords.value;
  if (spec.preOnlyMessage && options.stage !== EventStage.pre) return fail(spec.preOnlyMessage);
  if (spec.maxTokensAfterOptions !== undefined && keywords.rest.length + 1 > spec.maxTokensAfterOptions) {
    return fail(incorrectUse);
  }
  const parsed = await spec.parseArgs(
    command.name,
    keywords.rest,
    services.resolveAddress,
    options.processId,
  );
  if (!parsed.ok) return fail(parsed.error);

  const { condition, code, script } = blocks.value;
  const actionBase = {
    eventTag: tag,
    immediateMessagePassing: options.immediateMessagePassing,
    preAllocatedBuffer: options.preAllocatedBuffer,
  };
  const actions: GeneralAction[] = [];
  if (!code && !script)
    actions.push({ ...actionBase, actionType: ActionType.breakToDebugger, body: new Uint8Array() });
  if (code) actions.push({ ...actionBase, actionType: ActionType.runCustomCode, body: code });
  if (script) actions.push({ ...actionBase, actionType: ActionType.runScript, body: script.bytes });

  const event: GeneralEventDetail = {
    tag,
    eventType: parsed.eventType as EventTypeValue,
    coreId: options.coreId,
    processId: options.processId,
    enableShortCircuiting: options.shortCircuiting,
    stage: options.stage as EventStageValue,
    outputSourceTags: blocks.value.outputSourceTags,
    countOfActions: actions.length,
    params: parsed.params,
    condition: condition ?? new Uint8Array(),
  };
  return {
    ok: true,
    plan: {
      commandText: command.raw.trim(),
      listingText: [command.raw.trim().split(/\s+/)[0], ...command.args.map((t) => t.text)]
        .map((t) => t + ' ')
        .join(''),
      commandName: command.name,
      event,
      actions,
      ...(script ? { scriptSource: script.source } : {}),
    },
  };
}
