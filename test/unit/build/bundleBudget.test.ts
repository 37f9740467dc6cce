// The check `npm run build` runs on its bundles (scripts/bundleBudget.mjs), on metafiles shaped
// as esbuild writes them: it fails the build on an oversize extension bundle or a forbidden input.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Budget {
  EXTENSION_BUDGET_BYTES: number;
  LAZY_PACKAGES: string[];
  LAZY_MODULES: Record<string, string>;
  checkBundles(metafiles: object[]): void;
}

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const metafile = (output: string, bytes: number, inputs: string[]) => ({
  outputs: { [output]: { bytes, inputs: Object.fromEntries(inputs.map((path) => [path, { bytesInOutput: Math.floor(bytes / inputs.length) }])) } },
});

describe('bundle budget', () => {
  let budget: Budget;
  before(async () => {
    budget = (await import(join(repositoryRoot(), 'scripts/bundleBudget.mjs'))) as Budget;
  });

  it('passes bundles within budget that carry only what they may', () => {
    budget.checkBundles([
      metafile('dist/extension.js', budget.EXTENSION_BUDGET_BYTES, ['src/vscode/extension.ts', 'node_modules/yaml/dist/index.js']),
      metafile('dist/cli.js', 5 * budget.EXTENSION_BUDGET_BYTES, ['src/cli/main.ts', 'node_modules/re2js/build/index.cjs', 'node_modules/ajv/dist/core.js']),
    ]);
  });

  it('fails an extension bundle one byte over budget, naming its largest inputs', () => {
    assert.throws(() => budget.checkBundles([metafile('dist/extension.js', budget.EXTENSION_BUDGET_BYTES + 1, ['node_modules/yaml/dist/index.js'])]), /dist\/extension\.js is 500001 bytes, over its budget of 500000; largest inputs: node_modules\/yaml\/dist\/index\.js/);
  });

  it('fails an extension bundle that carries a lazy package or module (the git miner), the command line, the MCP server or Ajv\'s compiler', () => {
    for (const input of [...budget.LAZY_PACKAGES.map((name) => `node_modules/${name}/index.js`), ...Object.values(budget.LAZY_MODULES), 'src/cli/main.ts', 'node_modules/@modelcontextprotocol/sdk/dist/cjs/server/index.js', 'node_modules/ajv/dist/compile/index.js', 'node_modules/form-data/lib/form_data.js']) {
      assert.throws(() => budget.checkBundles([metafile('dist/extension.js', 1000, ['src/vscode/extension.ts', input])]), /dist\/extension\.js must not carry/, input);
    }
  });

  it('fails a command line that carries the editor front-end or HTTP', () => {
    for (const input of ['src/vscode/extension.ts', 'node_modules/axios/lib/axios.js']) {
      assert.throws(() => budget.checkBundles([metafile('dist/cli.js', 1000, ['src/cli/main.ts', input])]), /dist\/cli\.js must not carry/, input);
    }
  });
});
