// `incident-lens check [--staged | --base <ref>] [--format text|json|github|markdown] [--fail-on none|low|medium|high]`:
// the linked code a change touches, its incident risk and the people to ask. Informs by default (exit 0);
// --fail-on makes a hook or CI job fail (exit 1) at that risk or above.
import { appendFile } from 'node:fs/promises';
import { defaultMiningCacheFile } from '../../adapters/gitMining';
import { userCacheFile } from '../../adapters/userCache';
import type { RiskLevel } from '../../core/risk';
import { peopleForChange } from '../../services/changePeople';
import { ChangeRiskError, checkChange, repositoryPrefix, type ChangeScope } from '../../services/changeRisk';
import { oneOf, parseCommandArgs } from '../args';
import { toGithubAnnotations, toJson, toMarkdown, toText } from '../format/checkReport';
import { CliError, EXIT_FAILED, EXIT_OK, type CliIO } from '../io';
import { openWorkspace } from '../workspaceArg';

const USAGE = 'incident-lens check [--staged | --base <ref>] [--format text|json|github|markdown] [--fail-on none|low|medium|high]';
const FORMATS = ['text', 'json', 'github', 'markdown'] as const;
const LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];
const UNPLACED_SHOWN = 3;

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
    // What it read for this commit (the churn, the linked ranges' fingerprints) is remembered in the user cache.
    check = await checkChange(workspace, scope, { cacheDir: userCacheFile('check', workspace.root, '', io.env) });
  } catch (error) {
    if (error instanceof ChangeRiskError) throw new CliError(error.message);
    throw error;
  }
  // Who to ask about each touched place: responders, fix authors, recent authors, CODEOWNERS.
  const people = await peopleForChange(workspace, check.touched, { now: new Date(), git: workspace.git, facts: { cacheFile: defaultMiningCacheFile(workspace.root, io.env) } });
  // Before the first commit the base is nothing (git's empty tree), not HEAD.
  const head = check.base === undefined ? 'no commit yet' : 'HEAD';
  const against = scope.kind === 'base' ? `${scope.ref} (merge base ${check.base?.slice(0, 12)})` : scope.kind === 'staged' ? `${head} (staged changes)` : `${head} (working tree)`;
  if (format === 'json') io.stdout(`${JSON.stringify(toJson(check, people), null, 2)}\n`);
  else if (format === 'markdown') io.stdout(toMarkdown(check, people));
  else if (format === 'github') {
    io.stdout(toGithubAnnotations(check, people, await repositoryPrefix(workspace.root)));
    // The job summary: GitHub sets this file for each step.
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, toMarkdown(check, people));
    else io.stdout(toMarkdown(check, people));
  } else io.stdout(toText(check, against, people));
  // Links whose code the anchors could not find at the base: a few named, the rest counted.
  for (const { link, reason } of check.unplaced.slice(0, UNPLACED_SHOWN)) io.stderr(`not checked: ${link.incident.id}'s link to ${link.link.path}: ${reason}\n`);
  if (check.unplaced.length > UNPLACED_SHOWN) io.stderr(`not checked: ${check.unplaced.length - UNPLACED_SHOWN} more links into changed files (incident-lens incidents <path> lists them).\n`);

  const failed = failOn !== 'none' && LEVELS.indexOf(check.risk.level) >= LEVELS.indexOf(failOn);
  if (failed) io.stderr(`incident-lens check: risk ${check.risk.level} meets --fail-on ${failOn}.\n`);
  return failed ? EXIT_FAILED : EXIT_OK;
}
