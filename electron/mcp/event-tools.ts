// Events and pools: the live event table, an event built from a structured spec with the pool
// ledger's forecast (and the exact `prealloc` remedy) before anything is sent, enable/disable/
// clear, and the pool counts with `test pool` and `prealloc`.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { forecastEventCommand } from '../app/event-forecast';
import type { EventRecord } from '../model/events-model';
import { shortageRemedy } from '../model/pool-ledger';
import { POOL_INTENTION_NAMES } from '../model/pool-state';
import { hex, trailerLine, trailerOf, trailerSchema } from './session-view';
import {
  commandRunShape,
  executeEach,
  refuse,
  reply,
  requireConnected,
  runCommand,
  timeoutInput,
  type McpContext,
} from './tool-kit';

const hexBytes = z.string().regex(/^\s*([0-9a-f]{2}\s*)+$/i, 'machine code as hex pairs, e.g. "48 31 c0"');

/** An event command in parts; HyperDbg's own parser checks it (its errors come back verbatim). */
const eventSpec = z.object({
  command: z
    .string()
    .regex(/^!?[a-z][a-z0-9]*$/, 'an event command such as epthook, monitor, syscall, cpuid')
    .describe(
      'the event command without arguments: epthook, epthook2, monitor, syscall, sysret, cpuid, msrread, msrwrite, ioin, ioout, exception, interrupt, dr, tsc, pmc, vmcall, crwrite, mode, trace, xsetbv, ...',
    ),
  arguments: z
    .array(z.string().min(1).max(512))
    .max(8)
    .default([])
    .describe(
      "the command's own arguments in HyperDbg order, e.g. ['nt!NtCreateFile'] or ['rw', 'fffff800`00001000', 'l', '100']",
    ),
  pid: z.union([z.number().int().min(0), z.literal('all')]).optional(),
  core: z.number().int().min(0).optional(),
  stage: z.enum(['pre', 'post', 'all']).optional(),
  shortCircuit: z.boolean().optional().describe("'sc on' (pre stage only)"),
  immediate: z.boolean().optional().describe("'imm yes|no': deliver script output at once (default yes)"),
  buffer: z.number().int().min(0).optional().describe('safe buffer bytes for the script ($buffer)'),
  condition: hexBytes.optional(),
  action: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('break') }),
      z.object({ kind: z.literal('script'), script: z.string().min(1).max(1_000_000) }),
      z.object({ kind: z.literal('code'), code: hexBytes }),
    ])
    .default({ kind: 'break' }),
});
type EventSpec = z.infer<typeof eventSpec>;

/** The command line HyperDbg's console would take for the spec (numbers in hex, as it reads them). */
export function eventCommandText(spec: EventSpec): string {
  const parts = [`!${spec.command.replace(/^!/, '')}`, ...spec.arguments];
  if (spec.pid !== undefined) parts.push('pid', spec.pid === 'all' ? 'all' : spec.pid.toString(16));
  if (spec.core !== undefined) parts.push('core', spec.core.toString(16));
  if (spec.stage !== undefined) parts.push('stage', spec.stage);
  if (spec.shortCircuit !== undefined) parts.push('sc', spec.shortCircuit ? 'on' : 'off');
  if (spec.immediate !== undefined) parts.push('imm', spec.immediate ? 'yes' : 'no');
  if (spec.buffer !== undefined) parts.push('buffer', spec.buffer.toString(16));
  if (spec.condition !== undefined) parts.push(`condition {${spec.condition.replace(/\s+/g, '')}}`);
  if (spec.action.kind === 'code') parts.push(`code {${spec.action.code.replace(/\s+/g, '')}}`);
  if (spec.action.kind === 'script') parts.push(`script {\n${spec.action.script.replace(/\s+$/, '')}\n}`);
  return parts.join(' ');
}

const eventRowSchema = z.object({
  id: z.number().int(),
  tag: z.string(),
  command: z.string(),
  type: z.string(),
  parameters: z.string(),
  stage: z.string(),
  pid: z.number().int().nullable(),
  core: z.number().int().nullable(),
  state: z.string().describe("enabled, disabled or clear-pending (removed at the next 'g')"),
  actions: z.array(z.string()),
  hits: z.object({ pre: z.number().int(), post: z.number().int() }),
  outputMessages: z.number().int(),
});

function eventRow(event: EventRecord): z.infer<typeof eventRowSchema> {
  return {
    id: event.id,
    tag: hex(event.tag),
    command: event.commandText,
    type: event.eventTypeName,
    parameters: event.parameterSummary ?? '',
    stage: event.stage,
    pid: event.processId ?? null,
    core: event.coreId ?? null,
    state: event.state,
    actions: event.actions.map((a) =>
      a.error !== undefined ? `${a.kind} (rejected 0x${a.error.toString(16)})` : a.kind,
    ),
    hits: { ...event.hits },
    outputMessages: event.outputMessages,
  };
}

const forecastSchema = z.object({
  fits: z.boolean().describe('the pool ledger predicts the debuggee accepts the event'),
  errorCode: z.string().nullable().describe('the status the debuggee would answer, e.g. 0xc0000042'),
  shortOf: z.string().nullable().describe('the pool that runs out'),
  remedies: z.array(z.object({ type: z.string(), count: z.number().int(), command: z.string() })),
  queueOverflow: z.boolean(),
  text: z.string().describe("the ledger's warning text, '' when the event fits"),
});

export function registerEventTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'events',
    {
      title: 'Events',
      description:
        "list: every event with id, type, stage, state and pre/post hits. enable/disable/clear: 'events e|d|c ID' (or all); " +
        "a cleared event is removed at the next 'g'.",
      inputSchema: {
        action: z.enum(['list', 'enable', 'disable', 'clear']).default('list'),
        id: z.union([z.number().int().min(0), z.literal('all')]).optional(),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        events: z.array(eventRowSchema),
        output: z.string(),
        ok: z.boolean(),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      let output = '';
      let ok = true;
      if (args.action !== 'list') {
        if (args.id === undefined)
          return refuse(`events ${args.action} needs an event id (see events list) or 'all'`);
        const command = `events ${args.action[0]} ${args.id === 'all' ? 'all' : args.id.toString(16)}`;
        const results = await executeEach(ctx, extra, [command], args.timeoutMs);
        if (!Array.isArray(results)) return results;
        ({ ok, output } = results[0]!);
      }
      const events = (ctx.service.current?.events.list() ?? []).map(eventRow);
      const trailer = trailerOf(ctx.service);
      const lines = events.map(
        (e) =>
          `${e.id.toString(16)} ${e.state.padEnd(13)} ${e.command.split('\n')[0]} (hits pre ${e.hits.pre}, post ${e.hits.post})`,
      );
      return reply(
        { events, output, ok, session: trailer },
        [output.trim(), lines.join('\n') || 'no events', trailerLine(trailer)]
          .filter((s) => s !== '')
          .join('\n'),
      );
    },
  );

  server.registerTool(
    'build_event',
    {
      title: 'Build an event',
      description:
        'Builds an event command from a structured spec and forecasts its pool use before anything is sent: when the ' +
        "debuggee would reject it (0xc0000042-class errors) the answer names the exact 'prealloc' commands that make it fit. " +
        'With apply: true the command then runs (even when the forecast says it will be rejected, as the console would).',
      inputSchema: { spec: eventSpec, apply: z.boolean().default(false), timeoutMs: timeoutInput },
      outputSchema: {
        command: z.string(),
        valid: z.boolean(),
        error: z
          .string()
          .nullable()
          .describe("HyperDbg's message when it would refuse the command before sending"),
        forecast: forecastSchema.nullable(),
        applied: z.object(commandRunShape).nullable(),
      },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      const command = eventCommandText(args.spec);
      const trial = await forecastEventCommand(ctx.service.current!, command);
      if (trial.kind === 'not-an-event')
        return refuse(`'${args.spec.command}' is not an event command; see the hds://commands resource`);
      const forecast =
        trial.kind === 'assessed'
          ? {
              fits: trial.assessment.error === undefined,
              errorCode: trial.assessment.error !== undefined ? hex(BigInt(trial.assessment.error)) : null,
              shortOf:
                trial.assessment.shortOf !== undefined
                  ? (shortageRemedy(trial.assessment.shortOf)?.what ??
                    POOL_INTENTION_NAMES[trial.assessment.shortOf] ??
                    null)
                  : null,
              remedies: trial.assessment.remedies.map((r) => ({
                type: r.type,
                count: r.count,
                command: `prealloc ${r.type} ${r.count.toString(16)}`,
              })),
              queueOverflow: trial.assessment.queueOverflow,
              text: trial.forecast ?? '',
            }
          : null;
      const error = trial.kind === 'invalid' ? trial.error : null;
      let applied = null;
      let appliedText = '';
      if (args.apply) {
        const run = await runCommand(ctx, extra, command, args);
        applied = run.structuredContent as z.infer<z.ZodObject<typeof commandRunShape>>;
        appliedText = run.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      }
      const text = [
        command,
        error ?? '',
        forecast
          ? forecast.fits
            ? 'forecast: the pools have room for this event'
            : forecast.text.trim()
          : '',
        appliedText || trailerLine(trailerOf(ctx.service)),
      ];
      return reply(
        { command, valid: error === null, error, forecast, applied },
        text.filter((t) => t !== '').join('\n'),
      );
    },
  );

  server.registerTool(
    'pools',
    {
      title: 'Pools',
      description:
        "The debuggee's pre-allocated pools as the ledger tracks them. refresh runs 'test pool' (paused); prealloc runs " +
        "'prealloc TYPE COUNT' first, which resumes the debuggee until it halts again inside HyperDbg's process.",
      inputSchema: {
        refresh: z.boolean().default(false),
        prealloc: z
          .object({
            type: z.string().regex(/^[a-z0-9-]+$/, 'a prealloc type such as regular-event or epthook'),
            count: z.number().int().min(1).max(0xffff),
          })
          .optional(),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        pools: z.array(
          z.object({
            intention: z.string(),
            free: z.number().int(),
            inUse: z.number().int(),
            pendingFree: z.number().int(),
            total: z.number().int(),
          }),
        ),
        source: z.string().describe("'start-up' (v0.23's initial counts) until the first 'test pool'"),
        stale: z.boolean(),
        queuedRequests: z.number().int(),
        droppedRequests: z.number().int(),
        output: z.string(),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      const commands = [
        ...(args.prealloc ? [`prealloc ${args.prealloc.type} ${args.prealloc.count.toString(16)}`] : []),
        ...(args.refresh ? ['test pool'] : []),
      ];
      const results = await executeEach(ctx, extra, commands, args.timeoutMs);
      if (!Array.isArray(results)) return results;
      const failed = results.find((r) => !r.ok);
      if (failed) return refuse(failed.output.trim() || `'${commands[results.indexOf(failed)]}' failed`);
      // test pool prints one line per pool record: the counts below say it shorter.
      const output = args.prealloc ? results[0]!.output : '';
      const snapshot = ctx.service.current!.pools.snapshot();
      const pools = snapshot.counts.map((c, i) => ({
        intention: POOL_INTENTION_NAMES[i] ?? `intention ${i}`,
        ...c,
      }));
      const trailer = trailerOf(ctx.service);
      const lines = pools
        .filter((p) => p.total > 0)
        .map((p) => `${p.intention}: ${p.free} free, ${p.inUse} in use of ${p.total}`);
      return reply(
        {
          pools,
          source: snapshot.source,
          stale: snapshot.stale,
          queuedRequests: snapshot.queuedRequests,
          droppedRequests: snapshot.droppedRequests,
          output,
          session: trailer,
        },
        [output.trim(), ...lines, `(${snapshot.source})`, trailerLine(trailer)]
          .filter((s) => s !== '')
          .join('\n'),
      );
    },
  );
}
