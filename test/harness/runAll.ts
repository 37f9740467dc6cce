// `npm run test:vscode`: the integration suite inside a real extension host, then
// the end-to-end tests in the workbench. Any failure, including a harness that
// cannot start VS Code, fails the run; nothing is skipped.
import { runEndToEnd } from './runEndToEnd';
import { installTools } from './codeServer';
import { runIntegration } from './runIntegration';

async function main(): Promise<void> {
  const tools = installTools();
  console.log('\nIntegration tests (mocha in the extension host of code-server):');
  const integrationPassed = await runIntegration(tools);
  console.log('\nEnd-to-end tests (Playwright on the workbench):');
  const endToEndPassed = await runEndToEnd(tools);
  if (!integrationPassed || !endToEndPassed) {
    console.error(`\nReal-VS-Code tests failed: integration ${integrationPassed ? 'passed' : 'FAILED'}, end-to-end ${endToEndPassed ? 'passed' : 'FAILED'}.`);
    process.exit(1);
  }
  console.log('\nReal-VS-Code tests passed.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
