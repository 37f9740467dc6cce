// Each run works on its own copy of the demo workspace, so tests may change it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './codeServer';

export function makeRunDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `incident-lens-${name}-`));
  // INCIDENT_LENS_KEEP_RUNS=1 keeps each run's folder (logs, user data) for debugging.
  if (process.env.INCIDENT_LENS_KEEP_RUNS) return { dir, remove: () => console.log(`  (kept ${dir})`) };
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies the demo workspace into the run's folder. With `git`, the copy is a repository with
 * one commit of everything, as most workspaces are; tests that need history commit on top of
 * it and never remove `.git` (VS Code's git extension would be left writing to a vanished repo).
 */
export function copyDemoWorkspace(runDir: string, options: { git?: boolean } = {}): string {
  const workspace = join(runDir, 'workspace');
  cpSync(join(REPO, 'demo'), workspace, { recursive: true });
  if (options.git) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe', env: { ...process.env, ...GIT_IDENTITY } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'Demo workspace');
  }
  return workspace;
}

/** Who the tests' commits are by, so no global git configuration is needed. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author', GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author', GIT_COMMITTER_EMAIL: 'author@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};
