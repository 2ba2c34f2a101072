// Inspection tools on the paused debuggee: registers, memory, disassembly, call stack, symbols,
// and the script compiler (which needs no debuggee).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ScriptCompileSession, bytesToHex } from '../../shared/script';
import type { CommandResult } from '../app/debugger-service';
import { MAX_READ_LENGTH } from '../commands/builtin/inspect';
import { parseHyperDbgNumber } from '../../shared/numbers';
import { hex, trailerLine, trailerOf, trailerSchema } from './session-view';
import {
  commandRunShape,
  executeEach,
  refuse,
  reply,
  requireConnected,
  requirePaused,
  runCommand,
  timeoutInput,
  waitBounded,
  type McpContext,
} from './tool-kit';

const MAX_DISASSEMBLY_LINES = 256;
const MAX_WRITE_BYTES = 4096;
const MAX_SCRIPT_HEX_BYTES = 65_536;
const MAX_SYMBOL_MATCHES = 500;
const MAX_REGISTER_NAMES = 64;

const addressInput = z
  .string()
  .min(1)
  .max(512)
  .describe(
    'hex number (HyperDbg reads numbers as hex: fffff801`63a1b2c3, 0x1000) or a symbol such as nt!ExAllocatePoolWithTag+0x10',
  );

/** `name=hex` pairs as HyperDbg's `r` prints them (`RAX=0000000080000001`, `R8 =00000000000b4000`). */
function parseRegisterText(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of text.matchAll(/\b([a-z][a-z0-9]*) ?=([0-9a-f]{1,16})\b/gi))
    values[match[1]!.toLowerCase()] = `0x${match[2]!.toLowerCase().replace(/^0+(?=.)/, '')}`;
  return values;
}

function resolveAddress(
  ctx: McpContext,
  text: string,
): { ok: true; value: bigint } | { ok: false; error: string } {
  const number = parseHyperDbgNumber(text);
  if (number !== undefined) return { ok: true, value: number };
  const resolved = ctx.service.current?.symbols.resolveSymbol(text);
  if (!resolved) return { ok: false, error: "err, you're not connected to any debuggee" };
  return resolved.ok ? resolved : { ok: false, error: `err, couldn't resolve '${text}': ${resolved.error}` };
}

function asciiOf(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.map((b) => (b >= 0x20 && b < 0x7f ? b : 0x2e)));
}

export function registerInspectTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'read_registers',
    {
      title: 'Read registers',
      description:
        "Registers of the operating core ('r'), all of them or the named ones (rax, r8d, rflags, cr3, dr7, ...).",
      inputSchema: {
        names: z
          .array(z.string().regex(/^@?[a-z][a-z0-9]*$/i))
          .max(MAX_REGISTER_NAMES)
          .optional(),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        ok: z.boolean(),
        registers: z.record(z.string(), z.string()),
        output: z.string(),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const commands =
        args.names && args.names.length > 0
          ? args.names.map((n) => `r ${n.replace(/^@/, '').toLowerCase()}`)
          : ['r'];
      const results = await executeEach(ctx, extra, commands, args.timeoutMs);
      if (!Array.isArray(results)) return results;
      const output = results.map((r) => r.output).join('');
      const ok = results.every((r) => r.ok);
      const trailer = trailerOf(ctx.service);
      return reply(
        { ok, registers: parseRegisterText(output), output, session: trailer },
        `${output.replace(/\n$/, '')}\n${trailerLine(trailer)}`,
      );
    },
  );

  server.registerTool(
    'write_register',
    {
      title: 'Write a register',
      description:
        "Sets a register of the operating core ('r NAME = VALUE'; the value is a HyperDbg expression, numbers in hex).",
      inputSchema: {
        name: z.string().regex(/^@?[a-z][a-z0-9]*$/i),
        value: z.string().min(1).max(512),
        timeoutMs: timeoutInput,
      },
      outputSchema: commandRunShape,
    },
    (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      return runCommand(ctx, extra, `r ${args.name.replace(/^@/, '')} = ${args.value}`, args);
    },
  );

  server.registerTool(
    'read_memory',
    {
      title: 'Read memory',
      description: `Reads up to ${MAX_READ_LENGTH} bytes of virtual (default) or physical memory of the paused debuggee.`,
      inputSchema: {
        address: addressInput,
        length: z.number().int().min(1).max(MAX_READ_LENGTH),
        physical: z.boolean().default(false),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        address: z.string(),
        length: z.number().int(),
        hex: z.string(),
        ascii: z.string(),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const address = resolveAddress(ctx, args.address);
      if (!address.ok) return refuse(address.error);
      const outcome = await waitBounded(
        ctx,
        extra,
        ctx.service.readMemory(args.physical ? 'physical' : 'virtual', address.value, args.length),
        args.timeoutMs,
        'reading memory',
      );
      if (outcome.kind !== 'done')
        return refuse(
          `the memory read did not finish (${outcome.kind}); ${trailerLine(trailerOf(ctx.service))}`,
        );
      if (!outcome.value.ok) return refuse(outcome.value.error);
      const bytes = outcome.value.bytes;
      const trailer = trailerOf(ctx.service);
      const hexText = bytesToHex(bytes);
      return reply(
        {
          address: hex(address.value),
          length: bytes.length,
          hex: hexText,
          ascii: asciiOf(bytes),
          session: trailer,
        },
        `${hex(address.value)}: ${hexText.replace(/(..)(?!$)/g, '$1 ')}\n${trailerLine(trailer)}`,
      );
    },
  );

  server.registerTool(
    'write_memory',
    {
      title: 'Write memory',
      description: 'Writes bytes to virtual (eb) or physical (!eb) memory of the paused debuggee.',
      inputSchema: {
        address: addressInput,
        bytes: z
          .string()
          .regex(/^\s*([0-9a-f]{2}\s*)+$/i, 'bytes are hex pairs, e.g. "90 90 cc"')
          .max(MAX_WRITE_BYTES * 3),
        physical: z.boolean().default(false),
        timeoutMs: timeoutInput,
      },
      outputSchema: commandRunShape,
    },
    (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const bytes = args.bytes.replace(/\s+/g, '').match(/../g)!;
      return runCommand(
        ctx,
        extra,
        `${args.physical ? '!eb' : 'eb'} ${args.address} ${bytes.join(' ')}`,
        args,
      );
    },
  );

  server.registerTool(
    'disassemble',
    {
      title: 'Disassemble',
      description: `Up to ${MAX_DISASSEMBLY_LINES} instructions from an address (default RIP), decoded in the paused code's mode.`,
      inputSchema: {
        address: addressInput.optional(),
        count: z.number().int().min(1).max(MAX_DISASSEMBLY_LINES).default(16),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        instructions: z.array(
          z.object({
            address: z.string(),
            bytes: z.string(),
            text: z.string(),
            symbol: z.string().nullable(),
            current: z.boolean(),
          }),
        ),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const rip = ctx.service.pausedContext()?.rip;
      const address =
        args.address === undefined
          ? { ok: true as const, value: rip ?? 0n }
          : resolveAddress(ctx, args.address);
      if (!address.ok) return refuse(address.error);
      const outcome = await waitBounded(
        ctx,
        extra,
        ctx.service.disassemble(address.value, args.count),
        args.timeoutMs,
        'disassembling',
      );
      if (outcome.kind !== 'done') return refuse(`the disassembly did not finish (${outcome.kind})`);
      if (!outcome.value.ok) return refuse(outcome.value.error);
      const instructions = outcome.value.value.map((i) => ({
        address: hex(i.address),
        bytes: bytesToHex(i.bytes),
        text: i.text,
        symbol: i.symbol ?? null,
        current: i.address === rip,
      }));
      const trailer = trailerOf(ctx.service);
      const lines = instructions.map(
        (i) => `${i.current ? '>' : ' '} ${i.address}  ${i.text}${i.symbol ? `  ; ${i.symbol}` : ''}`,
      );
      return reply({ instructions, session: trailer }, `${lines.join('\n')}\n${trailerLine(trailer)}`);
    },
  );

  server.registerTool(
    'call_stack',
    {
      title: 'Call stack',
      description:
        "The paused thread's call stack ('k'): return addresses found on the stack with their call sites and symbols.",
      inputSchema: { timeoutMs: timeoutInput },
      outputSchema: {
        frames: z.array(
          z.object({
            slot: z.number().int().describe('byte offset of the stack slot'),
            returnAddress: z.string(),
            callSite: z.string(),
            symbol: z.string().nullable(),
          }),
        ),
        session: trailerSchema,
      },
    },
    async (args, extra) => {
      const refused = requirePaused(ctx);
      if (refused) return refused;
      const outcome = await waitBounded(
        ctx,
        extra,
        ctx.service.callStack(),
        args.timeoutMs,
        'walking the stack',
      );
      if (outcome.kind !== 'done') return refuse(`the call stack did not finish (${outcome.kind})`);
      if (!outcome.value.ok) return refuse(outcome.value.error);
      const frames = outcome.value.value.map((f) => ({
        slot: f.slot,
        returnAddress: hex(f.returnAddress),
        callSite: hex(f.callSite),
        symbol: f.symbol ?? null,
      }));
      const trailer = trailerOf(ctx.service);
      const lines = frames.map((f, n) =>
        `${n.toString().padStart(2, '0')} ${f.callSite} ${f.symbol ?? ''}`.trimEnd(),
      );
      return reply({ frames, session: trailer }, `${lines.join('\n')}\n${trailerLine(trailer)}`);
    },
  );

  server.registerTool(
    'symbols',
    {
      title: 'Symbols',
      description:
        "lookup: a symbol expression → address; address: an address → module!name+offset; search: a mask like nt!ExAlloc* (what 'x' lists); " +
        "type: a type layout ('dt', where the command is available).",
      inputSchema: {
        action: z.enum(['lookup', 'address', 'search', 'type']),
        query: z.string().min(1).max(512).describe('symbol, address, mask or type name'),
        limit: z.number().int().min(1).max(MAX_SYMBOL_MATCHES).default(100),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        ok: z.boolean(),
        address: z.string().nullable(),
        name: z.string().nullable(),
        matches: z.array(z.object({ address: z.string(), module: z.string(), name: z.string() })),
        truncated: z.boolean(),
        output: z.string(),
      },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      const symbols = ctx.service.current!.symbols;
      const empty = { ok: true, address: null, name: null, matches: [], truncated: false, output: '' };
      switch (args.action) {
        case 'lookup': {
          const resolved = symbols.resolveSymbol(args.query);
          if (!resolved.ok) return refuse(resolved.error);
          return reply(
            { ...empty, address: hex(resolved.value), name: args.query },
            `${args.query} = ${hex(resolved.value)}`,
          );
        }
        case 'address': {
          const address = parseHyperDbgNumber(args.query);
          if (address === undefined) return refuse(`'${args.query}' is not a hex address`);
          const name = symbols.describeAddress(address, { moduleOffsetWithoutPdb: true }) ?? null;
          return reply(
            { ...empty, address: hex(address), name },
            name ?? `no module or PDB covers ${hex(address)}`,
          );
        }
        case 'search': {
          const all = symbols.search(args.query);
          const matches = all
            .slice(0, args.limit)
            .map((m) => ({ address: hex(m.address), module: m.module, name: m.name }));
          return reply(
            { ...empty, matches, truncated: all.length > matches.length },
            matches.map((m) => `${m.address} ${m.module}!${m.name}`).join('\n') ||
              `no symbol matches ${args.query}`,
          );
        }
        case 'type': {
          if (!ctx.service.current!.dispatcher.lookup('dt'))
            return refuse("type layouts need the 'dt' command, which this build does not have yet");
          const results = await executeEach(ctx, extra, [`dt ${args.query}`], args.timeoutMs);
          if (!Array.isArray(results)) return results;
          const [typed] = results as [CommandResult];
          if (!typed.ok) return refuse(typed.output.trim());
          return reply({ ...empty, name: args.query, output: typed.output }, typed.output);
        }
      }
    },
  );

  server.registerTool(
    'compile_script',
    {
      title: 'Compile a script',
      description:
        "Compiles HyperDbg script source (as '?', script { } actions and conditions take it) with HyperDbg v0.23's compiler rules. " +
        'An error comes back exactly as HyperDbg prints it (line, caret, cause); nothing is sent to the debuggee.',
      inputSchema: { script: z.string().min(1).max(1_000_000) },
      outputSchema: {
        ok: z.boolean(),
        error: z.string().nullable().describe("HyperDbg's message, verbatim"),
        line: z.number().int().nullable(),
        column: z.number().int().nullable(),
        symbolCount: z.number().int().nullable().describe('24-byte SYMBOL records in the buffer'),
        hex: z.string().nullable().describe(`the wire buffer (first ${MAX_SCRIPT_HEX_BYTES} bytes)`),
      },
    },
    (args) => {
      const result = new ScriptCompileSession().compile(args.script);
      if (!result.ok) {
        return reply(
          {
            ok: false,
            error: result.error.message,
            line: result.error.line,
            column: result.error.column,
            symbolCount: null,
            hex: null,
          },
          result.error.message,
        );
      }
      return reply(
        {
          ok: true,
          error: null,
          line: null,
          column: null,
          symbolCount: result.bytes.length / 24,
          hex: bytesToHex(result.bytes.subarray(0, MAX_SCRIPT_HEX_BYTES)),
        },
        `compiled: ${result.bytes.length / 24} symbols (${result.bytes.length} bytes)`,
      );
    },
  );
}
