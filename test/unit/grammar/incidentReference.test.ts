// Golden token tests: the injection grammar tokenised inside real language grammars
// (tm-grammars, the collection Shiki ships) with VS Code's own TextMate engine.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const REPO = resolve(__dirname, '../../../..');
const INJECTION = 'incident-lens.reference.injection';
const REFERENCE = 'constant.other.reference.link.incident.incident-lens';
const HOSTS: Record<string, string> = {
  'source.ts': 'typescript', 'source.python': 'python', 'source.go': 'go', 'source.yaml': 'yaml',
  'source.rust': 'rust', 'source.java': 'java',
};

let registry: Registry;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] } };
  const contributed = manifest.contributes.grammars.find((g) => g.scopeName === INJECTION);
  assert.ok(contributed, 'package.json contributes the injection grammar');
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      const file = scopeName === INJECTION ? join(REPO, contributed.path) : hostGrammarPath(scopeName);
      return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (contributed.injectTo.includes(scopeName) ? [INJECTION] : undefined),
  });
});

function hostGrammarPath(scopeName: string): string | undefined {
  const name = HOSTS[scopeName];
  return name ? require.resolve(`tm-grammars/grammars/${name}.json`) : undefined;
}

/** Each token of `text` as `text => last scope`, for the tokens that are references. */
async function references(scopeName: string, text: string): Promise<string[]> {
  const grammar = (await registry.loadGrammar(scopeName)) as IGrammar;
  assert.ok(grammar, `grammar ${scopeName} loads`);
  const found: string[] = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    let current = '';
    for (const token of tokens) {
      const piece = line.slice(token.startIndex, token.endIndex);
      if (token.scopes.includes(REFERENCE)) current += piece;
      else if (current) { found.push(current); current = ''; }
    }
    if (current) found.push(current);
  }
  return found;
}

// Some grammars (shell '#' comments, Rust '///') match a whole comment in one
// regex, leaving no room for an injection; there the document links and hovers
// still mark the reference.
describe('incident reference grammar', () => {
  it('marks ids in TypeScript line and block comments, and nowhere else', async () => {
    const code = [
      '// INC-142: retries need jitter (see also INC-7)',
      'const id = "INC-999"; /* INC-150 */',
      '/**',
      ' * Caused INC-163 once.',
      ' */',
      'const INC = 1; const x = INC-2;',
      '// XINC-5 and INC-12a are not references',
    ].join('\n');
    assert.deepEqual(await references('source.ts', code), ['INC-142', 'INC-7', 'INC-150', 'INC-163']);
  });

  it('gives the whole id one token whose innermost scope is the reference, inside the comment', async () => {
    const grammar = (await registry.loadGrammar('source.ts')) as IGrammar;
    const line = '// INC-142 fixed';
    const { tokens } = grammar.tokenizeLine(line, INITIAL);
    const token = tokens.find((t) => line.slice(t.startIndex, t.endIndex) === 'INC-142');
    assert.deepEqual(token?.scopes, ['source.ts', 'comment.line.double-slash.ts', REFERENCE]);
  });

  for (const [scope, comment, code] of [
    ['source.python', '# fixed in INC-42', 'x = "INC-43"'],
    ['source.go', '// INC-42 made this retry', 'id := "INC-43"'],
    ['source.yaml', '# INC-42: keep this below 100', 'key: INC-43'],
    ['source.rust', '/* INC-42 */', 'let s = "INC-43";'],
    ['source.java', '/* INC-42 */', 'String s = "INC-43";'],
  ] as const) {
    it(`marks ids in ${scope} comments only`, async () => {
      assert.deepEqual(await references(scope, `${comment}\n${code}`), ['INC-42']);
    });
  }
});
