// Builds the extension (Node, CommonJS) and the webview front-end (browser) into dist/,
// or, with --tests, every test, harness and bench entry into out/ (one bundle each,
// packages left external so mocha, vscode and the libraries load from node_modules).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkBundles, lazyChunks, lazyChunksBeside, LAZY_MODULES, LAZY_PACKAGES } from './scripts/bundleBudget.mjs';
import { schemaValidatorsPlugin } from './scripts/schemaValidators.mjs';

const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');

function entries(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/**
 * axios's Node build imports `form-data` (and through it mime-db, about 140 KB) only to send
 * multipart bodies, which Incident Lens never does. Node >= 18 has a global FormData that
 * axios also accepts, so the bundle uses that instead of the package.
 */
const globalFormData = {
  name: 'global-form-data',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'global-form-data' }));
    build.onLoad({ filter: /.*/, namespace: 'global-form-data' }, () => ({ contents: 'module.exports = globalThis.FormData;', loader: 'js' }));
  },
};

if (args.has('--tests')) {
  await esbuild.build({
    entryPoints: [...entries('test', '.ts'), ...entries('bench', '.ts')],
    outdir: 'out',
    outbase: '.',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [schemaValidatorsPlugin()],
    // As in the extension bundle: a package imported on first use loads through require().
    supported: { 'dynamic-import': false },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // The command line as it ships (one self-contained file), for the tests that run it as a process;
  // the parse worker as it ships, for the tests that parse in a worker thread (out/parseWorker.js).
  await esbuild.build({
    entryPoints: { 'cli/incident-lens': 'src/cli/main.ts', parseWorker: 'src/adapters/parseWorker.ts' },
    outdir: 'out',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [schemaValidatorsPlugin()],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else {
  // What every shipped Node bundle shares: one CommonJS file for Node 20, minified, with a map and its metafile.
  const shipped = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: !dev, sourcemap: true, sourcesContent: false, metafile: true, logLevel: 'warning' };
  const builds = await Promise.all([
    esbuild.build({
      // The parse worker (incidentParser.ts) is its own file, loaded into a worker thread.
      entryPoints: { extension: 'src/vscode/extension.ts', parseWorker: 'src/adapters/parseWorker.ts' },
      outdir: 'dist',
      ...shipped,
      external: ['vscode'],
      plugins: [globalFormData, schemaValidatorsPlugin(), lazyChunks],
      // yaml's ES module build (the one its package gives browsers) instead of its CommonJS one,
      // so that esbuild drops what the extension never calls (about 17 KB): same source, same behaviour.
      alias: { yaml: './node_modules/yaml/browser/index.js' },
      // import() as require(), so a lazy chunk (scripts/bundleBudget.mjs) loads as CommonJS like the bundle.
      supported: { 'dynamic-import': false },
    }),
    // The packages the extension loads on first use (scripts/bundleBudget.mjs), one file each beside it.
    ...LAZY_PACKAGES.map((name) => esbuild.build({
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', sourcefile: `chunks/${name}.js` },
      outfile: `dist/chunks/${name}.js`,
      ...shipped,
      plugins: [globalFormData],
    })),
    // Our own modules the extension loads on first use (scripts/bundleBudget.mjs).
    esbuild.build({
      entryPoints: Object.fromEntries(Object.entries(LAZY_MODULES).map(([name, path]) => [`chunks/${name}`, path])),
      outdir: 'dist',
      ...shipped,
      plugins: [lazyChunksBeside],
      supported: { 'dynamic-import': false },
    }),
    // The `incident-lens` command line (package.json "bin"); the shebang comes from src/cli/main.ts.
    esbuild.build({
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: 'dist',
      ...shipped,
      plugins: [schemaValidatorsPlugin()],
    }),
    esbuild.build({
      entryPoints: { 'webview/notes': 'webview/src/main.ts' },
      outdir: 'dist',
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: !dev,
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'warning',
    }),
  ]);
  // Fails the build when a bundle outgrows its budget or pulls in code it must not carry.
  if (!dev) checkBundles(builds.map((b) => b.metafile).filter(Boolean));
}
