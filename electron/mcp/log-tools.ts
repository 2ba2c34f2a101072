// Logs: search, count, page and export over the session's log store (every message, halt and
// trigger the debuggee sent, with its calling stage), so an agent reads a million hits by query
// instead of through its context window. Long scans report progress and stop when cancelled.
import { isAbsolute } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { LogQuery, StoredLog } from '../logs/log-database';
import type { CallControl } from '../logs/store-backend';
import {
  refuse,
  reply,
  requireConnected,
  waitBounded,
  timeoutInput,
  type McpContext,
  type ToolExtra,
} from './tool-kit';

const MAX_ROWS = 500;
const MAX_ROW_TEXT = 4000;

const filterSchema = z
  .object({
    text: z.string().min(1).max(1000).optional(),
    textMode: z
      .enum(['substring', 'fts', 'regex'])
      .default('substring')
      .describe('substring (any characters), fts (words, "phrases", prefix*) or regex'),
    kinds: z
      .array(z.enum(['info', 'warning', 'error', 'batch', 'event', 'halt', 'trigger']))
      .max(7)
      .optional(),
    stage: z.enum(['pre', 'post']).optional(),
    eventTag: z.number().int().min(0).optional().describe('event tag (0x1000000 + event id)'),
    core: z.number().int().min(0).optional(),
    since: z.string().datetime().optional().describe('ISO time, inclusive'),
    until: z.string().datetime().optional().describe('ISO time, inclusive'),
  })
  .default({ textMode: 'substring' });

const rowSchema = z.object({
  id: z.number().int(),
  sequence: z.number().int(),
  time: z.string(),
  kind: z.string(),
  stage: z.string().nullable(),
  eventTag: z.string().nullable(),
  core: z.number().int().nullable(),
  text: z.string(),
});

function storeQuery(filter: z.infer<typeof filterSchema>): LogQuery {
  return {
    ...(filter.text !== undefined ? { text: { mode: filter.textMode, value: filter.text } } : {}),
    ...(filter.kinds !== undefined ? { kinds: filter.kinds } : {}),
    ...(filter.stage !== undefined ? { stage: filter.stage } : {}),
    ...(filter.eventTag !== undefined ? { eventTag: filter.eventTag } : {}),
    ...(filter.core !== undefined ? { core: filter.core } : {}),
    ...(filter.since !== undefined ? { since: Date.parse(filter.since) } : {}),
    ...(filter.until !== undefined ? { until: Date.parse(filter.until) } : {}),
  };
}

function row(record: StoredLog): z.infer<typeof rowSchema> {
  return {
    id: record.id,
    sequence: record.sequence,
    time: new Date(record.arrivedAt).toISOString(),
    kind: record.kind,
    stage: record.stage ?? null,
    eventTag: record.eventTag !== undefined ? `0x${record.eventTag.toString(16)}` : null,
    core: record.core ?? null,
    text: record.text.length > MAX_ROW_TEXT ? `${record.text.slice(0, MAX_ROW_TEXT)}[…]` : record.text,
  };
}

/** The store's own progress and cancellation, wired to the MCP request. */
function storeControl(extra: ToolExtra, what: string): CallControl {
  const token = extra._meta?.progressToken;
  return {
    signal: extra.signal,
    ...(token !== undefined
      ? {
          onProgress: (done: number, total: number) =>
            void extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken: token, progress: done, total, message: what },
              })
              .catch(() => undefined),
        }
      : {}),
  };
}

export function registerLogTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'logs',
    {
      title: 'Logs',
      description:
        "The session's log store. search: matching rows oldest first, a page at a time (afterId from the last answer's " +
        'nextAfterId, limit ≤ 500); count: how many match; export: every matching row to a JSONL or CSV file (absolute ' +
        'path) on the machine running hds mcp.',
      inputSchema: {
        action: z.enum(['search', 'count', 'export']).default('search'),
        filter: filterSchema,
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(MAX_ROWS).default(50),
        path: z.string().optional().describe('export: absolute file path'),
        format: z.enum(['jsonl', 'csv']).default('jsonl'),
        timeoutMs: timeoutInput,
      },
      outputSchema: {
        total: z.number().int().nullable().describe('rows matching the filter (count and export)'),
        rows: z.array(rowSchema),
        nextAfterId: z
          .number()
          .int()
          .nullable()
          .describe('afterId for the next page; null when this page was short'),
        exported: z.object({ path: z.string(), rows: z.number().int() }).nullable(),
      },
    },
    async (args, extra) => {
      const refused = requireConnected(ctx);
      if (refused) return refused;
      const store = ctx.service.current!.logs;
      const query = storeQuery(args.filter);
      if (args.action === 'export' && (!args.path || !isAbsolute(args.path)))
        return refuse('export needs path: an absolute file path on the machine running hds mcp');
      const work: Promise<number | StoredLog[]> =
        args.action === 'count'
          ? store.count(query, storeControl(extra, 'counting log rows'))
          : args.action === 'export'
            ? store.export(args.path!, args.format, query, storeControl(extra, `exporting to ${args.path}`))
            : store.page(
                query,
                { afterId: args.afterId, limit: args.limit },
                storeControl(extra, 'searching the logs'),
              );
      let outcome;
      try {
        outcome = await waitBounded(ctx, extra, work, args.timeoutMs, `logs ${args.action}`);
      } catch (error) {
        return refuse(
          `the log ${args.action} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (outcome.kind !== 'done') return refuse(`the log ${args.action} did not finish (${outcome.kind})`);
      if (args.action === 'count') {
        const total = outcome.value as number;
        return reply({ total, rows: [], nextAfterId: null, exported: null }, `${total} matching rows`);
      }
      if (args.action === 'export') {
        const rows = outcome.value as number;
        return reply(
          { total: rows, rows: [], nextAfterId: null, exported: { path: args.path!, rows } },
          `exported ${rows} rows to ${args.path!}`,
        );
      }
      const rows = (outcome.value as StoredLog[]).map(row);
      const nextAfterId = rows.length === args.limit ? rows[rows.length - 1]!.id : null;
      const lines = rows.map(
        (r) =>
          `#${r.id} ${r.kind}${r.stage ? `/${r.stage}` : ''}${r.eventTag ? ` ${r.eventTag}` : ''} ${r.text.replace(/\n$/, '')}`,
      );
      return reply(
        { total: null, rows, nextAfterId, exported: null },
        [
          ...lines,
          nextAfterId !== null ? `[more after id ${nextAfterId}]` : '',
          lines.length === 0 ? 'no matching rows' : '',
        ]
          .filter((s) => s !== '')
          .join('\n'),
      );
    },
  );
}
