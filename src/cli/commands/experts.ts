// `incident-lens experts <path>[:<line>[-<line>]] [--json]`: the people to ask about that
// code, ranked, each with the reasons that can be checked (incident, commit, blame, CODEOWNERS).
import { defaultMiningCacheFile } from '../../adapters/gitMining';
import { findExperts, type Expert } from '../../services/experts';
import type { CliIO } from '../io';
import { openAtLocation } from '../workspaceArg';

const USAGE = 'incident-lens experts <path>[:<line>[-<line>]] [--json]';

/** One element of `--json`; `email` is null for a responder or owner git has never seen. */
export interface ExpertRow {
  name: string;
  email: string | null;
  score: number;
  reasons: { kind: Expert['reasons'][number]['kind']; detail: string }[];
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { workspace, location, typed, here, json } = await openAtLocation(args, io, USAGE);
  const experts = await findExperts({
    root: workspace.root,
    path: location.path,
    lines: location.lines,
    incidents: workspace.index.incidents(),
    linked: here.linked,
    references: workspace.config.references,
    now: new Date(),
    gitAllowed: workspace.git,
    cacheFile: defaultMiningCacheFile(workspace.root, io.env),
  });
  const rows: ExpertRow[] = experts.map((e) => ({ name: e.name, email: e.email ?? null, score: e.score, reasons: e.reasons.map((r) => ({ kind: r.kind, detail: r.detail })) }));
  if (json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) io.stdout(`Nobody found for ${typed}: no linked incidents, fixes, recent changes or CODEOWNERS rule.\n`);
  for (const row of rows) {
    io.stdout(`${row.name}${row.email ? ` <${row.email}>` : ''}  (score ${row.score})\n`);
    for (const reason of row.reasons) io.stdout(`  - ${reason.kind}: ${reason.detail}\n`);
  }
  return 0;
}
