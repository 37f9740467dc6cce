// Temporary git repositories with incidents, and the built `incident-lens` run in them as
// a process (out/cli/incident-lens.js, bundled like dist/cli.js by `npm run build:tests`).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fingerprint } from '../../../src/core/fingerprint';

// Each test file is bundled to out/test/unit/cli/, so this is out/cli/incident-lens.js.
export const CLI = resolve(__dirname, '../../../cli/incident-lens.js');

const DAY_MS = 86_400_000;

/** Git without the user's global or system configuration, and with a fixed identity. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}

export interface TempRepo {
  /** The repository's top folder. */
  dir: string;
  /** A folder outside the repository, used as HOME. */
  home: string;
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  remove(): void;
}

/** Lines `line 1` ... `line N`, one per line, with a trailing newline. */
export function numbered(count: number, prefix = 'line'): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';
}

/** An incident file linking `links`; started `daysAgo` days before now. */
export function incidentYaml(id: string, severity: string, daysAgo: number, links: { path: string; lines?: [number, number]; text?: string; role: string }[]): string {
  const started = new Date(Date.now() - daysAgo * DAY_MS).toISOString().replace(/\.\d+Z$/, 'Z');
  const linkLines = links.flatMap((link) => {
    const lines = link.lines ? [`    lines: ${link.lines[0]}-${link.lines[1]}`] : [];
    const print = link.lines && link.text !== undefined ? [`    fingerprint: ${fingerprint(link.text.split('\n').slice(link.lines[0] - 1, link.lines[1]))}`] : [];
    return [`  - path: ${link.path}`, ...lines, ...print, `    role: ${link.role}`];
  });
  return [`id: ${id}`, `title: ${id} title`, `severity: ${severity}`, 'status: resolved', `started_at: ${started}`, 'links:', ...linkLines, ''].join('\n');
}

/**
 * A repository with one commit on `main`: src/pay.ts (40 numbered lines) whose lines 10-20
 * are INC-1's root cause (SEV1, 10 days ago, fingerprinted), src/util.ts linked as a whole by
 * INC-2 (SEV3, related), and src/free.ts linked by nothing. `subfolder` puts the workspace
 * (.incidents/ and src/) in a folder below the repository's top.
 */
export function makeRepo(subfolder = ''): TempRepo {
  const home = mkdtempSync(join(tmpdir(), 'incident-lens-cli-home-'));
  const dir = mkdtempSync(join(tmpdir(), 'incident-lens-cli-'));
  const env = gitEnv(home);
  const repo: TempRepo = {
    dir,
    home,
    env,
    git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }),
    write: (path, text) => {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
  const at = (path: string) => (subfolder ? `${subfolder}/${path}` : path);
  const pay = numbered(40);
  repo.write(at('src/pay.ts'), pay);
  repo.write(at('src/util.ts'), numbered(10, 'util'));
  repo.write(at('src/free.ts'), numbered(10, 'free'));
  repo.write(at('.incidents/INC-1.yaml'), incidentYaml('INC-1', 'SEV1', 10, [{ path: 'src/pay.ts', lines: [10, 20], text: pay, role: 'root-cause' }]));
  repo.write(at('.incidents/INC-2.yaml'), incidentYaml('INC-2', 'SEV3', 30, [{ path: 'src/util.ts', role: 'related' }]));
  repo.git('init', '-q', '-b', 'main');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'initial');
  return repo;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a process in `cwd` and waits for it to exit. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runProcess(process.execPath, [CLI, ...args], cwd, env);
}

/** Runs `command` with no shell; its exit code and output. */
export function runProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    // A command that exits without reading its input closes the pipe first (EPIPE on a busy
    // machine): what it printed and its exit code are what the test judges.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** A folder holding an `incident-lens` executable that runs the built CLI: what `ln -s .../dist/cli.js` gives a user. */
export function cliOnPath(home: string): string {
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'incident-lens'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  return bin;
}
