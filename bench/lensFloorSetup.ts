// What `npm run bench:lenses` runs on: a git workspace of 10,000 realistic incidents (the
// demo workspace plus bench/generateWorkspace's files, some of them linking the file the
// bench opens), and the floor to compare with: a trivial extension, generated here, that
// activates on Incident Lens's own activation events and shows one constant lens per file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDemoWorkspace, GIT_IDENTITY } from '../test/harness/workspace';
import { REPO } from '../test/harness/codeServer';
import { generateWorkspace } from './generateWorkspace';

/** The file the bench opens, and how many incidents link its charge() (lines 23-42) in the demo. */
export const OPENED = 'src/payments/charge.ts';
const DEMO_LINKS = 2;
/** Generated incidents that link charge() too, spread over the file names. */
const LINKING = 9;
/** What the constant lens says. */
export const CONSTANT_TITLE = 'Constant lens';

/** Incident Lens's final lens over charge(): the full count, no loading mark (checked separately). */
export function finalLensPattern(): RegExp {
  return new RegExp(`(^|\\s)${DEMO_LINKS + LINKING} incidents · `);
}

/**
 * Writes the workspace into `dir` and commits it (a checked-out repository, as users have):
 * `count` generated incidents of about 1.6 KB, LINKING of them replaced by ones that link charge().
 */
export async function benchWorkspace(dir: string, count: number): Promise<string> {
  const workspace = copyDemoWorkspace(dir);
  await generateWorkspace(workspace, count);
  const old = new Date(Date.now() - 86_400_000);
  for (let k = 0; k < LINKING; k++) {
    const n = Math.floor(((k + 0.5) * count) / LINKING);
    const file = join(workspace, '.incidents', `INC-${1000 + n}.yaml`);
    writeFileSync(file, [
      `id: INC-${1000 + n}`, `title: Generated incident ${n}`, 'severity: SEV3', 'status: resolved', 'started_at: 2025-01-01T00:00:00Z',
      'summary: A generated incident that links charge().', 'responders: [alice]',
      'links:', `  - path: ${OPENED}`, '    lines: 23-42', '    role: related', '',
    ].join('\n'));
    utimesSync(file, old, old);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe', env: { ...process.env, ...GIT_IDENTITY } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Bench workspace');
  return workspace;
}

/** Packages the constant-lens extension into `dir` and returns its .vsix. */
export function constantLensExtension(dir: string): string {
  const ours = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: REPO, encoding: 'utf8' })) as { activationEvents: string[]; engines: { vscode: string } };
  const folder = join(dir, 'constant-lens');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({
    name: 'constant-lens', displayName: 'Constant lens', description: 'The floor of npm run bench:lenses.', version: '0.0.1', publisher: 'bench',
    license: 'MIT', engines: { vscode: ours.engines.vscode }, extensionKind: ['workspace'],
    // The same events as Incident Lens: the floor is activated as early as it is.
    activationEvents: ours.activationEvents, main: './extension.js',
  }, null, 2));
  writeFileSync(join(folder, 'extension.js'), [
    "const vscode = require('vscode');",
    'exports.activate = (context) => {',
    "  context.subscriptions.push(vscode.languages.registerCodeLensProvider({ scheme: 'file' }, {",
    `    provideCodeLenses: () => [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: ${JSON.stringify(CONSTANT_TITLE)}, command: '' })],`,
    '  }));',
    '};',
    '',
  ].join('\n'));
  writeFileSync(join(folder, 'README.md'), '# Constant lens\n\nOne constant lens per file: the floor of `npm run bench:lenses`.\n');
  const vsix = join(dir, 'constant-lens.vsix');
  const packaged = spawnSync(join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: folder, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`vsce package (constant lens) failed:\n${packaged.stdout}\n${packaged.stderr}`);
  return vsix;
}

/** Packages Incident Lens as a user gets it (the build must have run). */
export function incidentLensExtension(): string {
  const vsix = join(REPO, 'dist-vsix/incident-lens.vsix');
  mkdirSync(join(REPO, 'dist-vsix'), { recursive: true });
  const packaged = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: REPO, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`vsce package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  return vsix;
}
