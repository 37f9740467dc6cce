// Incident history for AI agents and stack traces, wired in one place: the language-model
// tools, the MCP server definition, and "Find Incidents for Stack Trace…", all over the same
// agent context. The composition root calls this once.
import * as vscode from 'vscode';
import type { ConfigStore } from '../../adapters/configStore';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { Clock } from '../../core/ports';
import type { GitHistory } from '../anchors/gitHistory';
import type { FixHistory } from '../experts/fixHistory';
import { FindIncidentsForStackTraceCommand } from '../commands/findIncidentsForStackTrace';
import { registerCommands } from '../commands/registerCommands';
import { NoteLogger } from '../notes/noteLogger';
import type { NoteDelivery } from '../platforms/noteDelivery';
import { agentContext } from './agentContext';
import { noteLoggerForAgents, registerIncidentTools } from './incidentTools';
import { registerMcpServerProvider } from './mcpProvider';

export interface AgentDeps {
  context: vscode.ExtensionContext;
  store: IncidentStore;
  configs: ConfigStore;
  writer: IncidentWriter;
  clock: Clock;
  history: GitHistory;
  /** Fixes mined from git history, so the people to ask name who fixed the code. */
  fixes?: FixHistory;
  /** The outbox the palette's notes go through, so an agent's note reaches the platform the same way. */
  delivery?: NoteDelivery;
}

export function registerAgents({ context, store, configs, writer, clock, history, fixes, delivery }: AgentDeps): vscode.Disposable[] {
  const logNote = noteLoggerForAgents(store, new NoteLogger(store, writer, clock, delivery));
  const contextNow = () => agentContext({ store, configs, clock, history, fixes, logNote });
  return [
    ...registerIncidentTools(contextNow),
    ...registerMcpServerProvider(context),
    ...registerCommands([new FindIncidentsForStackTraceCommand(contextNow)]),
  ];
}
