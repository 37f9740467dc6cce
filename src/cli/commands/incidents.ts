// `incident-lens incidents <path>[:<line>[-<line>]] [--json]`: the incidents linked there now.
import type { CliIO } from '../io';
import { openAtLocation } from '../workspaceArg';

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
  const { location, typed, here, json } = await openAtLocation(args, io, USAGE);
  const rows: IncidentRow[] = here.linked.map(({ incident, link, place }) => ({
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    role: link.role,
    lines: place.kind === 'lines' ? `${place.lines.start}-${place.lines.end}` : null,
  }));
  if (json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) io.stdout(`No incidents linked at ${typed}.\n`);
  for (const row of rows) io.stdout(`${row.id}  ${row.severity}  ${row.role}  ${location.path}${row.lines ? `:${row.lines}` : ' (whole file)'}  ${row.title}\n`);
  for (const { incident, reason } of here.stale) io.stderr(`stale: ${incident.id} links to ${location.path}, but ${reason}\n`);
  return 0;
}
