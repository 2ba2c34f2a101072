// The pieces every tool shares: the server's state (one debugger service, its watch, kept
// outputs), replies with structured content plus the same facts as text, progress while a call
// waits, and running a command line with a bound on time and output.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { CommandResult, DebuggerService } from '../app/debugger-service';
import {
  boundedWait,
  DEFAULT_PAGE_CHARS,
  DEFAULT_TIMEOUT_MS,
  MAX_PAGE_CHARS,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  OutputPages,
  type Bounded,
} from './bounds';
import { SessionWatch, trailerLine, trailerOf, trailerSchema } from './session-view';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface McpContext {
  readonly service: DebuggerService;
  readonly watch: SessionWatch;
  readonly pages: OutputPages;
  /** The build signature the built-in `sim` endpoint accepts. */
  readonly simSignature: string;
  /** The link as last connected (status reports it). */
  connection: { endpoint: string; signature: string } | undefined;
}

export function createContext(service: DebuggerService, simSignature: string): McpContext {
  return {
    service,
    watch: new SessionWatch(service),
    pages: new OutputPages(),
    simSignature,
    connection: undefined,
  };
}

export const timeoutInput = z
  .number()
  .int()
  .min(MIN_TIMEOUT_MS)
  .max(MAX_TIMEOUT_MS)
  .optional()
  .describe(
    `how long to wait for the debuggee, ms (default ${DEFAULT_TIMEOUT_MS}, at most ${MAX_TIMEOUT_MS})`,
  );

export const pageCharsInput = z
  .number()
  .int()
  .min(100)
  .max(MAX_PAGE_CHARS)
  .optional()
  .describe(
    `characters of output in this answer (default ${DEFAULT_PAGE_CHARS}); read_output gives the rest`,
  );

/** A successful answer: structured content, and text for clients that only show text. */
export function reply(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A refusal or failure the caller can act on (the text says what to do). */
export function refuse(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Progress notifications while waiting, when the client asked for them with a progress token. */
export function progressFor(extra: ToolExtra, what: string): ((elapsedMs: number) => void) | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (elapsedMs) => {
    const seconds = Math.round(elapsedMs / 1000);
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: seconds, message: `${what} (${seconds} s)` },
      })
      .catch(() => undefined);
  };
}

/** Waits for `work` within the caller's timeout; a cancelled call breaks in like CTRL+C when the debuggee runs. */
export function waitBounded<T>(
  ctx: McpContext,
  extra: ToolExtra,
  work: Promise<T>,
  timeoutMs: number | undefined,
  what: string,
): Promise<Bounded<T>> {
  return boundedWait(work, {
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: extra.signal,
    progress: progressFor(extra, what),
  }).then((outcome) => {
    if (outcome.kind === 'cancelled' && ctx.service.state === 'running') void ctx.service.pause();
    return outcome;
  });
}

export function stillWaitingNote(what: string, afterMs: number): string {
  return (
    `${what} did not finish within ${afterMs} ms; it still waits for the debuggee, and later commands wait ` +
    "behind it (one command at a time). 'pause' breaks in; 'disconnect' closes the link."
  );
}

export const commandRunShape = {
  ok: z.boolean().describe('false when the command failed or did not finish in time'),
  timedOut: z.boolean(),
  output: z.string().describe('the first page of what the command printed, exactly as HyperDbg prints it'),
  totalChars: z.number().int(),
  nextOffset: z.number().int().nullable().describe('offset of the next page (read_output), null at the end'),
  outputHandle: z.string().nullable(),
  haltHandle: z
    .string()
    .nullable()
    .describe('set when the debuggee runs after the command: wait_for_halt takes it'),
  session: trailerSchema,
};

/** Runs one command line through the session's dispatcher, bounded in time and output. */
export async function runCommand(
  ctx: McpContext,
  extra: ToolExtra,
  commandText: string,
  options: { timeoutMs?: number; pageChars?: number } = {},
): Promise<CallToolResult> {
  const haltHandle = ctx.watch.nextHaltHandle();
  const outcome = await waitBounded(
    ctx,
    extra,
    ctx.service.execute(commandText),
    options.timeoutMs,
    `'${commandText}' is waiting for the debuggee`,
  );
  const finished = outcome.kind === 'done';
  const page = ctx.pages.firstPage(
    finished ? outcome.value.output : '',
    options.pageChars ?? DEFAULT_PAGE_CHARS,
  );
  const trailer = trailerOf(ctx.service);
  const structured = {
    ok: finished && outcome.value.ok,
    timedOut: outcome.kind === 'timeout',
    output: page.text,
    totalChars: page.totalChars,
    nextOffset: page.nextOffset,
    outputHandle: page.outputHandle,
    haltHandle: trailer.state === 'running' ? haltHandle : null,
    session: trailer,
  };
  const notes: string[] = [];
  if (outcome.kind === 'timeout') notes.push(stillWaitingNote(`'${commandText}'`, outcome.afterMs));
  if (outcome.kind === 'cancelled') notes.push(`'${commandText}' was cancelled`);
  if (page.nextOffset !== null)
    notes.push(
      `[${page.totalChars - page.nextOffset} more characters: read_output ${page.outputHandle} from ${page.nextOffset}]`,
    );
  if (structured.haltHandle)
    notes.push(`the debuggee runs; wait_for_halt ${structured.haltHandle} waits for the next halt`);
  return reply(
    structured,
    [page.text.replace(/\n$/, ''), ...notes, trailerLine(trailer)].filter((s) => s !== '').join('\n'),
  );
}

/**
 * Runs command lines one after another, each within the timeout; the first that does not finish
 * ends the run with a refusal naming it (their results otherwise, failed ones included).
 */
export async function executeEach(
  ctx: McpContext,
  extra: ToolExtra,
  commands: readonly string[],
  timeoutMs: number | undefined,
): Promise<CommandResult[] | CallToolResult> {
  const results: CommandResult[] = [];
  for (const command of commands) {
    const outcome = await waitBounded(ctx, extra, ctx.service.execute(command), timeoutMs, `'${command}'`);
    if (outcome.kind !== 'done')
      return refuse(`'${command}' did not finish (${outcome.kind}); ${trailerLine(trailerOf(ctx.service))}`);
    results.push(outcome.value);
  }
  return results;
}

/** The paused session's wired core, or the refusal HyperDbg gives. */
export function requireConnected(ctx: McpContext): CallToolResult | undefined {
  return ctx.service.current
    ? undefined
    : refuse("err, you're not connected to any debuggee; call connect first");
}

export function requirePaused(ctx: McpContext): CallToolResult | undefined {
  return (
    requireConnected(ctx) ??
    (ctx.service.state === 'paused'
      ? undefined
      : refuse(`err, the debuggee is not paused (state: ${ctx.service.state}); call pause first`))
  );
}
