// `hds mcp`: the debugger as a Model Context Protocol server for AI agents (stdio by default,
// or Streamable HTTP on loopback with a bearer token).
import { packageVersion } from '../../host/paths';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createDebuggerService } from '../../app/debugger-service';
import { simEndpoint } from '../../app/in-process-simulator';
import { serveMcpHttp } from '../../mcp/http';
import { createMcpServer } from '../../mcp/server';
import { createContext } from '../../mcp/tool-kit';
import type { CliCommand } from '../main';

const USAGE = `usage: hds mcp [--http PORT] [--token TOKEN] [--request-timeout MS]

Serves HyperDbg Studio's debugger to AI agents over the Model Context Protocol: tools to connect,
run any HyperDbg command, pause/continue/step, read registers and memory, build events with pool
forecasts, query the log store and compile scripts; resources with every command's help and the
script language reference. See docs/mcp.md.

  (default)              stdio: the MCP client starts 'hds mcp' and speaks JSON-RPC on stdin/stdout
  --http PORT            Streamable HTTP at http://127.0.0.1:PORT/mcp instead (0 = a free port);
                         every request needs 'Authorization: Bearer TOKEN'
  --token TOKEN          the HTTP token (default: a random one, printed on stderr)
  --request-timeout MS   how long the session waits for one debuggee answer (default 10000)
`;

interface McpOptions {
  http: number | undefined;
  token: string | undefined;
  requestTimeoutMs: number | undefined;
}

function parseArgs(args: readonly string[]): McpOptions | string {
  const options: McpOptions = { http: undefined, token: undefined, requestTimeoutMs: undefined };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    const integer = (min: number, max: number): number | string => {
      i++;
      const n = Number(value);
      return value !== undefined && /^\d+$/.test(value) && n >= min && n <= max
        ? n
        : `hds mcp: ${flag} takes a number from ${min} to ${max}, not '${value ?? ''}'`;
    };
    switch (flag) {
      case '--http': {
        const port = integer(0, 65535);
        if (typeof port === 'string') return port;
        options.http = port;
        break;
      }
      case '--token':
        i++;
        if (!value || value.length < 16) return 'hds mcp: --token needs at least 16 characters';
        options.token = value;
        break;
      case '--request-timeout': {
        const ms = integer(100, 600_000);
        if (typeof ms === 'string') return ms;
        options.requestTimeoutMs = ms;
        break;
      }
      default:
        return `hds mcp: unknown option '${flag}'\n\n${USAGE}`;
    }
  }
  return options;
}

/** Resolves on SIGINT/SIGTERM, or when stdin ends (the stdio client went away). */
function untilShutdown(watchStdin: boolean): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (watchStdin) {
      process.stdin.once('end', () => resolve());
      process.stdin.once('close', () => resolve());
    }
  });
}

export const command: CliCommand = {
  summary:
    'serve the debugger to AI agents over the Model Context Protocol (stdio, or loopback HTTP with a token)',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    const options = parseArgs(args);
    if (typeof options === 'string') {
      process.stderr.write(`${options}\n`);
      return 1;
    }
    const sim = simEndpoint();
    const service = createDebuggerService({
      simulator: sim.connect,
      statsIntervalMs: 0,
      ...(options.requestTimeoutMs !== undefined
        ? { settings: { requestTimeoutMs: options.requestTimeoutMs } }
        : {}),
    });
    const ctx = createContext(service, sim.signature);
    const version = packageVersion();
    const stdio = options.http === undefined;
    let closeTransport: () => Promise<void>;
    if (stdio) {
      const server = createMcpServer(ctx, version);
      await server.connect(new StdioServerTransport());
      closeTransport = () => server.close();
    } else {
      const http = await serveMcpHttp(() => createMcpServer(ctx, version), {
        port: options.http!,
        ...(options.token ? { token: options.token } : {}),
      });
      process.stderr.write(`hds mcp: serving ${http.url}\nhds mcp: token ${http.token}\n`);
      closeTransport = () => http.close();
    }
    await untilShutdown(stdio);
    // Like '.debug close' in the console: a debuggee left paused would wait for a debugger forever.
    await Promise.race([service.disconnect(), new Promise((resolve) => setTimeout(resolve, 5000))]);
    ctx.watch.dispose();
    await closeTransport();
    return 0;
  },
};
