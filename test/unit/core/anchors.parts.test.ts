import * as assert from 'node:assert/strict';
import { renamedPaths, splitLines } from '../../../src/core/anchors';
import { contentLines, nearestFirst } from '../../../src/core/anchors/content';
import { findFingerprint, findLines } from '../../../src/core/anchors/exactMatch';
import { findSimilar, lineLikeness } from '../../../src/core/anchors/fuzzyMatch';
import { findSymbol, findSymbolRanges, type SymbolNode, symbolPathCovering, symbolSegments } from '../../../src/core/anchors/symbols';
import { fingerprint } from '../../../src/core/fingerprint';

const sym = (name: string, startLine: number, endLine: number, children: SymbolNode[] = []): SymbolNode => ({ name, startLine, endLine, children });

describe('anchor symbols', () => {
  it('reads decorated names as plain symbol paths', () => {
    assert.deepEqual(symbolSegments('charge(request)'), ['charge']);
    assert.deepEqual(symbolSegments('  Box<T> '), ['Box']);
    assert.deepEqual(symbolSegments('(*Server).Handle'), ['Server', 'Handle']);
    assert.deepEqual(symbolSegments('PaymentService.charge(req.body)'), ['PaymentService', 'charge']);
    assert.deepEqual(symbolSegments(''), []);
  });

  it('finds a nested symbol, a node whose name holds dots, and a Go method', () => {
    const tree = [
      sym('Acme.Payments', 1, 40, [sym('PaymentService', 3, 39, [sym('Charge(ChargeRequest)', 5, 20)])]),
      sym('(*Server).Handle', 42, 50),
    ];
    assert.deepEqual(findSymbol(tree, 'Acme.Payments.PaymentService.Charge', 1), { start: 5, end: 20 });
    assert.deepEqual(findSymbol(tree, 'Server.Handle', 1), { start: 42, end: 50 });
    assert.equal(findSymbol(tree, 'PaymentService.Charge', 1), undefined, 'a path is matched from the top, not as a suffix');
    assert.equal(findSymbol(tree, 'Acme.Payments.PaymentService.Refund', 1), undefined);
  });

  it('looks paths up in one walk of the tree: quote styles alike, overloads in tree order, nothing under a node that names no step', () => {
    const tree = [
      sym('describe("orders") callback', 1, 30, [sym("it('charges') callback", 2, 10), sym('it("charges") callback', 12, 20)]),
      sym('(options)', 32, 40, [sym('hidden', 33, 39)]),
    ];
    assert.deepEqual(findSymbolRanges(tree, "describe('orders') callback.it('charges') callback"), [{ start: 2, end: 10 }, { start: 12, end: 20 }]);
    assert.deepEqual(findSymbolRanges(tree, 'describe(`orders`) callback'), [{ start: 1, end: 30 }]);
    assert.deepEqual(findSymbolRanges(tree, 'hidden'), [], 'a node named by parameters only is no step of a path');
    // The same answers again from the remembered walk, and a covering path through it.
    assert.deepEqual(findSymbol(tree, "describe('orders') callback.it('charges') callback", 13), { start: 12, end: 20 });
    assert.equal(symbolPathCovering(tree, { start: 33, end: 39 }), 'hidden');
  });

  it('picks the overload nearest the stored start', () => {
    const tree = [sym('Parser', 1, 60, [sym('parse(text: string)', 3, 4), sym('parse(text: string, strict: boolean)', 6, 7), sym('parse(text, strict?)', 9, 40)])];
    assert.deepEqual(findSymbol(tree, 'Parser.parse', 10), { start: 9, end: 40 });
    assert.deepEqual(findSymbol(tree, 'Parser.parse', 2), { start: 3, end: 4 });
    assert.deepEqual(findSymbol(tree, 'Parser.parse', 5), { start: 6, end: 7 });
  });

  it('names the symbol that covers a range, preferring the innermost, and nothing below 80% overlap', () => {
    const tree = [sym('Only', 1, 10, [sym('method', 1, 10)]), sym('Other', 12, 30, [sym('run', 14, 20)])];
    assert.equal(symbolPathCovering(tree, { start: 1, end: 10 }), 'Only.method');
    assert.equal(symbolPathCovering(tree, { start: 14, end: 21 }), 'Other.run');
    assert.equal(symbolPathCovering(tree, { start: 14, end: 26 }), undefined);
  });
});

describe('anchor exact matching', () => {
  const lines = splitLines('a\r\n\r\n  b  \n\tc\rd\n');

  it('splits any line ending and keeps only normalised non-blank content', () => {
    assert.deepEqual(lines, ['a', '', '  b  ', '\tc', 'd', '']);
    assert.deepEqual(contentLines(lines), [
      { line: 1, text: 'a' }, { line: 3, text: 'b' }, { line: 4, text: 'c' }, { line: 5, text: 'd' },
    ]);
    assert.deepEqual(contentLines(lines, 2, 4).map((c) => c.line), [3, 4]);
  });

  it('visits starts nearest the stored line first, the later line on a tie', () => {
    const content = [1, 3, 5, 7, 9].map((line) => ({ line, text: String(line) }));
    assert.deepEqual([...nearestFirst(content, 5)].map((i) => content[i].line), [5, 7, 3, 9, 1]);
    assert.deepEqual([...nearestFirst(content, 6)].map((i) => content[i].line), [7, 5, 9, 3, 1]);
    assert.deepEqual([...nearestFirst(content, 100)].map((i) => content[i].line), [9, 7, 5, 3, 1]);
  });

  it('hashes windows exactly as fingerprint() does', () => {
    // Every window of a varied text, found by its fingerprint alone: pins the incremental FNV to fingerprint.ts.
    const text = Array.from({ length: 40 }, (_, i) => (i % 6 === 5 ? '' : `  line ${i} ${'é✓'.repeat(i % 3)}  {  x = ${i * 7}; }`));
    const content = contentLines(text);
    for (let start = 1; start <= text.length; start += 3) {
      for (let end = start; end <= Math.min(text.length, start + 8); end++) {
        const window = text.slice(start - 1, end);
        const found = findFingerprint(content, fingerprint(window), window.length, start);
        if (window.every((line) => line === '')) assert.equal(found, undefined);
        else assert.equal(fingerprint(text.slice(found!.start - 1, found!.end)), fingerprint(window), `window ${start}-${end}`);
      }
    }
  });

  it('never grows a window past the stored length, and ignores malformed fingerprints', () => {
    const content = contentLines(['a', 'b', 'c']);
    assert.equal(findFingerprint(content, fingerprint(['a', 'b', 'c']), 2, 1), undefined);
    assert.deepEqual(findFingerprint(content, fingerprint(['a', 'b', 'c']).toUpperCase(), 3, 1), { start: 1, end: 3 });
    assert.equal(findFingerprint(content, 'not-hex!', 3, 1), undefined);
  });

  it('finds original lines as a whole, across blank lines, nearest first', () => {
    const content = contentLines(['x', 'a', '', 'b', 'y', 'a', 'b']);
    assert.deepEqual(findLines(content, ['a', 'b'], 1), { start: 2, end: 4 });
    assert.deepEqual(findLines(content, ['a', 'b'], 7), { start: 6, end: 7 });
    assert.equal(findLines(content, ['b', 'a'], 1), undefined);
  });
});

describe('anchor fuzzy matching', () => {
  const original = ['function retry(fn) {', 'let attempt = 0;', 'while (true) {', 'try {', 'return fn();', '} catch (e) {', 'if (++attempt > 3) throw e;', '}', '}', '}'];
  const unrelated = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `const ${tag}${i} = load('${tag}', ${i});`);

  it('grows the match over lines added inside and keeps lines just outside out', () => {
    const edited = [...original.slice(0, 6), 'log.warn(e);', 'metrics.count("retry");', ...original.slice(6)];
    const content = contentLines([...unrelated(20, 'a'), ...edited, ...unrelated(20, 'b')]);
    assert.deepEqual(findSimilar(content, original, 21, 0.7), { lines: { start: 21, end: 32 }, similarity: 20 / 22 });
  });

  it('does not take back lines before the match unless they look like an edited first line', () => {
    const withoutHead = contentLines([...unrelated(5, 'a'), ...original.slice(1), ...unrelated(5, 'b')]);
    assert.deepEqual(findSimilar(withoutHead, original, 1, 0.7)?.lines, { start: 6, end: 14 });
    const editedHead = contentLines([...unrelated(5, 'a'), 'function retry(fn, limit) {', ...original.slice(1), ...unrelated(5, 'b')]);
    assert.deepEqual(findSimilar(editedHead, original, 1, 0.7)?.lines, { start: 6, end: 15 });
  });

  it('of two equally similar places, picks the one nearest the stored start', () => {
    const edited = original.map((line, i) => (i === 4 ? 'return await fn();' : line));
    const content = contentLines([...edited, ...unrelated(30, 'a'), ...edited]);
    assert.equal(findSimilar(content, original, 35, 0.7)?.lines.start, 41);
    assert.equal(findSimilar(content, original, 5, 0.7)?.lines.start, 1);
  });

  it('finds nothing in unrelated code, or when there is no code', () => {
    assert.equal(findSimilar(contentLines(unrelated(200, 'a')), original, 1, 0.7), undefined);
    assert.equal(findSimilar([], original, 1, 0.7), undefined);
    assert.equal(findSimilar(contentLines(original), [], 1, 0.7), undefined);
  });

  it('rates how alike two lines are by character pairs', () => {
    assert.equal(lineLikeness('abc', 'abc'), 1);
    assert.equal(lineLikeness('}', ')'), 0);
    assert.ok(lineLikeness('function retry(fn) {', 'function retry(fn, limit) {') > 0.7);
    assert.ok(lineLikeness('function retry(fn) {', "const a0 = load('a', 0);") < 0.3);
  });
});

describe('renamedPaths', () => {
  it('follows exact renames, then the deepest renamed folder, through chains, without looping', () => {
    const renames = new Map([
      ['src/a.ts', 'src/b.ts'],
      ['src/b.ts', 'lib/b.ts'],
      ['src', 'source'],
      ['src/deep', 'src/shallow'],
      ['x.ts', 'y.ts'],
      ['y.ts', 'x.ts'],
    ]);
    assert.deepEqual(renamedPaths('src/a.ts', renames), ['src/b.ts', 'lib/b.ts']);
    assert.deepEqual(renamedPaths('src/deep/c.ts', renames), ['src/shallow/c.ts', 'source/shallow/c.ts']);
    assert.deepEqual(renamedPaths('x.ts', renames), ['y.ts']);
    assert.deepEqual(renamedPaths('other.ts', renames), []);
    assert.deepEqual(renamedPaths('src/a.ts', undefined), []);
  });
});
