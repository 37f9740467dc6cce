// What the shipped bundles may weigh and carry, checked on every `npm run build` (esbuild.mjs),
// and the packages the extension loads on first use instead of at activation.
import { join, relative } from 'node:path';

/**
 * Packages the extension bundle requires only where it uses them: re2js for a repository's own
 * reference patterns (src/core/linearPattern.ts), axios for the first request to a platform
 * (src/adapters/providers/http.ts), proper-lockfile for the first write to an incident file
 * (src/adapters/incidentWriter.ts), picomatch when config.yaml maps services to paths
 * (src/core/components.ts), stacktrace-parser for the first JavaScript stack trace read
 * (src/core/stackTrace/javascript.ts). Each is built into dist/chunks/<name>.js, which the bundle
 * requires at that moment. The command line (dist/cli.js) stays one self-contained file.
 */
export const LAZY_PACKAGES = ['re2js', 'axios', 'proper-lockfile', 'picomatch', 'stacktrace-parser'];

/**
 * Modules of our own loaded the same way, by `import()` of their path, built into
 * dist/chunks/<name>.js: the git-history miner (src/adapters/gitMining.ts), which runs only
 * once fixes are asked for.
 */
export const LAZY_MODULES = { gitMining: 'src/adapters/gitMining.ts' };

/** The most dist/extension.js may weigh, minified, in bytes: what VS Code reads and compiles at activation. */
export const EXTENSION_BUDGET_BYTES = 500_000;

/** Inputs each bundle must not carry: the other front-end's code, and what a lazy chunk or the build-time validators replace. */
const FORBIDDEN = {
  'dist/extension.js': [
    [/^src\/cli\//, 'the command line'],
    [/node_modules\/(@modelcontextprotocol|zod)\//, 'the MCP server (command line only)'],
    [/node_modules\/(form-data|mime-db|mime-types)\//, "axios's multipart code (unused; esbuild.mjs replaces form-data)"],
    [/node_modules\/ajv\/dist\/(core|compile)/, "Ajv's schema compiler (validators are generated at build time)"],
    ...LAZY_PACKAGES.map((name) => [new RegExp(`node_modules/${name}/`), `${name}, which loads on first use from dist/chunks/${name}.js`]),
    ...Object.entries(LAZY_MODULES).map(([name, path]) => [new RegExp(`^${path.replace(/\./g, '\\.')}$`), `${path}, which loads on first use from dist/chunks/${name}.js`]),
  ],
  'dist/cli.js': [
    [/^src\/vscode\//, 'the editor front-end'],
    [/node_modules\/axios\//, 'HTTP (the command line works offline)'],
  ],
};

/**
 * esbuild plugin for the extension bundle: an import of a LAZY_PACKAGES package or a
 * LAZY_MODULES module becomes a require of its chunk beside the bundle. Only `require()` and
 * `import()` may ask for one: a top-level import would load it at activation, so it fails the
 * build instead.
 */
export const lazyChunks = lazyChunksAt('./chunks/');

function lazyChunksAt(prefix) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      const filter = new RegExp(`^(${LAZY_PACKAGES.join('|')})$|/(${Object.keys(LAZY_MODULES).join('|')})$`);
      build.onResolve({ filter }, (args) => {
        const name = args.path.slice(args.path.lastIndexOf('/') + 1);
        // A module path counts only when it is the lazy module itself (src/core/gitMining.ts is not).
        if (args.path.includes('/') && relative('.', join(args.resolveDir, `${args.path}.ts`)).replace(/\\/g, '/') !== LAZY_MODULES[name]) return undefined;
        if (args.kind !== 'require-call' && args.kind !== 'dynamic-import') {
          return { errors: [{ text: `${args.path} is loaded on first use (scripts/bundleBudget.mjs): use import() or require() where it is needed, and \`import type\` at the top` }] };
        }
        return { path: `${prefix}${name}.js`, external: true };
      });
    },
  };
}

/** The same for a lazy module's own chunk, which sits beside the others in dist/chunks/. */
export const lazyChunksBeside = lazyChunksAt('./');

/**
 * Throws, naming every problem, when dist/extension.js is over EXTENSION_BUDGET_BYTES or a
 * bundle carries an input FORBIDDEN names. `metafiles`: esbuild's metafile of each build.
 */
export function checkBundles(metafiles) {
  const problems = [];
  for (const metafile of metafiles) {
    for (const [output, { bytes, inputs }] of Object.entries(metafile.outputs)) {
      const name = relative('.', output).replace(/\\/g, '/');
      if (name === 'dist/extension.js' && bytes > EXTENSION_BUDGET_BYTES) {
        const largest = Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 5);
        problems.push(`${name} is ${bytes} bytes, over its budget of ${EXTENSION_BUDGET_BYTES}; largest inputs: ${largest.map(([path, i]) => `${path} ${i.bytesInOutput}`).join(', ')}`);
      }
      for (const [pattern, what] of FORBIDDEN[name] ?? []) {
        const found = Object.keys(inputs).filter((path) => pattern.test(path));
        if (found.length > 0) problems.push(`${name} must not carry ${what}, but holds ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`Bundle check failed (scripts/bundleBudget.mjs):\n- ${problems.join('\n- ')}`);
}
