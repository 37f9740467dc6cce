// The same integration suite under @vscode/test-electron, for machines that have a
// desktop VS Code or can download one (set VSCODE_EXECUTABLE to use a local one).
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { REPO } from './codeServer';
import { copyDemoWorkspace, makeRunDir } from './workspace';

async function main(): Promise<void> {
  const run = makeRunDir('electron');
  try {
    const workspace = copyDemoWorkspace(run.dir);
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
      extensionDevelopmentPath: REPO,
      extensionTestsPath: join(REPO, 'out/test/integration/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(run.dir, 'user-data')}`],
    });
  } finally {
    run.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
