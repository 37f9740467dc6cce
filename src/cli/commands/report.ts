// `incident-lens report [--since 90d] [--format markdown|json]`: for the review meeting, the
// components incidents keep hitting (src/services/investment.ts), ranked by repeated incidents,
// with the lessons by practice, the follow-ups still open and the people to ask (experts of the
// linked code: responders, fix authors from git history, CODEOWNERS).
import { defaultMiningCacheFile } from '../../adapters/gitMining';
import { inline } from '../../core/timelineExport';
import { DEFAULT_SINCE, investmentJson, whereToInvest, withExperts, type Investment } from '../../services/investment';
import { oneOf, parseCommandArgs } from '../args';
import { CliError, type CliIO } from '../io';
import { openWorkspace } from '../workspaceArg';

const USAGE = 'incident-lens report [--since 90d|12w|2026-01-31] [--format markdown|json]';
const FORMATS = ['markdown', 'json'] as const;

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(args, { since: { type: 'string' }, format: { type: 'string' } }, USAGE, false);
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const workspace = await openWorkspace(io);
  let investment: Investment;
  try {
    investment = whereToInvest(workspace.index.incidents(), workspace.config, { since: values.since ?? DEFAULT_SINCE });
  } catch (error) {
    throw new CliError(`--since: ${(error as Error).message}`);
  }
  investment = await withExperts(investment, {
    root: workspace.root,
    incidents: workspace.index.incidents(),
    references: workspace.config.references,
    now: new Date(),
    gitAllowed: workspace.git,
    cacheFile: defaultMiningCacheFile(workspace.root, io.env),
  });
  io.stdout(format === 'json' ? `${JSON.stringify(investmentJson(investment), null, 2)}\n` : markdown(investment));
  return 0;
}

/** A Markdown table, one row per component, worst first; every repository value escaped as text. */
export function markdown(investment: Investment): string {
  const out = [`# Where to invest: incidents since ${investment.since.slice(0, 10)}`, ''];
  if (investment.components.length === 0) {
    out.push('_No incident in this period touches linked code or a configured service._', '');
    return out.join('\n');
  }
  const practices = investment.practices;
  out.push(`| Component | Incidents | Worst | ${practices.map((p) => `Lessons: ${inline(p)}`).join(' | ')} | Open follow-ups | Experts |`);
  out.push(`| --- | ---: | --- | ${practices.map(() => '---:').join(' | ')} | ---: | --- |`);
  for (const c of investment.components) {
    const name = c.kind === 'service' ? `${inline(c.name)} (service)` : `${inline(c.name)}/`;
    const gaps = practices.map((p) => String(c.lessons[p] ?? 0));
    const experts = (c.experts ?? []).map((e) => inline(e.name)).join(', ');
    out.push(`| ${name} | ${c.incidentIds.length} (${c.incidentIds.map(inline).join(', ')}) | ${inline(c.worst)} | ${gaps.join(' | ')} | ${c.openFollowUps} | ${experts} |`);
  }
  out.push('', '_A practice with no lessons where incidents repeat is a gap to look at in the review._');
  const asked = investment.components.filter((c) => (c.experts ?? []).length > 0);
  if (asked.length > 0) {
    out.push('', '## Who to ask', '');
    for (const c of asked) {
      const people = (c.experts ?? []).map((e) => `${inline(e.name)} (${e.reasons.map((r) => inline(r.detail)).join('; ')})`);
      out.push(`- ${c.kind === 'service' ? inline(c.name) : `${inline(c.name)}/`}: ${people.join(', ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
