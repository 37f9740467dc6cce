// Packages the extension as a user gets it (.vsix), then runs the Playwright
// suites in test/e2e against code-server with that package installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { REPO, selectedSuite, type Tools } from './codeServer';

export async function runEndToEnd(tools: Tools): Promise<boolean> {
  const vsix = join(REPO, 'dist-vsix/incident-lens.vsix');
  mkdirSync(join(REPO, 'dist-vsix'), { recursive: true });
  const packaged = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: REPO, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`vsce package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  process.env.INCIDENT_LENS_VSIX = vsix;
  process.env.INCIDENT_LENS_TOOLS = JSON.stringify(tools);

  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, reporter: 'spec' });
  const dir = join(REPO, 'out/test/e2e');
  readdirSync(dir).filter((f) => f.endsWith('.e2e.test.js') && selectedSuite(f)).sort().forEach((f) => mocha.addFile(join(dir, f)));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return failures === 0;
}
