// `npm run demo` as a new user runs it (started by npm, so the installer runs under an
// outer npm's environment): it must serve the workbench on 127.0.0.1 with Incident Lens
// loaded, the demo workspace open and its lenses shown.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, type OpenBrowser } from '../harness/browser';
import { freePort, REPO } from '../harness/codeServer';
import { openFile, toolsFromEnv } from './workbench';

describe('npm run demo', function () {
  this.timeout(600_000);
  let demo: ChildProcess | undefined;
  let browser: OpenBrowser | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'incident-lens-demo-'));

  after(async () => {
    await browser?.browser.close();
    if (demo?.pid !== undefined && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo?.once('exit', resolve));
      process.kill(-demo.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the workbench on 127.0.0.1 with the extension loaded on the demo workspace', async () => {
    const port = await freePort();
    // A desktop `code` on PATH would be used instead; the route under test is code-server's.
    demo = spawn('npm', ['run', 'demo'], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), INCIDENT_LENS_USE_CODE_SERVER: '1', INCIDENT_LENS_DEMO_DIR: dir },
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /open (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      };
      demo?.stdout?.on('data', read);
      demo?.stderr?.on('data', read);
      demo?.once('exit', (code) => reject(new Error(`npm run demo exited (${code}) before serving:\n${output}`)));
    });
    assert.equal(new URL(url).port, String(port));
    assert.equal(new URL(url).searchParams.get('folder'), join(dir, 'demo-workspace'));

    browser = await openBrowser(toolsFromEnv().chromium);
    const { page } = browser;
    // code-server prints the URL just before it listens: the page is there once it answers.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(url);
        break;
      } catch (error) {
        if (attempt === 60 || demo.exitCode !== null) throw error;
        await page.waitForTimeout(500);
      }
    }
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await openFile(page, 'src/payments/charge.ts');
    await page.locator('.codelens-decoration', { hasText: 'INC-142' }).waitFor({ timeout: 60_000 });
  });
});
