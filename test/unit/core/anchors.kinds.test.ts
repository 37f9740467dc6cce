// The failure kinds found in a second round on real histories (got, express,
// vscode-extension-samples, and mocha to check for overfitting), each with its right value.
// Every link here resolves without symbols unless the test says otherwise.
import * as assert from 'node:assert/strict';
import { createLink, resolveLink, type LinkSource, type Resolution, type SymbolNode } from '../../../src/core/anchors';
import { isBalancedUnit, unitEnd } from '../../../src/core/anchors/brackets';
import { alignLines } from '../../../src/core/anchors/lineDiff';
import type { LineRange, Link } from '../../../src/core/model';

const COMMIT = 'a1b2c3d4';

/** A source holding each path's file now, and the file at COMMIT under the linked path. */
function source(files: Record<string, readonly string[]>, then: { path: string; lines: readonly string[] }, symbols?: SymbolNode[]): LinkSource {
  return {
    read: async (path) => (files[path] ? { path, lines: files[path], ...(symbols ? { symbols } : {}) } : undefined),
    readAt: async (commit, path) => (commit === COMMIT && path === then.path ? then.lines.join('\n') : undefined),
    renamesSince: async () => new Map(Object.keys(files).filter((p) => p !== then.path).map((p) => [then.path, p])),
  };
}

function link(path: string, then: readonly string[], lines: LineRange, symbol?: string): Link {
  return { ...createLink({ path, lines: then }, lines, { commit: COMMIT, ...(symbol ? { symbol } : {}) }), role: 'root-cause' };
}

function where(resolution: Resolution): object {
  if (resolution.kind === 'stale') return { stale: resolution.reason };
  return resolution.how === 'file' ? { how: 'file' } : { how: resolution.how, lines: resolution.lines };
}

describe('anchors on real-history failure kinds, second round', () => {
  it('counts brackets in code only: a class whose doc comments hold links and apostrophes ends where it closes', async () => {
    const docs = ['\t/**', "\tIt's like setting `{responseType: 'json'` but for [Buffer](https://nodejs.org/api/buffer.html) (see [RFC 7231](https://example.org/rfc7231#section-6.4.4).", '\t*/'];
    const method = (name: string): string[] => [...docs, `\t${name}(): void {`, `\t\tthis.#${name} = /[({]/.test(this.url) ? \`\${this.url}(\` : '}';`, '\t}', ''];
    const before = ['export class Options {', ...method('a'), ...method('b'), '}', '', 'export const defaults = {', '\ttimeout: 1,', '};'];
    const linked = { start: 1, end: 1 + 14 + 1 };
    assert.ok(isBalancedUnit(before.slice(0, linked.end)));
    // Two methods are added at the end of the class; git's alignment may pair the class's
    // closing brace with the first new method's.
    const after = ['export class Options {', ...method('a'), ...method('b'), ...method('c'), ...method('d'), '}', '', 'export const defaults = {', '\ttimeout: 1,', '};'];
    assert.equal(unitEnd(after, 1, 100), 1 + 28 + 1);
    const resolution = await resolveLink(link('src/options.ts', before, linked), source({ 'src/options.ts': after }, { path: 'src/options.ts', lines: before }));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 1, end: 1 + 28 + 1 } });
    // Block comments, template literals and regular expressions spanning their brackets are skipped across lines.
    assert.equal(unitEnd(['const x = {', '/* } ) ]', ' ] ) } */', '`${a}', '}) `', 'y: /}/,', '};'], 1, 10), 7);
    assert.ok(!isBalancedUnit(['f({', '// })', '']));
  });

  it('starts a test whose header lost a word at that header, not at a look-alike test inserted above it', async () => {
    const test = (name: string, server: string, body: string[]): string[] => [`test('${name}', withServer, async (t, ${server}, got) => {`, ...body.map((line) => `\t${line}`), '});'];
    const body = ["server.get('/', (_request, response) => {", '\tresponse.writeHead(302, {', "\t\tlocation: 'https://example.com/',", '\t});', '\tresponse.end();', '});', '', "const {headers} = await got('', {username: 'hello'});", 't.is(headers.authorization, undefined);'];
    const before = ["import test from 'ava';", '', ...test('clears username and password', 'server', body), ''];
    const linked = { start: 3, end: 3 + body.length + 1 };
    // A new redirect test lands above it, and the test's server parameter is renamed.
    const inserted = [...test('upload progress total is reset on redirect', 'server', ["server.post('/upload', (_request, response) => {", '\tresponse.writeHead(303, {', "\t\tlocation: '/target',", '\t});', '\tresponse.end();', '});']), ''];
    const renamed = test('clears username and password', 'server1', body.map((line) => line.replace('server.get', 'server1.get')));
    const after = ["import test from 'ava';", '', ...inserted, ...renamed, ''];
    const resolution = await resolveLink(link('test/redirects.ts', before, linked), source({ 'test/redirects.ts': after }, { path: 'test/redirects.ts', lines: before }));
    const start = 3 + inserted.length;
    assert.deepEqual(where(resolution), { how: 'history', lines: { start, end: start + renamed.length - 1 } });
  });

  it('starts a function whose parameter list was rewritten at its new header, not at an import line alike its old parameters', async () => {
    const body = ["\tconst packageJsonPath = path.join(sample.path, 'package.json');", '\tif (fs.existsSync(packageJsonPath)) {', '\t\trun(command, sample);', '\t}', '}'];
    const before = ["const { samples } = require('./samples');", '', 'async function tryRunCommand(', '\t/** @type {string} */ command,', "\t/** @type {import('./samples').Sample} */ sample,", ') {', ...body];
    const after = ["import { lspSamples, Sample, samples } from './samples';", '', 'async function tryRunCommand(command: string, sample: Sample) {', ...body];
    const resolution = await resolveLink(link('run.js', before, { start: 3, end: before.length }), source({ 'run.ts': after }, { path: 'run.js', lines: before }));
    assert.deepEqual(resolution.kind === 'resolved' && resolution.renamedFrom, 'run.js');
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 3, end: after.length } });
  });

  it('aligns a block inserted after a look-alike block where blank lines bound it, so the linked block keeps its own end', async () => {
    const it = (name: string, body: string[]): string[] => [`  it('${name}', function(done){`, ...body.map((line) => `    ${line}`), '  })'];
    const ending = ['request(app)', ".get('/')", ".expect(200, 'false', done);"];
    const before = ["describe('.fresh', function(){", ...it('without headers', ['var app = express();', ...ending]), '', ...it('ignores since', ['var app = express();', 'app.use(check);', ".expect(304, done);"]), '})'];
    const linked = { start: 2, end: 2 + 4 + 1 };
    // A new test is inserted after the linked one, ending with the same two lines, and the
    // first line is edited (so the diff cannot pair the linked lines from the top down).
    const added = it('is true for a QUERY', ['var app = express();', 'app.use(fresh);', 'request(app)', ".query('/')", ".send({ ids: ['a', 'b'] })", ".expect(200, 'false', done);"]);
    const after = ["describe('.fresh', () => {", ...before.slice(1, linked.end), '', ...added, ...before.slice(linked.end)];
    const map = alignLines(before, after);
    assert.deepEqual([map[linked.end - 2], map[linked.end - 1]], [linked.end - 2, linked.end - 1], 'the linked test\'s last lines stay paired with themselves');
    const resolution = await resolveLink(link('test/req.fresh.js', before, linked), source({ 'test/req.fresh.js': after }, { path: 'test/req.fresh.js', lines: before }));
    assert.deepEqual(where(resolution), { how: 'unchanged', lines: linked });
  });

  it('follows code through a formatter that switched its quote style, by history and by symbol path', async () => {
    const single = ["describe('multiple calls to done()', function () {", "  it('results in failure', function () {", "    expect(res, 'to have failed test count', 1)", "      .and('to have passed test count', 1);", '  });', '});'];
    const double = ['// Formatted.', ...single.map((line) => line.replace(/'/g, '"'))];
    const linked = { start: 2, end: 5 };
    const files = { 'test/done.spec.js': double };
    const then = { path: 'test/done.spec.js', lines: single };
    const resolution = await resolveLink(link('test/done.spec.js', single, linked), source(files, then));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 3, end: 6 } });
    const symbols: SymbolNode[] = [{ name: 'describe("multiple calls to done()") callback', startLine: 2, endLine: 7, children: [
      { name: 'it("results in failure") callback', startLine: 3, endLine: 6, children: [] },
    ] }];
    const bySymbol = await resolveLink(link('test/done.spec.js', single, linked, "describe('multiple calls to done()') callback.it('results in failure') callback"), source(files, then, symbols));
    assert.deepEqual(where(bySymbol), { how: 'symbol', lines: { start: 3, end: 6 } });
  });
  it('ends lines that closed their enclosing callback where it closes now, not at a look-alike brace in a copied test below', async () => {
    const callback = (name: string): string[] => ["  it('" + name + "', function (done) {", '    runMochaJSON(', "      'test-for-simple-ui',", '      function (err, res) {', '        if (err) {', '          done(err);', '          return;', '        }', "        expect(res, 'to have passed');", '        done();', '      }', '    );', '  });'];
    const before = ["describe('--ui', function () {", ...callback('should work'), '});'];
    const linked = { start: 6, end: 12 };
    // A formatter adds trailing commas (`},` no longer pairs with `}`), and a copy of the test follows.
    const formatted = (name: string): string[] => callback(name).map((line) => (line === '      }' ? '      },' : line));
    const after = ["describe('--ui', function () {", ...formatted('should work'), '', ...formatted('should work for ESM'), '});'];
    const resolution = await resolveLink(link('test/ui.spec.js', before, linked), source({ 'test/ui.spec.js': after }, { path: 'test/ui.spec.js', lines: before }));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 6, end: 12 } });
  });

  it('does not count a linked unit\'s end from a line inside it when its first line was rewritten beyond recognition', async () => {
    const before = ['module.exports = () => {', '  return stripAnsi(', '    String(', '      execSync(command, {', "        cwd: resolve(__dirname, '..')", '      })', '    ).trim()', '  );', '};'];
    const after = before.map((line) => line.replace('return stripAnsi(', 'return stripVTControlCharacters(')).slice();
    after.splice(4, 0, '        encoding: "utf8",');
    const resolution = await resolveLink(link('docs/usage.js', before, { start: 2, end: 8 }), source({ 'docs/usage.js': after }, { path: 'docs/usage.js', lines: before }));
    // Lines 3-9 hold every surviving linked line; the unit opening at line 3 (`String(`) would close at 8.
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 3, end: 9 } });
  });
});
