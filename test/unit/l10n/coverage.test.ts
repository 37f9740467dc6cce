// Every string a user sees goes through VS Code's l10n: the editor code's through
// vscode.l10n.t, the notes panel's through @vscode/l10n, the manifest's through
// package.nls.json, and l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from the sources.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { scanForBypasses } from './l10nScan';

function repo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'l10n'))) {
    if (dirname(dir) === dir) throw new Error(`No repository above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
}

const ROOT = repo();

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort().map((f) => join(dir, f));
}

describe('l10n: user-facing strings', () => {
  it('finds a bypassing string in every kind of place it checks, and none once wrapped', () => {
    const bad = [
      "vscode.window.showInformationMessage('Linked.', 'Open');",
      'vscode.window.showErrorMessage(`Could not link ${id}`);',
      "vscode.window.setStatusBarMessage(ok ? 'Saved' : '', 3000);",
      "vscode.window.showQuickPick(['Copy', 'Write'], { title: 'Contact', placeHolder: `Pick ${n}` });",
      "const item = new vscode.TreeItem('Notes'); item.tooltip = 'Open the notes'; item.description = [n, 'lessons'].join(' · ');",
      "status.text = `$(flame) ${id} live`; status.name = 'Live Incident';",
      "new vscode.MarkdownString().appendText(`Risk ${level}`).appendMarkdown('**Ask**');",
      "new vscode.Diagnostic(range, 'The id is used twice');",
      "new vscode.CodeLens(range, { title: `${n} incidents`, command: 'x' });",
      "throw new Error('The note is empty.');",
      "h('button', { title: 'Retry now', 'aria-label': 'Retry' }, 'Retry');",
    ].map((line) => `function f() { ${line} }`).join('\n');
    const found = scanForBypasses('bad.ts', bad).map((f) => f.text);
    for (const expected of ["'Linked.'", "'Open'", '`Could not link ${id}`', "'Saved'", "'Copy'", "'Write'", "'Contact'", '`Pick ${n}`', "'Notes'", "'Open the notes'", "'lessons'",
      '`$(flame) ${id} live`', "'Live Incident'", '`Risk ${level}`', "'**Ask**'", "'The id is used twice'", '`${n} incidents`', "'The note is empty.'", "'Retry now'", "'Retry'"]) {
      assert.ok(found.includes(expected), `${expected} not reported; reported: ${found.join(' | ')}`);
    }

    const good = [
      "vscode.window.showInformationMessage(vscode.l10n.t('Linked.'), vscode.l10n.t('Open'));",
      "vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Saved {0}', file), 3000);",
      "item.description = [n, vscode.l10n.t('lessons')].join(' · '); item.label = `${id}: ${title}`; item.tooltip = '';",
      "h('span', { title: l10n.t('Retry now') }, ` ${l10n.t('stale')}`, ' · ');",
      "pick.placeholder = 'at charge (/srv/app.ts:5)'; // l10n-ignore: a stack frame",
      'const TABLE = { get live() { return vscode.l10n.t(\'Live\'); } };',
    ].map((line) => `function f() { ${line} }`).join('\n');
    assert.deepEqual(scanForBypasses('good.ts', good), []);
  });

  it('finds l10n.t calls that cannot be extracted, miscount their arguments, or run at load', () => {
    const found = scanForBypasses('calls.ts', [
      "const AT_LOAD = vscode.l10n.t('Live');",
      'function f(key: string) { return [vscode.l10n.t(key), vscode.l10n.t(`Hi ${key}`), vscode.l10n.t(\'{0} of {1}\', 1), vscode.l10n.t(\'{1}\', 1, 2)]; }',
    ].join('\n')).map((f) => f.problem);
    assert.equal(found.filter((p) => p.includes('runs when the module loads')).length, 1, found.join('\n'));
    assert.equal(found.filter((p) => p.includes('literal message')).length, 2, found.join('\n'));
    assert.equal(found.filter((p) => p.includes('placeholders')).length, 2, found.join('\n'));
  });

  it('src/vscode and the notes panel show no string that bypasses l10n', () => {
    const findings = [...sources('src/vscode'), ...sources('webview/src')].flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return scanForBypasses(file, text, { topLevelAllowed: file === join('webview', 'src', 'main.ts') })
        .map((f) => `${relative(ROOT, join(ROOT, file))}:${f.line}: ${f.problem}: ${f.text}`);
    });
    assert.deepEqual(findings, []);
  });
});

describe('l10n: the manifest', () => {
  const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

  it('names its l10n folder and every %key% it uses exists in package.nls.json, and no key there is unused', () => {
    assert.equal(manifest.l10n, './l10n');
    const used = new Set([...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
    assert.deepEqual([...used].filter((key) => !(key in nls)), [], 'keys missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'keys of package.nls.json that package.json never uses');
    assert.ok(Object.values(nls).every((value) => typeof value === 'string' && value.trim() !== ''), 'every message is English text');
  });

  it('keeps every text a user reads in package.nls.json', () => {
    // Fields the editor shows; the language-model tools' modelDescription and input schemas are read by models, in English.
    const shown = new Set(['displayName', 'description', 'title', 'category', 'name', 'label', 'contextualTitle', 'contents', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'altText', 'userDescription']);
    const raw: string[] = [];
    const walk = (value: unknown, path: string[], key: string | undefined): void => {
      if (path.includes('inputSchema') || path.includes('yamlValidation') || path.includes('grammars') || path.includes('keybindings')) return;
      if (typeof value === 'string') {
        // A language-model tool's `name` is its id.
        const id = key === 'name' && path.includes('languageModelTools');
        if (key !== undefined && shown.has(key) && !id && !/^%[^%]+%$/.test(value)) raw.push(`${path.join('.')}: ${value.slice(0, 60)}`);
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, [...path, String(i)], key === 'enumDescriptions' || key === 'markdownEnumDescriptions' ? key : undefined));
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k], k);
      }
    };
    walk({ displayName: manifest.displayName, description: manifest.description, capabilities: manifest.capabilities, contributes: manifest.contributes }, [], undefined);
    assert.deepEqual(raw, []);
  });

  it('ships package.nls.json and l10n/ in the package (the .vscodeignore allow-list)', () => {
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!package.nls.json') && ignore.includes('!package.nls.*.json'), 'package.nls.json is allowed');
    assert.ok(ignore.includes('!l10n/*.json'), 'l10n/ is allowed');
  });
});

describe('l10n: the bundle', () => {
  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from the sources now', async function () {
    // Parses every source with tree-sitter: seconds of CPU, more on a loaded machine.
    this.timeout(180_000);
    try {
      await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'l10n-bundle.mjs'), '--check'], { cwd: ROOT });
    } catch (error) {
      assert.fail((error as { stderr?: string }).stderr || String(error));
    }
    const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.equal(bundle['Repaired {0} links.'], 'Repaired {0} links.', 'messages from src/vscode');
    assert.equal(bundle['No follow-up yet.'], 'No follow-up yet.', 'messages from the notes panel');
  });
});
