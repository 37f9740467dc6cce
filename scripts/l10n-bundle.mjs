// Writes l10n/bundle.l10n.json: every `vscode.l10n.t` (src/) and `@vscode/l10n` `t` (webview/src/)
// message, extracted by @vscode/l10n-dev from the sources in path order, so the file is the same
// on every machine. `--check` writes nothing and exits 1 when the file is not what the sources
// give (the unit test test/unit/l10n/coverage.test.ts runs it). No translations here: the English
// bundle is what translators start from (`vscode-l10n-dev generate-xlf`).
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import l10nDev from '@vscode/l10n-dev';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(root, 'l10n', 'bundle.l10n.json');

function sources(dir) {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => join(root, dir, f));
}

const files = [...sources('src'), ...sources('webview/src')]
  .map((file) => ({ extension: extname(file), contents: readFileSync(file, 'utf8') }))
  .filter((file) => file.contents.includes('l10n'));
const bundle = await l10nDev.getL10nJson(files);
const text = `${JSON.stringify(bundle, null, 2)}\n`;

if (process.argv.includes('--check')) {
  const current = existsSync(BUNDLE) ? readFileSync(BUNDLE, 'utf8') : '';
  if (current !== text) {
    const had = new Set(Object.keys(current ? JSON.parse(current) : {}));
    const missing = Object.keys(bundle).filter((k) => !had.has(k));
    const extra = [...had].filter((k) => !(k in bundle));
    console.error(`l10n/bundle.l10n.json is out of date (run npm run l10n): ${missing.length} missing ${JSON.stringify(missing.slice(0, 5))}, ${extra.length} no longer used ${JSON.stringify(extra.slice(0, 5))}${missing.length + extra.length === 0 ? ', order or format differs' : ''}.`);
    process.exitCode = 1;
  }
} else {
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(BUNDLE, text);
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} messages`);
}
