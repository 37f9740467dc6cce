// The MCP server behind `incident-lens mcp`: the agent-tool catalogue (src/services/agentTools.ts)
// over the SDK's low-level Server, so the JSON Schemas the editor's manifest declares are the
// ones MCP clients see. Read-only unless notes are allowed; the write tool is then the only
// one without readOnlyHint. No transport here (the command attaches stdio; tests attach their own).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Ajv, { type ValidateFunction } from 'ajv';
import { AGENT_TOOLS, type AgentContext, type AgentTool } from '../../services/agentTools';

export interface McpServerOptions {
  version: string;
  /** Offer log_incident_note (the context must then carry logNote). */
  allowNotes: boolean;
  /** The workspace as it is now; called for every tool call, so edits to .incidents/ are seen. */
  context: () => Promise<AgentContext>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

/** The tools this server offers: every read-only tool, and the note tool only with allowNotes. */
export function offeredTools(allowNotes: boolean): AgentTool[] {
  return AGENT_TOOLS.filter((tool) => tool.readOnly || allowNotes);
}

export function createMcpServer(options: McpServerOptions): Server {
  const tools = offeredTools(options.allowNotes);
  const server = new Server(
    { name: 'incident-lens', title: 'Incident Lens', version: options.version },
    {
      capabilities: { tools: {} },
      instructions: 'Incident history of this repository, offline: which past incidents touched a file, lines or a stack trace, the riskiest linked code, and who to ask. Cite incident ids and path:line from the answers.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object' },
      annotations: { title: tool.title, readOnlyHint: tool.readOnly, destructiveHint: false, openWorldHint: false, idempotentHint: tool.readOnly },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) {
      const hint = request.params.name === 'log_incident_note' ? ' Notes are off: start the server with `incident-lens mcp --allow-notes` to log them.' : '';
      return failure(`Unknown tool ${request.params.name}.${hint} Tools: ${tools.map((t) => t.name).join(', ')}.`);
    }
    const input = request.params.arguments ?? {};
    const problem = inputProblem(tool, input);
    if (problem) return failure(problem);
    try {
      return { content: [{ type: 'text', text: await tool.run(input, await options.context()) }] };
    } catch (error) {
      return failure((error as Error).message);
    }
  });
  return server;
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** How `input` breaks the tool's schema (types, required, unknown keys), in words the model can act on. */
function inputProblem(tool: AgentTool, input: Record<string, unknown>): string | undefined {
  let validate = validators.get(tool.name);
  if (!validate) validators.set(tool.name, (validate = ajv.compile(tool.inputSchema)));
  if (validate(input)) return undefined;
  return (validate.errors ?? []).map((e) => (e.keyword === 'additionalProperties'
    ? `Unknown argument "${String(e.params.additionalProperty)}"; ${tool.name} takes ${Object.keys((tool.inputSchema.properties as object | undefined) ?? {}).join(', ')}.`
    : `${e.instancePath ? `"${e.instancePath.slice(1)}"` : 'The arguments'} ${e.message ?? 'are invalid'}.`)).join(' ');
}
