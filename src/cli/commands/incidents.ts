// `incident-lens incidents <path>[:<line>[-<line>]] [--json]`: the incidents linked there now.
import { incidentsAt, parseLocation } from '../../services/incidentsAt';
import { parseCommandArgs } from '../args';
import { CliError, type CliIO } from '../io';
import { openWorkspace } from '../workspaceArg';

const USAGE = 'incident-lens incidents <path>[:<line>[-<line>]] [--json]';

/** One row of `--json`: `lines` is "a-b" where the linked code stands now, or null for a link to the whole file. */
export interface IncidentRow {
  id: string;
  title: string;
  severity: string;
  role: string;
  lines: string | null;
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length !== 1) throw new CliError(`give exactly one location.\nUsage: ${USAGE}`);
  const workspace = await openWorkspace(io);
  let location;
  try {
    location = parseLocation(positionals[0] as string, workspace.root, io.cwd);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const here = await incidentsAt(workspace, location);
  const rows: IncidentRow[] = here.linked.map(({ incident, link, place }) => ({
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    role: link.role,
    lines: place.kind === 'lines' ? `${place.lines.start}-${place.lines.end}` : null,
  }));
  if (values.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) io.stdout(`No incidents linked at ${positionals[0]}.\n`);
  for (const row of rows) io.stdout(`${row.id}  ${row.severity}  ${row.role}  ${location.path}${row.lines ? `:${row.lines}` : ' (whole file)'}  ${row.title}\n`);
  for (const { incident, reason } of here.stale) io.stderr(`stale: ${incident.id} links to ${location.path}, but ${reason}\n`);
  return 0;
}
