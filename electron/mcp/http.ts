// `hds mcp --http`: the MCP server over Streamable HTTP on 127.0.0.1 only, every request carrying
// `Authorization: Bearer TOKEN`. The debugger can read and write the debuggee's kernel memory, so
// nothing else on the machine (or a web page through DNS rebinding) may reach it.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export const MCP_PATH = '/mcp';
const MAX_SESSIONS = 16;

export interface McpHttpServer {
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function fail(res: ServerResponse, status: number, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** Serves one MCP server per client session (`createServer` builds it); all share the debugger. */
export async function serveMcpHttp(
  createMcp: () => McpServer,
  options: { port: number; token?: string },
): Promise<McpHttpServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();
  let allowedHosts: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== MCP_PATH)
      return fail(res, 404, `the MCP endpoint is ${MCP_PATH}`);
    if (!tokenMatches(req.headers.authorization, token))
      return fail(res, 401, 'missing or wrong token: send Authorization: Bearer <the token hds mcp printed>');
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) return existing.transport.handleRequest(req, res);
    if (typeof sessionId === 'string') return fail(res, 404, 'unknown MCP session; initialize a new one');
    if (sessions.size >= MAX_SESSIONS)
      return fail(res, 503, `at most ${MAX_SESSIONS} MCP sessions at a time`);
    const server = createMcp();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts,
      onsessioninitialized: (id) => void sessions.set(id, { transport, server }),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) fail(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}${MCP_PATH}`,
    token,
    async close() {
      for (const { transport } of [...sessions.values()]) await transport.close();
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
