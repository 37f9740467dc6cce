// `incident-lens mcp [--allow-notes]`: the agent tools as an MCP server on stdin/stdout for
// Claude Code, Cursor and any other MCP client. stdout carries only the protocol; every
// message goes to stderr. Read-only unless --allow-notes. Nothing here opens a socket.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { findWorkspaceRoot } from '../../services/workspace';
import { parseCommandArgs } from '../args';
import { CliError, type CliIO } from '../io';
import { mcpContext } from '../mcp/context';
import { createMcpServer } from '../mcp/server';

const USAGE = 'incident-lens mcp [--allow-notes]';

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(args, { 'allow-notes': { type: 'boolean' } }, USAGE, false);
  const root = await findWorkspaceRoot(io.cwd);
  if (!root) throw new CliError(`No workspace here: ${io.cwd} has no .incidents/ folder above it and is not in a git repository. Start the server in your repository (its "cwd" in .mcp.json).`);
  const allowNotes = values['allow-notes'] === true;
  const context = mcpContext({ root, allowNotes, warn: (message) => io.stderr(`${message}\n`), env: io.env });
  await context(); // Load once up front, so a broken workspace says so at start.
  const server = createMcpServer({ version: io.env.INCIDENT_LENS_VERSION ?? '0.1.0', allowNotes, context });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => { transport.onclose = resolve; process.stdin.once('end', resolve); });
  await server.connect(transport);
  io.stderr(`incident-lens mcp: serving ${root}${allowNotes ? ' (notes allowed)' : ' (read-only)'}\n`);
  await closed;
  await server.close();
  return 0;
}
