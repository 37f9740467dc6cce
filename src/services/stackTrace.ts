// "Which incidents hit the lines in this stack trace?": the trace parsed (core/stackTrace),
// each frame mapped to a workspace file (stackTracePaths.ts), the incidents linked at that
// line now (incidentsAt, through the anchors), and the people to ask about them. The
// command line (`incident-lens trace`), the MCP server, the language-model tool and the
// editor's "Find Incidents for Stack Trace..." all present this one answer.
import { worstFirst } from '../core/lensSummary';
import type { Incident } from '../core/model';
import { parseStackTrace, type StackFrame, type TraceLanguage } from '../core/stackTrace/parse';
import { incidentsAt, type LinkedHere } from './incidentsAt';
import { peopleToAsk, type GitFacts, type PersonToAsk } from './peopleToAsk';
import { ReadCache } from './resolveLinks';
import { indexWorkspaceFiles } from './stackTraceFiles';
import { mapFramePath, type FileNameIndex } from './stackTracePaths';
import type { LoadedWorkspace } from './workspace';

export interface TraceFrame {
  frame: StackFrame;
  /** The workspace file the frame is in (workspace-relative, forward slashes), when it is in one. */
  path?: string;
  /** Why the frame was not looked up: no location, library code, outside the workspace. */
  skipped?: string;
  /** Other workspace files that matched the frame's path as well as `path`. */
  ambiguous?: string[];
  /** The incidents linked now at the frame's line (or to its whole file), worst first. */
  linked: LinkedHere[];
}

export interface TraceReport {
  frames: TraceFrame[];
  /** Each incident hit by a frame once, worst first. */
  incidents: Incident[];
  people: PersonToAsk[];
  languages: TraceLanguage[];
  /** The paste or its frames were cut at the parser's limits. */
  truncated: boolean;
}

export type TraceWorkspace = Pick<LoadedWorkspace, 'root' | 'index' | 'folder' | 'source' | 'config' | 'git'> & {
  /** What the people to ask read from git, where the caller has it (see peopleToAsk). */
  facts?: GitFacts;
};

export interface TraceOptions {
  /** The workspace's files by name; by default one walk of `workspace.root`. */
  files?: FileNameIndex;
  /** The clock for the people to ask (recent work counts more); the system clock by default. */
  now?: Date;
}

/** Frames of `text` with the incidents linked at them. Never throws on any text; a trace with no frames gives an empty report. */
export async function incidentsForStackTrace(workspace: TraceWorkspace, text: string, options: TraceOptions = {}): Promise<TraceReport> {
  const parsed = parseStackTrace(text);
  const linkedPaths = new Set<string>();
  for (const file of workspace.index.linkedFiles()) if (file.folder === workspace.folder.id) linkedPaths.add(file.path);
  const files = withLinkedPaths(options.files ?? (await indexWorkspaceFiles(workspace.root)), linkedPaths);
  const cache = new ReadCache(workspace.source);
  const lookups = new Map<string, ReturnType<typeof incidentsAt>>();
  const frames = await Promise.all(parsed.frames.map(async (frame): Promise<TraceFrame> => {
    if (!frame.file) return { frame, skipped: 'no file in the frame', linked: [] };
    const mapped = mapFramePath(frame.file, workspace.root, files, linkedPaths);
    if (mapped.kind === 'skipped') return { frame, skipped: mapped.reason, linked: [] };
    const ambiguous = mapped.ambiguous ? { ambiguous: mapped.ambiguous } : {};
    if (!linkedPaths.has(mapped.path) && !(await mayBeRenamedTo(cache))) return { frame, path: mapped.path, ...ambiguous, linked: [] };
    // A deep or recursive trace repeats the same lines: each place is looked up once.
    const key = `${mapped.path}\n${frame.line ?? ''}`;
    let lookup = lookups.get(key);
    if (!lookup) lookups.set(key, (lookup = incidentsAt(workspace, { path: mapped.path, ...(frame.line ? { lines: { start: frame.line, end: frame.line } } : {}) }, cache)));
    const here = await lookup;
    // Without a line only links to the whole file can be said to hold.
    const linked = frame.line ? here.linked : here.linked.filter((item) => item.place.kind === 'file');
    return { frame, path: mapped.path, ...ambiguous, linked };
  }));
  const hit = new Map<string, Incident>();
  for (const frame of frames) for (const { incident } of frame.linked) if (!hit.has(incident.id)) hit.set(incident.id, incident);
  const incidents = [...hit.values()].sort(worstFirst(workspace.config.severities.map((s) => s.label)));
  const places = frames.flatMap((f) => (f.path && f.linked.length > 0 ? [{ path: f.path, ...(f.frame.line ? { lines: { start: f.frame.line, end: f.frame.line } } : {}), linked: f.linked }] : []));
  const people = await peopleToAsk({ root: workspace.root, config: workspace.config, now: options.now ?? new Date(), places, git: workspace.git, ...(workspace.facts ? { facts: workspace.facts } : {}) });
  return { frames, incidents, people, languages: parsed.languages, truncated: parsed.truncated };
}

/** Links may follow a renamed file only where git can say so; without renames an unlinked path has no incidents. */
async function mayBeRenamedTo(cache: ReadCache): Promise<boolean> {
  const renames = await cache.renamesSince(undefined);
  return renames !== undefined && renames.size > 0;
}

/** The walked files plus the linked ones, which count even in folders the walk skips. */
function withLinkedPaths(files: FileNameIndex, linked: ReadonlySet<string>): FileNameIndex {
  const byName = new Map<string, string[]>();
  for (const path of linked) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  return {
    withName: (name, caseInsensitive) => {
      const extra = caseInsensitive
        ? [...byName].filter(([key]) => key.toLowerCase() === name.toLowerCase()).flatMap(([, paths]) => paths)
        : byName.get(name) ?? [];
      const walked = files.withName(name, caseInsensitive);
      return extra.length === 0 ? walked : [...new Set([...walked, ...extra])];
    },
  };
}
