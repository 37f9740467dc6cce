// Runs the integration suite inside a real extension host: code-server with the
// smoke-test driver honours the `payload` query (extensionDevelopmentPath and
// extensionTestsPath), and reports the suite's end through codeAutomationExit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { openBrowser } from './browser';
import { REPO, startCodeServer, type Tools } from './codeServer';
import { copyDemoWorkspace, makeRunDir } from './workspace';

const SUITE_TIMEOUT_MS = 5 * 60_000;

export async function runIntegration(tools: Tools): Promise<boolean> {
  const run = makeRunDir('integration');
  const workspace = copyDemoWorkspace(run.dir, { git: true });
  const resultsFile = join(run.dir, 'results.json');
  const server = await startCodeServer(tools, { runDir: run.dir, smokeTestDriver: true });
  const { browser, page } = await openBrowser(tools.chromium);
  try {
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown[]) => {
      // The workbench's own chatter is noise; mocha's reporter is what matters.
      const line = format(...args);
      if (!/^(Ignoring fetching|Updating additional|\[AccountPolicyGate\]|\[AgentHost|Resolv|Creating a socket|\[reconnection|\[Service Worker\])/.test(line)) {
        process.stdout.write(`${line}\n`);
      }
    });
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', server.remoteUri(REPO)],
      ['extensionTestsPath', server.remoteUri(join(REPO, 'out/test/integration/index.js'))],
      ['extensionEnvironment', JSON.stringify({ INCIDENT_LENS_TEST_RESULTS: resultsFile, INCIDENT_LENS_ONLY: process.env.INCIDENT_LENS_ONLY ?? '' })],
    ];
    await page.goto(server.url(workspace, payload));
    const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('The integration suite did not finish in 5 minutes.')), SUITE_TIMEOUT_MS).unref());
    const code = await Promise.race([exit, timeout]);
    // Both channels must agree: an exit code without results means the suite never ran.
    if (!existsSync(resultsFile)) throw new Error(`The extension host exited (${code}) without running the suite.`);
    const { failures } = JSON.parse(readFileSync(resultsFile, 'utf8')) as { failures: number };
    return code === 0 && failures === 0;
  } finally {
    await browser.close();
    await server.stop();
    run.remove();
  }
}
