// Temporary git repositories with scripted histories: every commit with its author, date and
// message, so mined fixes and ranked experts can be asserted exactly.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Author {
  name: string;
  email: string;
}

export class ScriptedRepo {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'incident-lens-git-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).trim();
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  /** Writes `files`, stages everything and commits as `author` at `date`; the new commit's hash. */
  commit(author: Author, date: string, message: string, files: Record<string, string> = {}): string {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
    this.git('add', '-A');
    this.env(author, date, () => this.git('commit', '-q', '--allow-empty', '-m', message));
    return this.git('rev-parse', 'HEAD');
  }

  /** Merges `branch` into the current branch with a merge commit. */
  merge(author: Author, date: string, branch: string, message: string): string {
    this.env(author, date, () => this.git('merge', '-q', '--no-ff', '-m', message, branch));
    return this.git('rev-parse', 'HEAD');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  private env(author: Author, date: string, run: () => void): void {
    const saved = { ...process.env };
    Object.assign(process.env, {
      GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email, GIT_COMMITTER_DATE: date,
    });
    try {
      run();
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }
}

/** `count` numbered lines: "line 1\n...". */
export function numbered(count: number, change: Record<number, string> = {}): string {
  return Array.from({ length: count }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';
}
