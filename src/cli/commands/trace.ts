// `incident-lens trace [<file>|-] [--json]`: the incidents linked at the lines of a stack
// trace read from a file or stdin (the default), with the people to ask.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultMiningCacheFile } from '../../adapters/gitMining';
import { MAX_TRACE_CHARS } from '../../core/stackTrace/parse';
import { renderTrace } from '../../services/agentText';
import { incidentsForStackTrace, type TraceReport } from '../../services/stackTrace';
import { parseCommandArgs } from '../args';
import { expertRow, type ExpertRow } from './experts';
import { CliError, type CliIO } from '../io';
import { openWorkspace } from '../workspaceArg';

const USAGE = 'incident-lens trace [<file>|-] [--json]';

/** `--json`: the shape, with each frame's trace text and why a frame was skipped added. */
export interface TraceJson {
  frames: { path: string | null; line: number | null; column: number | null; function: string | null; file: string | null; skipped: string | null; incidents: string[] }[];
  incidents: { id: string; title: string; severity: string; status: string }[];
  /** The people to ask, as `incident-lens experts --json` gives them. */
  experts: ExpertRow[];
  truncated: boolean;
}

export async function run(args: string[], io: CliIO, stdin: () => Promise<string> = readStdin): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length > 1) throw new CliError(`give one trace file, or - for stdin.\nUsage: ${USAGE}`);
  const from = positionals[0] ?? '-';
  const text = from === '-' ? await stdin() : await readTrace(resolve(io.cwd, from));
  const workspace = await openWorkspace(io);
  const report = await incidentsForStackTrace({ ...workspace, facts: { cacheFile: defaultMiningCacheFile(workspace.root, io.env) } }, text);
  if (values.json) io.stdout(`${JSON.stringify(toJson(report), null, 2)}\n`);
  else io.stdout(`${renderTrace(report, new Date())}\n`);
  return 0;
}

export function toJson(report: TraceReport): TraceJson {
  return {
    frames: report.frames.map((f) => ({
      path: f.path ?? null,
      line: f.frame.line ?? null,
      column: f.frame.column ?? null,
      function: f.frame.function ?? null,
      file: f.frame.file ?? null,
      skipped: f.skipped ?? null,
      incidents: [...new Set(f.linked.map((l) => l.incident.id))],
    })),
    incidents: report.incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, status: i.status })),
    experts: report.people.map(expertRow),
    truncated: report.truncated,
  };
}

async function readTrace(path: string): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.slice(0, MAX_TRACE_CHARS + 1);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

/** All of stdin, up to just past the parser's limit (the parser then says it cut the trace). */
async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.length > MAX_TRACE_CHARS) break;
  }
  return text;
}
