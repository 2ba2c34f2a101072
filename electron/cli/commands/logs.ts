import { once } from 'node:events';
import type { CliCommand } from '../main';
import { LogDatabase, validateTextQuery, type LogQuery, type StoredLog } from '../../logs/log-database';
import { csvHeader, csvLine, eventId, exportedRow, jsonLine, type ExportFormat } from '../../logs/log-format';
import { exportMatching, readPage } from '../../logs/log-operations';
import type { LogKind, LogStage } from '../../logs/log-record';
import { SessionArchive, type ArchiveEntry } from '../../logs/session-archive';
import { explainQueryError } from '../../logs/store-calls';
import { defaultArchiveFolder } from '../../host/session-logs';
import { DebuggerEventTagStartSeed } from '../../../shared/protocol/generated/constants';

const KINDS: readonly LogKind[] = ['info', 'warning', 'error', 'batch', 'event', 'halt', 'trigger'];
const PAGE = 5000;

const USAGE = `usage: hds logs list [--json]
       hds logs show SESSION [filters] [--limit N] [--json]
       hds logs export SESSION --format jsonl|csv [--out FILE] [filters]

Reads the session archive: every session's log, kept after it ends (folder: HDS_DATA_DIR/sessions
when HDS_DATA_DIR is set, else the per-user data folder; 'hds logs list' prints it).
  SESSION          a session id from 'hds logs list', a unique prefix of one, or 'latest'
filters (the Logs pane's):
  --stage pre|post            only rows of that calling stage
  --event ID                  only rows of event ID (the id the Events table shows, hex)
  --kind K[,K...]             info, warning, error, batch, event, halt, trigger
  --text S                    rows containing S (substring, case-insensitive)
  --fts Q                     full-text query: words, "phrases", prefix*, AND/OR/NOT
  --regex R                   rows matching the JavaScript regular expression R (a scan)
  --since T / --until T       arrival time bounds: ISO 8601 (2026-12-06T01:29:56Z) or epoch ms
  --json                      list: one JSON array; show: one JSON object per line`;

interface LogsArgs {
  json: boolean;
  format?: ExportFormat;
  out?: string;
  limit?: number;
  query: LogQuery;
  positional: string[];
}

function parseTime(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function parseArgs(args: string[]): LogsArgs | string {
  const parsed: LogsArgs = { json: false, query: {}, positional: [] };
  let query: { -readonly [K in keyof LogQuery]: LogQuery[K] } = {};
  const texts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const needs = (what: string): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs ${what}`);
      return v;
    };
    try {
      switch (arg) {
        case '--json':
          parsed.json = true;
          break;
        case '--format': {
          const v = needs('jsonl or csv');
          if (v !== 'jsonl' && v !== 'csv') return `--format is jsonl or csv, not '${v}'`;
          parsed.format = v;
          break;
        }
        case '--out':
          parsed.out = needs('a file');
          break;
        case '--limit': {
          const v = Number(needs('a number of rows'));
          if (!Number.isInteger(v) || v < 1) return '--limit needs a positive number of rows';
          parsed.limit = v;
          break;
        }
        case '--stage': {
          const v = needs('pre or post');
          if (v !== 'pre' && v !== 'post') return `--stage is pre or post, not '${v}'`;
          query.stage = v as LogStage;
          break;
        }
        case '--event': {
          const v = needs('an event id');
          const id = Number.parseInt(v.replace(/^0x/i, ''), 16);
          if (!/^(0x)?[0-9a-f]+$/i.test(v) || id > 0xffffff)
            return `--event needs an event id in hex (e.g. 3), not '${v}'`;
          query.eventTag = DebuggerEventTagStartSeed + id;
          break;
        }
        case '--kind': {
          const kinds = needs('a kind').split(',');
          const bad = kinds.find((k) => !KINDS.includes(k as LogKind));
          if (bad !== undefined) return `--kind '${bad}' is not one of ${KINDS.join(', ')}`;
          query.kinds = kinds as LogKind[];
          break;
        }
        case '--text':
        case '--fts':
        case '--regex': {
          const value = needs('the text to look for');
          texts.push(arg);
          const mode = arg === '--text' ? 'substring' : arg === '--fts' ? 'fts' : 'regex';
          query.text = { mode, value };
          break;
        }
        case '--since':
        case '--until': {
          const v = needs('a time');
          const ms = parseTime(v);
          if (ms === undefined) return `${arg} needs an ISO 8601 time or epoch milliseconds, not '${v}'`;
          query = arg === '--since' ? { ...query, since: ms } : { ...query, until: ms };
          break;
        }
        default:
          if (arg.startsWith('-')) return `unknown option ${arg}`;
          parsed.positional.push(arg);
      }
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (texts.length > 1) return `give one of --text, --fts, --regex (got ${texts.join(' and ')})`;
  const invalid = validateTextQuery(query.text);
  if (invalid) return invalid;
  parsed.query = query;
  return parsed;
}

const write = (text: string): boolean => process.stdout.write(text);
const writeError = (text: string): void => void process.stderr.write(text);

async function writeOut(text: string): Promise<void> {
  if (!write(text)) await once(process.stdout, 'drain');
}

function listText(sessions: readonly ArchiveEntry[], folder: string): string {
  if (sessions.length === 0) return `no sessions in ${folder}\n`;
  const lines = [`sessions in ${folder} (newest first):`];
  for (const s of sessions) {
    lines.push(
      `  ${s.id}  ${s.rows.toString().padStart(9)} rows  ${(s.bytes / 1024 / 1024).toFixed(1).padStart(7)} MB  ${s.status}`,
    );
  }
  return lines.join('\n') + '\n';
}

function rowText(row: StoredLog): string {
  const r = exportedRow(row);
  const event = eventId(row.eventTag);
  const where = [
    r.core !== null ? `core ${r.core}` : '',
    event !== null ? `event ${event}` : '',
    r.stage ?? '',
  ]
    .filter((p) => p !== '')
    .join(' ');
  return `${r.time}  ${r.kind.padEnd(7)} ${where.padEnd(20)} ${r.text.endsWith('\n') ? r.text : r.text + '\n'}`;
}

/** Opens a session for reading; a message when it cannot be found or read. */
function open(
  archive: SessionArchive,
  name: string | undefined,
): { db: LogDatabase; session: ArchiveEntry } | string {
  if (name === undefined) return "which session? give an id from 'hds logs list', or 'latest'";
  const session = archive.resolve(name);
  if (typeof session === 'string') return session;
  try {
    return { db: new LogDatabase(session.path, { readonly: true }), session };
  } catch (error) {
    return `cannot read ${session.path}: ${(error as Error).message}`;
  }
}

async function show(db: LogDatabase, args: LogsArgs): Promise<void> {
  let afterId = 0;
  let left = args.limit ?? Number.POSITIVE_INFINITY;
  while (left > 0) {
    const rows = await readPage(db, args.query, { afterId, limit: Math.min(PAGE, left) });
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) chunk += args.json ? jsonLine(row) : rowText(row);
    await writeOut(chunk);
    left -= rows.length;
    afterId = rows[rows.length - 1]!.id;
  }
}

async function exportTo(db: LogDatabase, args: LogsArgs, format: ExportFormat): Promise<void> {
  if (args.out === undefined) {
    // To stdout: the same lines, page by page.
    if (format === 'csv') await writeOut(csvHeader());
    let afterId = 0;
    for (;;) {
      const rows = await readPage(db, args.query, { afterId, limit: PAGE });
      if (rows.length === 0) break;
      await writeOut(rows.map((row) => (format === 'csv' ? csvLine(row) : jsonLine(row))).join(''));
      afterId = rows[rows.length - 1]!.id;
    }
    return;
  }
  let lastPercent = -1;
  const count = await exportMatching(db, args.query, format, args.out, {
    progress: (done, total) => {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (percent !== lastPercent && process.stderr.isTTY) writeError(`\rexporting… ${percent} %`);
      lastPercent = percent;
    },
  });
  if (process.stderr.isTTY) writeError('\r');
  writeError(`exported ${count} rows to ${args.out}\n`);
}

export const command: CliCommand = {
  summary: 'list, show and export the logs of past sessions (the session archive)',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help')) {
      write(`${USAGE}\n`);
      return sub === undefined ? 1 : 0;
    }
    // `hds logs show latest | head`: a closed pipe ends the output, it is not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
    });
    const parsed = parseArgs(rest);
    if (typeof parsed === 'string') {
      writeError(`hds logs ${sub}: ${parsed}\n`);
      return 1;
    }
    const archive = new SessionArchive(defaultArchiveFolder());
    if (sub === 'list') {
      const sessions = archive.list();
      if (parsed.json) write(JSON.stringify(sessions, null, 2) + '\n');
      else write(listText(sessions, archive.folder));
      return 0;
    }
    if (sub !== 'show' && sub !== 'export') {
      writeError(`hds logs: unknown subcommand '${sub}'; it is list, show or export\n${USAGE}\n`);
      return 1;
    }
    if (sub === 'export' && parsed.format === undefined) {
      writeError('hds logs export: --format jsonl or --format csv is needed\n');
      return 1;
    }
    const opened = open(archive, parsed.positional[0]);
    if (typeof opened === 'string') {
      writeError(`hds logs ${sub}: ${opened}\n`);
      return 1;
    }
    try {
      if (sub === 'show') await show(opened.db, parsed);
      else await exportTo(opened.db, parsed, parsed.format!);
      return 0;
    } catch (error) {
      writeError(`hds logs ${sub}: ${(explainQueryError(parsed.query, error) as Error).message}\n`);
      return 1;
    } finally {
      opened.db.close();
    }
  },
};
