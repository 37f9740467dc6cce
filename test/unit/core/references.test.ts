import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfigFile } from '../../../src/core/config';
import { COMMENTED_LANGUAGES } from '../../../src/core/commentSyntax';
import { findReferences, MAX_SCANNED_LINE, referenceAt, referenceMatcher, referencePatternProblem } from '../../../src/core/references';

const ids = (text: string, language: string, patterns = ['INC-\\d+']) => findReferences(text, referenceMatcher(patterns), language).map((r) => r.id);

describe('incident references in code', () => {
  const matcher = referenceMatcher(['INC-\\d+']);

  it('finds every id in comments with its line and columns', () => {
    const text = 'const a = 1;\n// INC-142: jitter (also INC-7)\r\n/* INC-150 */';
    assert.deepEqual(findReferences(text, matcher, 'typescript'), [
      { id: 'INC-142', line: 1, start: 3, end: 10 },
      { id: 'INC-7', line: 1, start: 25, end: 30 },
      { id: 'INC-150', line: 2, start: 3, end: 10 },
    ]);
  });

  it('issue 12, example 5: an id in a string literal is no reference, the one in the comment is', () => {
    const text = '// Fixed under INC-142: keep the retry budget small.\nconst LEGACY_PREFIX = "INC-7";\n';
    assert.deepEqual(findReferences(text, matcher, 'typescript'), [{ id: 'INC-142', line: 0, start: 15, end: 22 }]);
    assert.equal(referenceAt(text, text.indexOf('INC-7') + 2, matcher, 'typescript'), undefined);
    assert.deepEqual(referenceAt(text, 17, matcher, 'typescript'), { id: 'INC-142', start: 15, end: 22 });
  });

  it('a configured [A-Z][A-Z0-9]+-\\d+ does not turn UTF-8 or SHA-256 in code into references', () => {
    const code = 'const enc = "UTF-8"; hash(SHA-256, x); // see OPS-12, not UTF-8 in code\nlet s = \'SHA-256\';\n/* ENG-4 */';
    assert.deepEqual(ids(code, 'typescript', ['[A-Z][A-Z0-9]+-\\d+']), ['OPS-12', 'UTF-8', 'ENG-4']);
    assert.deepEqual(ids('x = SHA-256(data)  # UTF-8 only\n', 'python', ['[A-Z][A-Z0-9]+-\\d+']), ['UTF-8']);
  });

  it('needs whole words: no XINC-5, no INC-12a, no INC-3-4', () => {
    assert.deepEqual(ids('// XINC-5 INC-12a INC-3-4 (INC-9) INC-1,INC-2', 'typescript'), ['INC-9', 'INC-1', 'INC-2']);
  });

  it('knows the comment markers inside strings, and the quotes inside comments', () => {
    assert.deepEqual(ids('const u = "http://x/INC-1"; // INC-2 "INC-3" isn\'t code\nconst v = \'INC-4\';', 'typescript'), ['INC-2', 'INC-3']);
    assert.deepEqual(ids('color = "#INC-1"  # INC-2\ns = """\n# INC-3 in a docstring\n"""\n', 'python'), ['INC-2']);
    assert.deepEqual(ids('const t = `\n// INC-1\n`; /* a "quote\n INC-2 */', 'javascript'), ['INC-2']);
    assert.deepEqual(ids("SELECT 'it''s -- INC-1' -- INC-2\n", 'sql'), ['INC-2']);
  });

  it('reads each language as it writes comments', () => {
    const cases: [string, string, string[]][] = [
      ['rust', "fn f<'a>(x: &'a str) -> char { '\"' } // INC-1\n/* outer /* INC-2 */ still INC-3 */ let s = \"INC-4\";", ['INC-1', 'INC-2', 'INC-3']],
      ['go', 'x := `// INC-1`\n// INC-2', ['INC-2']],
      ['lua', 's = "-- INC-1"\n--[[ INC-2\nINC-3 ]] x = 1 -- INC-4', ['INC-2', 'INC-3', 'INC-4']],
      ['haskell', '{- INC-1 {- INC-2 -} INC-3 -}\nmain = putStrLn "INC-4" -- INC-5', ['INC-1', 'INC-2', 'INC-3', 'INC-5']],
      ['html', '<a title="INC-1">INC-2</a><!-- INC-3 -->', ['INC-3']],
      ['css', '.a::after { content: "INC-1"; } /* INC-2 */', ['INC-2']],
      ['shellscript', "echo 'INC-1 # not a comment' # INC-2", ['INC-2']],
      ['powershell', '"INC-1 `" # not" # INC-2\n<# INC-3 #>', ['INC-2', 'INC-3']],
      ['ruby', "puts 'INC-1' # INC-2\n=begin\nINC-3\n=end\nputs 'x'", ['INC-2', 'INC-3']],
      ['bat', 'echo INC-1\nREM INC-2\n:: INC-3\nremove INC-4', ['INC-2', 'INC-3']],
      ['yaml', "key: 'INC-1 # x' # INC-2\n", ['INC-2']],
      ['erlang', 'X = "INC-1". % INC-2', ['INC-2']],
      ['clojure', '(def x "INC-1") ; INC-2', ['INC-2']],
      ['fsharp', 'let x = "INC-1" (* INC-2 *) // INC-3', ['INC-2', 'INC-3']],
      ['julia', 's = "INC-1" #= INC-2 =# # INC-3', ['INC-2', 'INC-3']],
      ['csharp', 'var p = @"C:\\INC-1\\"; // INC-2', ['INC-2']],
      ['markdown', 'Fixed in INC-1, see `INC-2`.', ['INC-1', 'INC-2']],
      ['unknown-language', '// INC-1', []],
    ];
    for (const [language, text, expected] of cases) assert.deepEqual(ids(text, language), expected, language);
  });

  it('has comment syntax for every language the reference grammar is injected into', () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../../package.json'), 'utf8')) as { contributes: { grammars: { injectTo?: string[] }[] } };
    const scopes = manifest.contributes.grammars.flatMap((g) => g.injectTo ?? []);
    // TextMate scope to VS Code language id, for scopes whose names differ from the id.
    const languageOf: Record<string, string> = {
      'source.ts': 'typescript', 'source.tsx': 'typescriptreact', 'source.js': 'javascript', 'source.js.jsx': 'javascriptreact',
      'source.cs': 'csharp', 'source.objc': 'objective-c', 'source.shell': 'shellscript', 'text.html.php': 'php',
      'source.css.scss': 'scss', 'source.css.less': 'less', 'text.html.basic': 'html', 'text.html.derivative': 'html',
      'text.xml': 'xml', 'source.coffee': 'coffeescript', 'source.batchfile': 'bat',
    };
    const missing = scopes.map((scope) => languageOf[scope] ?? scope.replace(/^(source|text)\./, '')).filter((id) => !COMMENTED_LANGUAGES.includes(id));
    assert.deepEqual(missing, []);
  });

  it('combines several configured patterns and skips invalid ones', () => {
    const several = referenceMatcher(['INC-\\d+', 'PD-[A-Z0-9]{7}', '(unclosed']);
    assert.deepEqual(findReferences('// INC-1 and PD-Q1W2E3R', several, 'typescript').map((r) => r.id), ['INC-1', 'PD-Q1W2E3R']);
    assert.equal(referenceMatcher(['(bad']), undefined);
    assert.deepEqual(findReferences('// INC-1', undefined, 'typescript'), []);
  });

  it('skips minified lines longer than 2,000 characters', () => {
    assert.deepEqual(ids(`// ${'x'.repeat(MAX_SCANNED_LINE)} INC-1\n// INC-2`, 'typescript'), ['INC-2']);
  });

  it('finds the reference under the cursor', () => {
    const text = 'let a;\n// see INC-142 now';
    assert.deepEqual(referenceAt(text, 7 + 9, matcher, 'typescript'), { id: 'INC-142', start: 7, end: 14 });
    assert.equal(referenceAt(text, 7 + 3, matcher, 'typescript'), undefined);
  });

  it('issue 13, example 1: a backtracking pattern from the repository runs in linear time', () => {
    // (a+)+$ is exponential in a backtracking engine: 40 characters never finish there.
    const comment = `// ${'a'.repeat(50_000)}!`;
    assert.deepEqual(ids(`${comment}\n// ${'a'.repeat(1500)}!`, 'typescript', ['(a+)+$']), []);
    assert.deepEqual(ids('// aaaa', 'typescript', ['(a+)+$']), ['aaaa']);
  });

  it('refuses what RE2 cannot run in linear time, with a reason, at its line in config.yaml', () => {
    assert.match(referencePatternProblem('INC-(?=\\d)') ?? '', /not a valid pattern.*RE2 syntax/);
    assert.match(referencePatternProblem('(INC)-\\1') ?? '', /not a valid pattern/);
    assert.equal(referencePatternProblem('(a+)+$'), undefined);
    const { config, problems } = parseConfigFile("references:\n  - 'INC-\\d+'\n  - '(?<!X)OPS-\\d+'\n");
    assert.deepEqual(config.references, ['INC-\\d+']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 3);
  });
});
