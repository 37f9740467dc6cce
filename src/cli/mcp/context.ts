// The workspace the MCP server answers from: loaded from disk, reloaded when a call comes more
// than RELOAD_MS after the last load (so notes and links added meanwhile are seen), with git
// churn for hotspots and, only with --allow-notes, a note writer for the live incident.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { gitHead, gitUserName } from '../../adapters/git';
import { defaultMiningCacheFile } from '../../adapters/gitMining';
import { IncidentWriter } from '../../adapters/incidentWriter';
import { appendNote } from '../../core/incidentEdits';
import { byRecency } from '../../core/incidentQuery';
import { isLive, type Note } from '../../core/model';
import { isoSeconds } from '../../core/time';
import type { AgentContext, NoteToLog } from '../../services/agentTools';
import { cite, withArticle } from '../../services/agentText';
import { gitChurn } from '../../services/hotspots';
import { indexWorkspaceFiles } from '../../services/stackTraceFiles';
import { loadWorkspace, type LoadedWorkspace } from '../../services/workspace';
import { cliIndexCache } from '../workspaceArg';

const RELOAD_MS = 2_000;

export interface McpContextOptions {
  root: string;
  allowNotes: boolean;
  /** Where problems in incident files are reported (stderr: stdout carries the protocol). */
  warn: (message: string) => void;
  now?: () => Date;
  /** For the mining cache's place ($XDG_CACHE_HOME); process.env by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A function giving the context for each call, loading the workspace again when it is older than RELOAD_MS. */
export function mcpContext(options: McpContextOptions): () => Promise<AgentContext> {
  let loaded: { at: number; context: Promise<AgentContext> } | undefined;
  const writer = new IncidentWriter();
  return () => {
    if (!loaded || Date.now() - loaded.at > RELOAD_MS) loaded = { at: Date.now(), context: build(options, writer) };
    const current = loaded;
    // A failed load is not kept: the next call tries again.
    current.context.catch(() => { if (loaded === current) loaded = undefined; });
    return current.context;
  };
}

async function build(options: McpContextOptions, writer: IncidentWriter): Promise<AgentContext> {
  const workspace = await loadWorkspace(options.root, cliIndexCache(options.root, options.env ?? process.env));
  for (const [file, problems] of workspace.problems) for (const p of problems) options.warn(`${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  const churnOf = workspace.git ? await gitChurn(workspace.root, workspace.folder.id) : undefined;
  let files: ReturnType<typeof indexWorkspaceFiles> | undefined;
  return {
    folders: [{ ...workspace, facts: { cacheFile: defaultMiningCacheFile(workspace.root, options.env) }, files: () => (files ??= indexWorkspaceFiles(workspace.root)) }],
    now: options.now?.() ?? new Date(),
    ...(churnOf ? { churnOf } : {}),
    ...(options.allowNotes ? { logNote: (note: NoteToLog) => logToLiveIncident(workspace, writer, note, options.now?.() ?? new Date()) } : {}),
  };
}

/**
 * Appends the note to the most recently started live incident through the same locked,
 * atomic writer the editor uses. The editor's outbox posts notes to platforms; this
 * process never touches the network, so a note logged here reaches a platform only when
 * the editor delivers it.
 */
async function logToLiveIncident(workspace: LoadedWorkspace, writer: IncidentWriter, request: NoteToLog, now: Date): Promise<string> {
  const live = workspace.index.entries().filter((entry) => isLive(entry.incident)).sort((a, b) => byRecency(a.incident, b.incident))[0];
  if (!live) throw new Error('No incident is live (every incident is resolved or closed): start one in the editor with "Incident Lens: Start Incident…", then log the note.');
  const [author, commit] = await Promise.all([
    gitUserName(workspace.root),
    request.code && workspace.git ? gitHead(workspace.root) : undefined,
  ]);
  const note: Note = {
    at: isoSeconds(now),
    author: author ?? userInfo().username,
    kind: request.kind,
    text: request.text,
    ...(request.code ? { code: { path: request.code.path, ...(request.code.lines ? { lines: request.code.lines } : {}), ...(commit ? { commit } : {}) } } : {}),
  };
  await writer.update(live.source, (text) => appendNote(text, note));
  const code = note.code ? ` about ${cite(note.code.path, note.code.lines)}` : '';
  return `Logged ${withArticle(note.kind)} note to ${live.incident.id} (${live.incident.title}) at ${note.at} as ${note.author}${code}, in ${join('.incidents', live.source.split(/[\\/]/).pop() ?? '')}.`;
}
