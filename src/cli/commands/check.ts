// `incident-lens check [--staged | --base <ref>] [--format text|json|github|markdown] [--fail-on none|low|medium|high]`:
// the linked code a change touches and its incident risk. Informs by default (exit 0);
// --fail-on makes a hook or CI job fail (exit 1) at that risk or above.
import { appendFile } from 'node:fs/promises';
import type { RiskLevel } from '../../core/risk';
import { ChangeRiskError, checkChange, type ChangeScope } from '../../services/changeRisk';
import { oneOf, parseCommandArgs } from '../args';
import { toGithubAnnotations, toJson, toMarkdown, toText } from '../format/checkReport';
import { CliError, EXIT_FAILED, EXIT_OK, type CliIO } from '../io';
import { openWorkspace } from '../workspaceArg';

const USAGE = 'incident-lens check [--staged | --base <ref>] [--format text|json|github|markdown] [--fail-on none|low|medium|high]';
const FORMATS = ['text', 'json', 'github', 'markdown'] as const;
const LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    staged: { type: 'boolean' },
    base: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
  }, USAGE);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}".\nUsage: ${USAGE}`);
  if (values.staged && values.base !== undefined) throw new CliError('--staged and --base exclude each other: --staged for a pre-commit hook, --base <ref> for a branch in CI.');
  const format = oneOf('format', values.format, FORMATS, 'text');
  const failOn = oneOf('fail-on', values['fail-on'], LEVELS, 'none');
  const scope: ChangeScope = values.staged ? { kind: 'staged' } : values.base !== undefined ? { kind: 'base', ref: values.base } : { kind: 'working' };

  const workspace = await openWorkspace(io);
  let check;
  try {
    check = await checkChange(workspace, scope);
  } catch (error) {
    if (error instanceof ChangeRiskError) throw new CliError(error.message);
    throw error;
  }
  const against = scope.kind === 'base' ? `${scope.ref} (merge base ${check.base?.slice(0, 12)})` : scope.kind === 'staged' ? 'HEAD (staged changes)' : 'HEAD (working tree)';
  if (format === 'json') io.stdout(`${JSON.stringify(toJson(check), null, 2)}\n`);
  else if (format === 'markdown') io.stdout(toMarkdown(check));
  else if (format === 'github') {
    io.stdout(toGithubAnnotations(check));
    // The job summary: GitHub sets this file for each step.
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, toMarkdown(check));
    else io.stdout(toMarkdown(check));
  } else io.stdout(toText(check, against));
  for (const { link, reason } of check.unplaced) io.stderr(`not checked: ${link.incident.id}'s link to ${link.link.path} could not be placed at the base: ${reason}\n`);

  const failed = failOn !== 'none' && LEVELS.indexOf(check.risk.level) >= LEVELS.indexOf(failOn);
  if (failed) io.stderr(`incident-lens check: risk ${check.risk.level} meets --fail-on ${failOn}.\n`);
  return failed ? EXIT_FAILED : EXIT_OK;
}
