// Every `incident-lens` command: name -> one-line summary and its module, loaded only when
// run (so `incident-lens check` never pays for another command's dependencies).
// To add a command, write src/cli/commands/<name>.ts exporting `run(args, io)` and add one line here.
import type { CliCommand } from '../io';

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  check: { summary: 'check [--staged | --base <ref>] [--format text|json|github|markdown] [--fail-on none|low|medium|high]  The linked code a change touches, and its incident risk', load: () => import('./check') },
  incidents: { summary: 'incidents <path>[:<line>[-<line>]] [--json]  What is linked there now', load: () => import('./incidents') },
  trace: { summary: 'trace [<file>|-] [--json]  The incidents linked at the lines of a stack trace (stdin by default), and who to ask', load: () => import('./trace') },
  mcp: { summary: 'mcp [--allow-notes]  An MCP server on stdio: the incident tools for AI agents (read-only unless --allow-notes)', load: () => import('./mcp') },
  experts: { summary: 'experts <path>[:<line>[-<line>]] [--json]  Who knows this code: responders, fix authors, recent authors, CODEOWNERS', load: () => import('./experts') },
  report: { summary: 'report [--since 90d] [--format markdown|json]  Components incidents keep hitting: lessons by practice, open follow-ups', load: () => import('./report') },
};
