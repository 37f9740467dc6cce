// The entry VS Code loads as extensionTestsPath, on a desktop (@vscode/test-electron)
// and in code-server alike: runs every integration test with mocha inside the
// extension host and rejects when one fails.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** `INCIDENT_LENS_ONLY=notes,hover`: only the suites whose file names contain one of the words. */
function selected(file: string): boolean {
  const only = process.env.INCIDENT_LENS_ONLY;
  return !only || only.split(',').some((word) => word.trim() !== '' && file.includes(word.trim()));
}

export async function run(): Promise<void> {
  // Above helpers.ts' 45 s eventually, so a wait that gives up reports what it last saw, not a bare timeout.
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js') && selected(file))
    .sort()
    .forEach((file) => mocha.addFile(join(__dirname, file)));

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  const resultsFile = process.env.INCIDENT_LENS_TEST_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ failures }));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
}
