// Tells VS Code about `incident-lens mcp` (contributes.mcpServerDefinitionProviders), so
// MCP-only clients inside the editor find the same tools: one stdio server per trusted file
// workspace folder, run as `node dist/cli.js mcp` in that folder, read-only. The provider
// API is newer than the @types/vscode this extension builds against (1.100), so it is
// looked up at run time and skipped where the editor lacks it.
import * as vscode from 'vscode';
import { fileFolders } from '../workspaceFolders';

export const MCP_PROVIDER_ID = 'incidentLens.mcp';

interface McpStdioServerDefinitionCtor {
  new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string): { cwd?: vscode.Uri };
}

interface McpProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[];
}

type RegisterMcpProvider = (id: string, provider: McpProvider) => vscode.Disposable;

/** Registers the provider when the editor has the API (VS Code 1.101 and later); no servers in an untrusted workspace. */
export function registerMcpServerProvider(context: vscode.ExtensionContext): vscode.Disposable[] {
  const lm = vscode.lm as unknown as { registerMcpServerDefinitionProvider?: RegisterMcpProvider };
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionCtor }).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || !Definition) return [];
  const changed = new vscode.EventEmitter<void>();
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const provider: McpProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      if (!vscode.workspace.isTrusted) return [];
      const folders = fileFolders();
      return folders.map((folder) => {
        const label = folders.length > 1 ? `Incident Lens (${folder.root.split(/[\\/]/).pop()})` : 'Incident Lens';
        // process.execPath is the editor's own Node (Electron run as Node), so no Node on PATH is needed.
        const server = new Definition(label, process.execPath, [cli, 'mcp'], { ELECTRON_RUN_AS_NODE: '1', INCIDENT_LENS_VERSION: version }, version);
        server.cwd = vscode.Uri.file(folder.root);
        return server;
      });
    },
  };
  return [
    changed,
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
  ];
}
