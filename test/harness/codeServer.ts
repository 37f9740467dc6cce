// Starts a real VS Code (code-server, installed by scripts/install-vscode.sh into a
// cache outside the repo) on 127.0.0.1 and stops it again, process group and all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/** The repository: the nearest folder up from this bundle (out/test/harness or out/bench) with the extension's manifest. */
export const REPO = repoAbove(__dirname);

function repoAbove(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json')) && existsSync(join(at, 'esbuild.mjs'))) return at;
    if (dirname(at) === at) return resolve(__dirname, '../../..');
  }
}

/**
 * While working on one feature, `INCIDENT_LENS_ONLY=notes,hover` runs only the integration and
 * end-to-end suites whose file names contain one of those words. Unset (CI, `npm test`): every suite.
 */
export function selectedSuite(file: string, only = process.env.INCIDENT_LENS_ONLY): boolean {
  if (!only) return true;
  return only.split(',').some((word) => word.trim() !== '' && file.includes(word.trim()));
}

export interface Tools {
  node24: string;
  codeServer: string;
  chromium: string;
}

/** Runs the installer (seconds when everything is cached) and reads where things are. */
export function installTools(): Tools {
  const result = spawnSync('bash', [join(REPO, 'scripts/install-vscode.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`scripts/install-vscode.sh failed (exit ${result.status}); the real-VS-Code tests cannot run.`);
  const vars = Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
  const tools = { node24: vars.NODE24 ?? '', codeServer: vars.CODE_SERVER ?? '', chromium: vars.CHROMIUM ?? '' };
  if (!tools.node24 || !tools.codeServer || !tools.chromium) throw new Error(`The installer did not report every tool: ${result.stdout}`);
  return tools;
}

export interface CodeServerOptions {
  runDir: string;
  /** The smoke-test driver makes the workbench honour the `payload` query (extension tests). */
  smokeTestDriver?: boolean;
  trustWorkspaces?: boolean;
  settings?: Record<string, unknown>;
}

export interface RunningCodeServer {
  port: number;
  url(folder: string, payload?: [string, string][]): string;
  remoteUri(path: string): string;
  installExtension(vsix: string): void;
  stop(): Promise<void>;
}

const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function startCodeServer(tools: Tools, options: CodeServerOptions): Promise<RunningCodeServer> {
  const dirs = {
    userData: join(options.runDir, 'user-data'),
    extensions: join(options.runDir, 'extensions'),
    home: join(options.runDir, 'home'),
    tmp: join(options.runDir, 'tmp'),
  };
  Object.values(dirs).forEach((dir) => mkdirSync(dir, { recursive: true }));
  const settings: Record<string, unknown> = { ...BASE_SETTINGS, ...options.settings };
  if (options.trustWorkspaces === false) delete settings['security.workspace.trust.enabled'];
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = join(options.runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...withoutOuterNpm(process.env),
    PATH: `${dirname(tools.node24)}:${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.tmp,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', config];
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override', ...common,
  ];
  if (options.trustWorkspaces !== false) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  const child = spawn(tools.codeServer, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await waitForHealth(port, child, output);

  const remoteUri = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    port,
    remoteUri,
    url(folder, payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `http://127.0.0.1:${port}/?${query.toString()}`;
    },
    installExtension(vsix) {
      const result = spawnSync(tools.codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`Installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
    },
    stop: () => stopGroup(child),
  };
}

/**
 * The environment minus what an outer npm (`npm test`) set for its own Node 20: code-server
 * runs on Node 24 and must not be told about another runtime (npm_config_user_agent,
 * npm_node_execpath, npm_config_nodedir, ...). scripts/install-vscode.sh scrubs the same.
 */
export function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(npm_|node_gyp|init_cwd$)/i.test(name)));
}

async function waitForHealth(port: number, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopGroup(child);
  throw new Error(`code-server did not become healthy within 60 s:\n${output.join('')}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
