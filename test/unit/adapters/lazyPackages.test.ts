// Packages the extension loads on first use (scripts/bundleBudget.mjs: each a chunk of its own
// beside dist/extension.js) load only when their feature is used, and work when it is.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}

describe('packages loaded on first use', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'lazy-packages-'));
    await mkdir(join(root, '.incidents'));
    await writeFile(join(root, '.incidents', 'INC-142.yaml'), 'id: INC-142\ntitle: Retry storm\nseverity: SEV1\nstatus: resolved\n');
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('loads each only when its feature is used, and the feature then works', async function () {
    this.timeout(60_000);
    const { LAZY_PACKAGES } = (await import(join(repositoryRoot(), 'scripts/bundleBudget.mjs'))) as { LAZY_PACKAGES: string[] };
    const probe = join(__dirname, 'fixtures', 'lazyPackages.js');
    const { stdout } = await promisify(execFile)(process.execPath, [probe, root, ...LAZY_PACKAGES]);
    const steps = JSON.parse(stdout) as Record<string, { loaded: string[]; answer: unknown }>;
    assert.deepEqual(steps, {
      'default config, references in a comment': { loaded: [], answer: ['INC-142'] },
      'no services mapped': { loaded: [], answer: 'src' },
      'a writer and a platform client made, not used': { loaded: [], answer: 'Probe' },
      'services mapped': { loaded: ['picomatch'], answer: 'api' },
      'a note written': { loaded: ['proper-lockfile', 'picomatch'], answer: 'written' },
      'a request to a platform': { loaded: ['axios', 'proper-lockfile', 'picomatch'], answer: 'could not reach Probe (ECONNREFUSED)' },
      "the repository's own pattern": { loaded: ['re2js', 'axios', 'proper-lockfile', 'picomatch'], answer: ['OPS-7'] },
    });
  });
});
