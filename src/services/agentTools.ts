// The tools agents get, defined once: the language-model tools in the editor
// (src/vscode/lm/) and the MCP server (src/cli/mcp/) both present this catalogue, with
// the same names, descriptions, input schemas and text answers. package.json's
// `languageModelTools` repeats the schemas (the manifest must be static); a unit test
// keeps the two equal.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NOTE_KINDS, type LineRange, type NoteKind } from '../core/model';
import type { ChurnOf } from '../core/risk';
import { cite, renderHotspots, renderIncidentsHere, renderSearch, renderTrace } from './agentText';
import { rankHotspots } from './hotspots';
import { incidentsAt, parseLocation, type Location } from './incidentsAt';
import { peopleToAsk } from './peopleToAsk';
import { searchIncidents } from './search';
import { incidentsForStackTrace, type TraceReport, type TraceWorkspace } from './stackTrace';
import type { FileNameIndex } from './stackTracePaths';

/** A JSON Schema object, as MCP and the VS Code manifest take it. */
export type JsonSchema = Record<string, unknown>;

export interface AgentFolder extends TraceWorkspace {
  /** The workspace's files by name for stack traces; walked once per call when absent. */
  files?: () => Promise<FileNameIndex>;
}

/** A note an agent asks to log to the live incident. */
export interface NoteToLog {
  kind: NoteKind;
  text: string;
  /** The code it is about, in `folder`. */
  code?: { folder: AgentFolder; path: string; lines?: LineRange };
}

export interface AgentContext {
  folders: readonly AgentFolder[];
  now: Date;
  churnOf?: ChurnOf;
  /** The editor's selection, used when a location tool is called without a path. */
  activeLocation?: () => { folderId: string; path: string; lines?: LineRange } | undefined;
  /** Writes a note to the live incident and says what it did; absent where writing is not allowed. */
  logNote?: (note: NoteToLog) => Promise<string>;
}

export interface AgentTool {
  /** The MCP tool name. */
  name: string;
  /** The language-model tool name in package.json. */
  lmName: string;
  /** What `#name` a user writes in a chat prompt. */
  referenceName: string;
  title: string;
  /** For the model: what the tool returns and when to use it. */
  description: string;
  inputSchema: JsonSchema;
  readOnly: boolean;
  run(input: Record<string, unknown>, context: AgentContext): Promise<string>;
}

const LOCATION_PROPERTIES = {
  path: { type: 'string', description: 'File path, workspace-relative (src/payments/charge.ts) or absolute; may end in :line or :start-end.' },
  line: { type: 'integer', minimum: 1, description: 'First line asked about, 1-based.' },
  endLine: { type: 'integer', minimum: 1, description: 'Last line asked about, 1-based (defaults to line).' },
};

export const AGENT_TOOLS: readonly AgentTool[] = [
  {
    name: 'incidents_at_location',
    lmName: 'incidentLens_incidentsAtLocation',
    referenceName: 'incidents',
    title: 'Incidents at a location',
    description: 'Past production incidents linked to a file, a line range or a symbol of this repository, as the code stands now. For each incident: id, severity, status, dates, the role the code played (root-cause, trigger, ...), the link note, the summary, the incident notes that point at this code, and the people to ask. Use before changing code to learn whether it broke before and how. Without path and line it answers for the editor selection. Read-only, offline.',
    inputSchema: {
      type: 'object',
      properties: { ...LOCATION_PROPERTIES, symbol: { type: 'string', description: 'A linked symbol such as PaymentService.charge (links to it only).' } },
      additionalProperties: false,
    },
    readOnly: true,
    run: incidentsAtLocationTool,
  },
  {
    name: 'search_incidents',
    lmName: 'incidentLens_searchIncidents',
    referenceName: 'incidentSearch',
    title: 'Search incidents',
    description: 'Searches the repository\'s incidents by words (id, title, summary, services, responders), service, severity, status and start date. Returns, most recent first, one line per incident (id, severity, status, dates, title, services) and the code each links to as path:lines. Read-only, offline.',
    inputSchema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'Words that must all appear.' },
        service: { type: 'string', description: 'Only incidents of this service.' },
        severity: { type: 'string', description: 'Only this severity, e.g. SEV1.' },
        status: { type: 'string', enum: ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] },
        since: { type: 'string', description: 'Started on or after this ISO date (2026-03-02).' },
        until: { type: 'string', description: 'Started on or before this ISO date.' },
        limit: { type: 'integer', minimum: 1, maximum: 100, description: 'At most this many (default 20).' },
      },
      additionalProperties: false,
    },
    readOnly: true,
    run: async (input, context) => {
      const one = (key: string) => (typeof input[key] === 'string' && input[key] !== '' ? [input[key] as string] : []);
      const result = searchIncidents(uniqueIndexes(context), {
        text: typeof input.text === 'string' ? input.text : '',
        services: one('service'),
        severities: one('severity'),
        statuses: one('status'),
        ...(typeof input.since === 'string' ? { since: input.since } : {}),
        ...(typeof input.until === 'string' ? { until: input.until } : {}),
        ...(typeof input.limit === 'number' ? { limit: input.limit } : {}),
      });
      return renderSearch(result, context.now);
    },
  },
  {
    name: 'incident_hotspots',
    lmName: 'incidentLens_hotspots',
    referenceName: 'hotspots',
    title: 'Incident hotspots',
    description: 'The riskiest linked code of the repository: files ranked by incident risk (severity x role x age, times git churn), each with its riskiest symbols or line ranges and the incidents behind the score. Use to find fragile code before a refactor or a review. Read-only, offline.',
    inputSchema: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, description: 'How many files (default 10).' },
        pathPrefix: { type: 'string', description: 'Only files under this workspace-relative folder, e.g. src/payments/.' },
      },
      additionalProperties: false,
    },
    readOnly: true,
    run: async (input, context) => {
      const limit = typeof input.limit === 'number' ? Math.max(1, Math.floor(input.limit)) : 10;
      const prefix = typeof input.pathPrefix === 'string' ? input.pathPrefix.replace(/^\.\//, '') : '';
      const configs = new Map(context.folders.map((f) => [f.folder.id, f.config]));
      const ranked = uniqueIndexes(context)
        .flatMap((index) => rankHotspots(index, context.now, (folder) => configs.get(folder) ?? (context.folders[0] as AgentFolder).config, context.churnOf))
        .filter((spot) => configs.has(spot.folder) && spot.path.startsWith(prefix))
        .sort((a, b) => b.risk.score - a.risk.score)
        .slice(0, limit);
      return renderHotspots(ranked, context.now);
    },
  },
  {
    name: 'incidents_for_stack_trace',
    lmName: 'incidentLens_incidentsForStackTrace',
    referenceName: 'stackTraceIncidents',
    title: 'Incidents for a stack trace',
    description: 'Maps a stack trace (JavaScript/TypeScript, Python, Java/Kotlin, Go, .NET or Ruby, pasted as printed) to this repository\'s files and lists, frame by frame as path:line, the past incidents linked at those lines, then each incident (id, severity, status, title, summary) and the people to ask. Frames outside the repository are listed as skipped. Use when debugging an error or an on-call alert. Read-only, offline.',
    inputSchema: {
      type: 'object',
      properties: { trace: { type: 'string', description: 'The stack trace text.' } },
      required: ['trace'],
      additionalProperties: false,
    },
    readOnly: true,
    run: async (input, context) => {
      if (typeof input.trace !== 'string' || input.trace.trim() === '') throw new Error('Give the stack trace text in "trace".');
      const best = await traceInFolders(input.trace, context);
      return renderTrace(best, context.now);
    },
  },
  {
    name: 'log_incident_note',
    lmName: 'incidentLens_logIncidentNote',
    referenceName: 'incidentNote',
    title: 'Log a note to the live incident',
    description: 'Appends a timestamped note (observation, hypothesis, action, decision or resolution) to the incident that is live now, optionally pointing at code (path and lines). Writes to the repository\'s incident file; use only when the user asks to record something during an incident. Returns the incident id and what was written.',
    inputSchema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'The note, one or two sentences.' },
        kind: { type: 'string', enum: [...NOTE_KINDS], description: 'Default observation.' },
        ...LOCATION_PROPERTIES,
      },
      required: ['text'],
      additionalProperties: false,
    },
    readOnly: false,
    run: async (input, context) => {
      if (!context.logNote) throw new Error('Logging notes is not allowed here (an untrusted workspace, or the MCP server was started without --allow-notes).');
      if (typeof input.text !== 'string' || input.text.trim() === '') throw new Error('Give the note in "text".');
      const kind = (NOTE_KINDS as readonly string[]).includes(String(input.kind)) ? (input.kind as NoteKind) : 'observation';
      const where = typeof input.path === 'string' && input.path !== '' ? locationOf(input, context) : undefined;
      return context.logNote({ kind, text: input.text.trim(), ...(where ? { code: { folder: where.folder, path: where.location.path, ...(where.location.lines ? { lines: where.location.lines } : {}) } } : {}) });
    },
  },
];

async function incidentsAtLocationTool(input: Record<string, unknown>, context: AgentContext): Promise<string> {
  const { folder, location } = locationOf(input, context);
  const symbol = typeof input.symbol === 'string' && input.symbol !== '' ? input.symbol : undefined;
  const here = await incidentsAt(folder, symbol ? { path: location.path } : location);
  if (symbol) {
    const matches = (name: string | undefined) => name !== undefined && (name === symbol || name.endsWith(`.${symbol}`));
    here.linked = here.linked.filter((item) => matches(item.link.symbol));
    here.stale = here.stale.filter((item) => matches(item.link.symbol));
  }
  const where = symbol ? `${location.path} symbol ${symbol}` : cite(location.path, location.lines);
  const people = here.linked.length === 0 ? [] : await peopleToAsk({ root: folder.root, config: folder.config, now: context.now, places: [{ ...location, linked: here.linked }], git: folder.git, ...(folder.facts ? { facts: folder.facts } : {}) });
  return renderIncidentsHere(where, here, people, context.now, location);
}

/** The folder and location an input names, or the editor selection; an Error saying what to pass otherwise. */
export function locationOf(input: Record<string, unknown>, context: AgentContext): { folder: AgentFolder; location: Location } {
  if (context.folders.length === 0) throw new Error('No workspace folder is open.');
  const path = typeof input.path === 'string' ? input.path.trim() : '';
  if (path === '') {
    const active = context.activeLocation?.();
    const folder = active && context.folders.find((f) => f.folder.id === active.folderId);
    if (!active || !folder) throw new Error('Give "path" (and "line"): there is no editor selection to use instead.');
    return { folder, location: { path: active.path, ...(active.lines ? { lines: active.lines } : {}) } };
  }
  const line = typeof input.line === 'number' ? Math.floor(input.line) : undefined;
  const endLine = typeof input.endLine === 'number' ? Math.floor(input.endLine) : line;
  const text = line !== undefined && !/:\d+(?:-\d+)?$/.test(path) ? `${path}:${line}${endLine !== undefined && endLine !== line ? `-${endLine}` : ''}` : path;
  const folder = folderFor(path, context.folders);
  return { folder, location: parseLocation(text, folder.root, folder.root) };
}

/** The folder holding an absolute path; for a relative one, the folder with links to it, else with the file, else the first. */
function folderFor(path: string, folders: readonly AgentFolder[]): AgentFolder {
  const bare = path.replace(/:\d+(?:-\d+)?$/, '');
  if (isAbsolute(bare)) {
    const inside = folders.filter((f) => !relative(f.root, resolve(bare)).startsWith('..') && !isAbsolute(relative(f.root, resolve(bare))));
    const deepest = inside.sort((a, b) => b.root.length - a.root.length)[0];
    if (!deepest) throw new Error(`${bare} is outside the workspace folders (${folders.map((f) => f.root).join(', ')}).`);
    return deepest;
  }
  const relativePath = bare.split(sep).join('/').replace(/^\.\//, '');
  return folders.find((f) => f.index.linksForFile(f.folder.id, relativePath).length > 0)
    ?? folders.find((f) => existsSync(join(f.root, relativePath)))
    ?? (folders[0] as AgentFolder);
}

function uniqueIndexes(context: AgentContext) {
  return [...new Set(context.folders.map((f) => f.index))];
}

function frameHits(report: TraceReport): number {
  return report.frames.filter((f) => f.linked.length > 0).length * 1000 + report.frames.filter((f) => f.path).length;
}

/**
 * The stack-trace report of the folder the trace belongs to: in a multi-root workspace, the
 * folder where most frames hit linked code, then where most frames are its files.
 */
export async function traceInFolders(trace: string, context: Pick<AgentContext, 'folders'> & Partial<Pick<AgentContext, 'now'>>): Promise<TraceReport> {
  if (context.folders.length === 0) throw new Error('No workspace folder is open.');
  const reports = await Promise.all(context.folders.map(async (folder) => incidentsForStackTrace(folder, trace, { ...(folder.files ? { files: await folder.files() } : {}), ...(context.now ? { now: context.now } : {}) })));
  return reports.reduce((a, b) => (frameHits(b) > frameHits(a) ? b : a));
}

/** The tool with this MCP or language-model name. */
export function agentTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name || tool.lmName === name);
}
