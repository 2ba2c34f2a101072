// `hds mcp`: HyperDbg Studio's session core as a Model Context Protocol server. One debugger
// service (one debuggee at a time) serves every MCP session; each tool is bounded in time and
// output, and run_command refuses nothing the console allows.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerEventTools } from './event-tools';
import { registerInspectTools } from './inspect-tools';
import { registerLogTools } from './log-tools';
import { registerResources } from './resources';
import { registerSessionTools } from './session-tools';
import type { McpContext } from './tool-kit';

export const SERVER_INSTRUCTIONS =
  "HyperDbg Studio drives a HyperDbg v0.23 debuggee over its kernel-debugging link. Start with connect (endpoint 'sim' " +
  'is a built-in simulated debuggee), then pause. Every answer ends with the state (running/paused, core, RIP). ' +
  "'continue' returns at once with a halt handle; wait_for_halt waits for the next halt. Events with a script action " +
  'write to the log store: query it with logs instead of reading every message. build_event forecasts pool use and ' +
  "names the exact 'prealloc' remedy. The hds://commands and hds://script-language resources document every command " +
  'and the script language.';

export function createMcpServer(ctx: McpContext, version: string): McpServer {
  const server = new McpServer(
    { name: 'hyperdbg-studio', title: 'HyperDbg Studio', version },
    { instructions: SERVER_INSTRUCTIONS, capabilities: { logging: {} } },
  );
  registerSessionTools(server, ctx);
  registerInspectTools(server, ctx);
  registerEventTools(server, ctx);
  registerLogTools(server, ctx);
  registerResources(server);
  return server;
}
