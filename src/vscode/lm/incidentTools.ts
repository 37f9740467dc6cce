// The agent-tool catalogue (src/services/agentTools.ts) as VS Code language-model tools, so
// Copilot's agent mode and any chat participant use them without set-up (`#incidents`, ...).
// Each answer is the same text the MCP server gives. The note tool writes: it asks first
// (prepareInvocation), refuses in an untrusted workspace, and logs through the palette
// command's NoteLogger (same writer, same outbox to the platform).
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { AGENT_TOOLS, type AgentContext, type AgentTool, type NoteToLog } from '../../services/agentTools';
import { cite, withArticle } from '../../services/agentText';
import { currentIncidentOfWindow, currentLiveEntry } from '../notes/currentIncident';
import type { NoteLogger } from '../notes/noteLogger';

/** Registers every tool of the catalogue; `context` builds the state each call answers from. */
export function registerIncidentTools(context: () => AgentContext): vscode.Disposable[] {
  return AGENT_TOOLS.map((tool) => vscode.lm.registerTool<Record<string, unknown>>(tool.lmName, new IncidentTool(tool, context)));
}

class IncidentTool implements vscode.LanguageModelTool<Record<string, unknown>> {
  constructor(private readonly tool: AgentTool, private readonly context: () => AgentContext) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>): vscode.PreparedToolInvocation {
    if (this.tool.readOnly) return { invocationMessage: `${this.tool.title}…` };
    const input = options.input;
    const where = typeof input.path === 'string' && input.path ? ` ${vscode.l10n.t('about {0}', `${input.path}${typeof input.line === 'number' ? `:${input.line}` : ''}`)}` : '';
    return {
      invocationMessage: vscode.l10n.t('Logging a note to the live incident…'),
      confirmationMessages: {
        title: vscode.l10n.t('Log a note to the live incident?'),
        message: new vscode.MarkdownString().appendText(`${String(input.kind ?? 'observation')}${where}:\n\n${String(input.text ?? '')}\n\n${vscode.l10n.t('It is written to the incident\'s file in .incidents/ and, for a platform incident, posted to its timeline.')}`),
      },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>): Promise<vscode.LanguageModelToolResult> {
    if (!this.tool.readOnly && !vscode.workspace.isTrusted) {
      throw new Error(vscode.l10n.t('This workspace is not trusted, so Incident Lens does not write to it. Ask the user to trust the workspace first.'));
    }
    const text = await this.tool.run(options.input ?? {}, this.context());
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }
}

/** Logs an agent's note to the window's current live incident through the palette command's logger. */
export function noteLoggerForAgents(store: IncidentStore, logger: NoteLogger): (note: NoteToLog) => Promise<string> {
  return async (request) => {
    const entry = currentLiveEntry(store.index.entries(), currentIncidentOfWindow.preferredSource());
    if (!entry) throw new Error(vscode.l10n.t('No incident is live. The user can start one with "Incident Lens: Start Incident…".'));
    const code = request.code;
    if (code && code.folder.folder.id !== entry.folder) throw new Error(vscode.l10n.t('{0} is in another workspace folder than {1}; log the note without the code reference.', code.path, entry.incident.id));
    const note = await logger.log(entry, {
      kind: request.kind,
      text: request.text,
      // A code reference names lines; a path alone is not attached.
      ...(code?.lines ? { selection: { folder: code.folder.folder, path: code.path, lines: code.lines, excerpt: '' } } : {}),
    });
    return `Logged ${withArticle(note.kind)} note to ${entry.incident.id} (${entry.incident.title}) at ${note.at}${note.code ? ` about ${cite(note.code.path, note.code.lines)}` : ''}.`;
  };
}
