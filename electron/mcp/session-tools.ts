// Session tools: connect/disconnect/status, any command line, pause, continue with a halt handle,
// waiting for that halt, and steps.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { LinkState } from '../session/link';
import { detectSignatures } from '../session/signature';
import { DEFAULT_PAGE_CHARS, DEFAULT_TIMEOUT_MS } from './bounds';
import {
  haltOf,
  haltSchema,
  hex,
  parseHaltHandle,
  trailerLine,
  trailerOf,
  trailerSchema,
} from './session-view';
import {
  commandRunShape,
  pageCharsInput,
  refuse,
  reply,
  requireConnected,
  requirePaused,
  runCommand,
  stillWaitingNote,
  timeoutInput,
  waitBounded,
  type McpContext,
} from './tool-kit';
import { BUILD_SIGNATURE_PATTERN, EXAMPLE_BUILD_SIGNATURE } from '../../shared/protocol/build-signature';
import { isSimulatorEndpoint } from '../app/connect';

const SETTLED: ReadonlySet<LinkState> = new Set(['running', 'paused', 'disconnected', 'closed']);
const MAX_CANDIDATES = 16;

/** Resolves once the session left connecting/handshaking (or ended). */
function settled(ctx: McpContext): Promise<void> {
  return new Promise((resolve) => {
    if (SETTLED.has(ctx.service.state)) return resolve();
    const off = ctx.service.on('state', ({ state }) => {
      if (SETTLED.has(state)) {
        off();
        resolve();
      }
    });
  });
}

function statusText(ctx: McpContext): string {
  const trailer = trailerOf(ctx.service);
  return ctx.connection
    ? `${ctx.connection.endpoint} (signature ${ctx.connection.signature}) ${trailerLine(trailer)}`
    : trailerLine(trailer);
}

export function registerSessionTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'connect',
    {
      title: 'Connect to a debuggee',
      description:
        "Opens HyperDbg's kernel-debugging link (like '.debug remote') and waits for the handshake. Endpoints: " +
        'sim (the built-in simulated debuggee), tcp:HOST:PORT, unix:PATH, pipe:\\\\.\\pipe\\NAME, serial:COM2@115200. ' +
        "A real debuggee accepts only its own build's signature: give it, or a HyperDbg folder to detect it from.",
      inputSchema: {
        endpoint: z.string().min(1).default('sim'),
        signature: z
          .string()
          .regex(BUILD_SIGNATURE_PATTERN, `a HyperDbg build signature looks like ${EXAMPLE_BUILD_SIGNATURE}`)
          .optional(),
        detectSignatureIn: z
          .string()
          .optional()
          .describe("the debuggee's HyperDbg folder; its binaries hold the signature"),
        recordTo: z
          .string()
          .optional()
          .describe('record every byte to this trace file (hds replay reads it)'),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        ok: z.boolean(),
        endpoint: z.string(),
        signature: z.string().nullable(),
        signatureCandidates: z.array(
          z.object({ signature: z.string(), file: z.string(), offset: z.number() }),
        ),
        debuggee: z.object({ osName: z.string(), kernelBase: z.string() }).nullable(),
        output: z.string(),
        diagnostics: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() })),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      let signature = args.signature ?? (isSimulatorEndpoint(args.endpoint) ? ctx.simSignature : undefined);
      let candidates: { signature: string; file: string; offset: number }[] = [];
      if (signature === undefined && args.detectSignatureIn !== undefined) {
        candidates = (await detectSignatures(args.detectSignatureIn)).slice(0, MAX_CANDIDATES);
        const distinct = [...new Set(candidates.map((c) => c.signature))];
        if (distinct.length !== 1) {
          return refuse(
            distinct.length === 0
              ? `no HyperDbg build signature found under ${args.detectSignatureIn}; give the debuggee's HyperDbg folder (with libhyperdbg)`
              : `several signatures under ${args.detectSignatureIn} (${distinct.join(', ')}); pass the debuggee's as signature`,
          );
        }
        signature = distinct[0];
      }
      if (signature === undefined) {
        return refuse(
          `${args.endpoint} needs the debuggee's build signature (signature, e.g. ${EXAMPLE_BUILD_SIGNATURE}) or its HyperDbg folder (detectSignatureIn)`,
        );
      }
      const firstDiagnostic = ctx.watch.diagnostics.length;
      const connecting = ctx.service
        .connect(args.endpoint, { signature, ...(args.recordTo ? { recordTo: args.recordTo } : {}) })
        .then(async (result) => {
          if (result.ok) await settled(ctx);
          return result;
        });
      const outcome = await waitBounded(
        ctx,
        extra,
        connecting,
        args.timeoutMs,
        `handshake with ${args.endpoint}`,
      );
      const handshaken = ctx.service.state === 'running' || ctx.service.state === 'paused';
      if (handshaken) ctx.connection = { endpoint: args.endpoint, signature };
      const debuggee = ctx.service.current?.session.debuggee;
      const diagnostics = ctx.watch.diagnostics
        .slice(firstDiagnostic)
        .map(({ severity, code, message }) => ({ severity, code, message }));
      const output = outcome.kind === 'done' ? outcome.value.output : '';
      const trailer = trailerOf(ctx.service);
      const notes = [
        output.replace(/\n$/, ''),
        ...diagnostics.map((d) => `${d.severity}: ${d.message}`),
        outcome.kind === 'timeout'
          ? stillWaitingNote(`the handshake with ${args.endpoint}`, outcome.afterMs)
          : '',
        handshaken ? `connected to ${args.endpoint} (${debuggee?.osName ?? 'debuggee'})` : '',
        trailerLine(trailer),
      ];
      return reply(
        {
          ok: handshaken,
          endpoint: args.endpoint,
          signature,
          signatureCandidates: candidates,
          debuggee: debuggee ? { osName: debuggee.osName, kernelBase: hex(debuggee.kernelBase) } : null,
          output,
          diagnostics,
          session: trailer,
        },
        notes.filter((n) => n !== '').join('\n'),
      );
    },
  );

  server.registerTool(
    'disconnect',
    {
      title: 'Close the session',
      description: "'.debug close': pauses a running debuggee first, closes the link and releases the port.",
      inputSchema: { timeoutMs: timeoutInput },
      outputSchema: { ok: z.boolean(), session: trailerSchema },
    },
    async (args, extra) => {
      const outcome = await waitBounded(
        ctx,
        extra,
        ctx.service.disconnect(),
        args.timeoutMs,
        'closing the session',
      );
      const ok = outcome.kind === 'done' && outcome.value.ok;
      if (ok) ctx.connection = undefined;
      const trailer = trailerOf(ctx.service);
      return reply(
        { ok, session: trailer },
        outcome.kind === 'timeout' ? stillWaitingNote('.debug close', outcome.afterMs) : trailerLine(trailer),
      );
    },
  );

  server.registerTool(
    'status',
    {
      title: 'Session status',
      description:
        'Endpoint, signature, state (running/paused), the current halt, debuggee facts and recent link diagnostics.',
      inputSchema: {},
      outputSchema: {
        endpoint: z.string().nullable(),
        signature: z.string().nullable(),
        debuggee: z.object({ osName: z.string(), kernelBase: z.string() }).nullable(),
        halt: haltSchema.nullable(),
        halts: z.number().int().describe('halts so far in this server'),
        logMessages: z.number().int().nullable(),
        diagnostics: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() })),
        session: trailerSchema,
      },
    },
    () => {
      const current = ctx.service.current;
      const context = ctx.service.state === 'paused' ? ctx.service.pausedContext() : undefined;
      const debuggee = current?.session.debuggee;
      return reply(
        {
          endpoint: ctx.connection?.endpoint ?? null,
          signature: ctx.connection?.signature ?? null,
          debuggee: debuggee ? { osName: debuggee.osName, kernelBase: hex(debuggee.kernelBase) } : null,
          halt: context ? haltOf(context) : null,
          halts: ctx.watch.haltCount,
          logMessages: current ? current.logs.stats().stored : null,
          diagnostics: ctx.watch.diagnostics.map(({ severity, code, message }) => ({
            severity,
            code,
            message,
          })),
          session: trailerOf(ctx.service),
        },
        statusText(ctx),
      );
    },
  );

  server.registerTool(
    'run_command',
    {
      title: 'Run a HyperDbg command',
      description:
        'Runs any HyperDbg command line exactly as its console would (r, db, u, k, !epthook ..., events, bp, g, .process, ? script ...). ' +
        'The answer ends with the state (running/paused, core, RIP); long output comes in pages (read_output). ' +
        'When the command leaves the debuggee running (g, prealloc) the answer carries a halt handle for wait_for_halt.',
      inputSchema: {
        command: z.string().min(1).max(1_000_000),
        timeoutMs: timeoutInput,
        pageChars: pageCharsInput,
      },
      outputSchema: commandRunShape,
    },
    (args, extra) => runCommand(ctx, extra, args.command, args),
  );

  server.registerTool(
    'read_output',
    {
      title: 'Read more output',
      description:
        'The next page of a long command output, by the outputHandle and nextOffset an earlier answer gave.',
      inputSchema: {
        outputHandle: z.string().regex(/^out-\d+$/),
        offset: z.number().int().min(0),
        pageChars: pageCharsInput,
      },
      outputSchema: {
        text: z.string(),
        totalChars: z.number().int(),
        nextOffset: z.number().int().nullable(),
      },
    },
    (args) => {
      const page = ctx.pages.read(args.outputHandle, args.offset, args.pageChars ?? DEFAULT_PAGE_CHARS);
      if (!page)
        return refuse(
          `${args.outputHandle} is no longer kept (the server keeps the last 32 long outputs); run the command again`,
        );
      return reply({ text: page.text, totalChars: page.totalChars, nextOffset: page.nextOffset }, page.text);
    },
  );

  server.registerTool(
    'pause',
    {
      title: 'Break in',
      description: 'Pauses the running debuggee (CTRL+C in HyperDbg) and returns where it halted.',
      inputSchema: { timeoutMs: timeoutInput },
      outputSchema: { ok: z.boolean(), halt: haltSchema.nullable(), session: trailerSchema },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      const outcome = await waitBounded(
        ctx,
        extra,
        ctx.service.pause(),
        args.timeoutMs,
        'waiting for the debuggee to halt',
      );
      const context = ctx.service.state === 'paused' ? ctx.service.pausedContext() : undefined;
      const trailer = trailerOf(ctx.service);
      const text =
        outcome.kind === 'timeout'
          ? `the debuggee did not halt within ${outcome.afterMs} ms (is it frozen, or is the link down?); 'status' shows the link diagnostics`
          : outcome.kind === 'done' && !outcome.value.ok
            ? outcome.value.output.trim()
            : '';
      return reply(
        { ok: context !== undefined, halt: context ? haltOf(context) : null, session: trailer },
        [text, trailerLine(trailer)].filter((s) => s !== '').join('\n'),
      );
    },
  );

  server.registerTool(
    'continue',
    {
      title: 'Continue (g)',
      description:
        "Resumes the debuggee ('g') and returns at once with a halt handle; wait_for_halt waits for the next halt.",
      inputSchema: { timeoutMs: timeoutInput },
      outputSchema: commandRunShape,
    },
    (args, extra) => runCommand(ctx, extra, 'g', args),
  );

  server.registerTool(
    'wait_for_halt',
    {
      title: 'Wait for the next halt',
      description:
        'Waits until the debuggee halts (breakpoint, event break action, step end, pause) after the halt handle ' +
        'continue/run_command gave, reporting progress; returns at once when that halt already happened.',
      inputSchema: {
        haltHandle: z
          .string()
          .regex(/^halt-\d+$/, 'a halt handle looks like halt-3')
          .optional(),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        halted: z.boolean(),
        timedOut: z.boolean(),
        halt: haltSchema.nullable(),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const after = parseHaltHandle(args.haltHandle ?? ctx.watch.nextHaltHandle())!;
      const until = async (): Promise<void> => {
        while (!ctx.watch.haltAfter(after) && ctx.service.current) await ctx.watch.nextChange();
      };
      const outcome = await waitBounded(
        ctx,
        extra,
        until(),
        args.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        'waiting for the next halt',
      );
      const context = ctx.watch.haltAfter(after);
      const trailer = trailerOf(ctx.service);
      const text = context
        ? `halted: ${context.reasonName} at ${hex(context.rip)}${context.instruction ? ` (${context.instruction.text})` : ''}`
        : outcome.kind === 'timeout'
          ? `no halt within ${outcome.afterMs} ms; the debuggee still runs ('pause' breaks in)`
          : 'the session ended before a halt';
      return reply(
        {
          halted: context !== undefined,
          timedOut: outcome.kind === 'timeout',
          halt: context ? haltOf(context) : null,
          session: trailer,
        },
        `${text}\n${trailerLine(trailer)}`,
      );
    },
  );

  server.registerTool(
    'step',
    {
      title: 'Step',
      description:
        "Steps the paused debuggee: into ('t'), over ('p'), instrumentation step ('i') or out to the caller ('gu'), count times.",
      inputSchema: {
        kind: z.enum(['into', 'over', 'instrument', 'out']).default('into'),
        count: z.number().int().min(1).max(0xffff).default(1),
        timeoutMs: timeoutInput,
      },
      outputSchema: commandRunShape,
    },
    (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const name = { into: 't', over: 'p', instrument: 'i', out: 'gu' }[args.kind];
      // HyperDbg reads step counts as hex.
      const command = args.count === 1 ? name : `${name} ${args.count.toString(16)}`;
      return runCommand(ctx, extra, command, args);
    },
  );
}
