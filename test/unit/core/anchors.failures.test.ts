// The failure kinds measured on real histories (issue 11), each with its right value.
import * as assert from 'node:assert/strict';
import { createLink, resolveLink, type LinkSource, type Resolution, type SourceFile, type SymbolNode } from '../../../src/core/anchors';
import { cachedSource, limiter } from '../../../src/core/anchors/cachedSource';
import { contentLines } from '../../../src/core/anchors/content';
import { findSimilar } from '../../../src/core/anchors/fuzzyMatch';
import { alignFromUnifiedDiff, alignLines } from '../../../src/core/anchors/lineDiff';
import { findSymbol, symbolSegments } from '../../../src/core/anchors/symbols';
import type { LineRange, Link } from '../../../src/core/model';

const PATH = 'src/handler.js';
const COMMIT = 'a1b2c3d4';

/** A source holding the file now and the file at COMMIT. */
function source(now: readonly string[], then?: readonly string[], symbols?: SymbolNode[]): LinkSource {
  return {
    read: async (path) => (path === PATH ? { path, lines: now, ...(symbols ? { symbols } : {}) } : undefined),
    ...(then ? { readAt: async (commit: string, path: string) => (commit === COMMIT && path === PATH ? then.join('\n') : undefined) } : {}),
  };
}

function link(then: readonly string[], lines: LineRange, extra: { symbol?: string; commit?: string } = { commit: COMMIT }): Link {
  return { ...createLink({ path: PATH, lines: then }, lines, extra), role: 'root-cause' };
}

function where(resolution: Resolution): object {
  if (resolution.kind === 'stale') return { stale: resolution.reason };
  return resolution.how === 'file' ? { how: 'file' } : { how: resolution.how, lines: resolution.lines };
}

const fn = (name: string, body: string[]): string[] => [`function ${name}(request, response) {`, ...body.map((line) => `  ${line}`), '}'];
const BODY = [
  'const user = request.user;',
  'if (!user) return response.status(401).end();',
  'const order = await orders.find(request.params.id);',
  'if (order.owner !== user.id) return response.status(403).end();',
  'const total = order.items.reduce((sum, item) => sum + item.price, 0);',
  'metrics.observe("order.total", total);',
  'await audit.log(user.id, "view", order.id);',
  'response.setHeader("Cache-Control", "private");',
  'response.json({ ...order, total });',
  'logger.debug("served order", order.id);',
  'return undefined;',
];
const BEFORE = ['// Orders API.', "const orders = require('./orders');", '', ...fn('showOrder', BODY), '', ...fn('listOrders', ['return response.json([]);'])];
const SHOW = { start: 4, end: 4 + BODY.length + 1 };

describe('anchors on real-history failure kinds', () => {
  it('does not shrink a selection when lines are inserted inside it', async () => {
    // A 13-line selection (the whole function) whose body gained 4 lines at the top.
    const inserted = ['  const started = Date.now();', '  tracing.start("showOrder");', '  if (request.aborted) return;', '  response.setHeader("X-Trace", tracing.id);'];
    const after = [...BEFORE.slice(0, SHOW.start), ...inserted, ...BEFORE.slice(SHOW.start)];
    const resolution = await resolveLink(link(BEFORE, SHOW), source(after, BEFORE));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: SHOW.start, end: SHOW.end + 4 } });
    // The similarity search alone (history lost, e.g. the block also moved) takes the grown window whole too.
    const original = contentLines(BEFORE.slice(SHOW.start - 1, SHOW.end)).map((c) => c.text);
    assert.deepEqual(findSimilar(contentLines(after), original, SHOW.start, 0.7)?.lines, { start: SHOW.start, end: SHOW.end + 4 });
  });

  it('follows a block that grew by more than a quarter (kept 10 of 12 lines, gained 4)', () => {
    const original = contentLines(fn('showOrder', BODY.slice(0, 10))).map((c) => c.text);
    const grown = fn('showOrder', [...BODY.slice(0, 3), 'const a = 1;', 'const b = 2;', ...BODY.slice(3, 6), 'const c = 3;', 'const d = 4;', ...BODY.slice(6, 8)]);
    const now = ['// moved here', '', ...grown, '', 'module.exports = showOrder;'];
    const found = findSimilar(contentLines(now), original, 1, 0.7);
    assert.deepEqual(found?.lines, { start: 3, end: 2 + grown.length });
    assert.equal(found?.similarity, (2 * 10) / (12 + 14));
  });

  it('decides between look-alike blocks by git history, not by resemblance', async () => {
    const config = (name: string, timeout: number): string[] => [`const ${name} = {`, "  host: 'db.internal',", '  port: 5432,', '  pool: 10,', `  timeoutMs: ${timeout},`, '};'];
    const before = ['// Databases.', ...config('primary', 2000), '', ...config('replica', 5000)];
    const replica = { start: 9, end: 14 };
    // The replica's pool and timeout change, and a comment lands above both blocks.
    const after = ['// Databases.', '// Timeouts in milliseconds.', ...config('primary', 2000), '', ...config('replica', 8000).map((line) => line.replace('pool: 10', 'pool: 20'))];
    const resolution = await resolveLink(link(before, replica), source(after, before));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: 10, end: 15 } });
  });

  it('keeps the header of a function that grew at the top and had its signature edited, without symbols', async () => {
    const after = [...BEFORE.slice(0, 3), 'function showOrder(request, response, next) {', '  const started = Date.now();', '  tracing.start("showOrder");', ...BEFORE.slice(4)];
    const resolution = await resolveLink(link(BEFORE, SHOW), source(after, BEFORE));
    assert.deepEqual(where(resolution), { how: 'history', lines: { start: SHOW.start, end: SHOW.end + 2 } });
  });

  it('does not move a one-line link to an identical line elsewhere', async () => {
    // `return undefined;` is linked; it is edited, and the other function gains the same line.
    const line = { start: 4 + BODY.length, end: 4 + BODY.length };
    const after = BEFORE.map((text, i) => (i + 1 === line.start ? '  return order;' : text.replace('return response.json([]);', 'return undefined;')));
    assert.deepEqual(where(await resolveLink(link(BEFORE, line), source(after, BEFORE))), { stale: `lines ${line.start}-${line.end} were edited in place since the linked commit` });
    // Without a commit the fingerprint alone decides: two places hold the text, so neither is chosen.
    const twice = [...BEFORE.slice(0, line.start - 1), '  return order;', ...BEFORE.slice(line.start), '', 'function other() {', '  return undefined;', '}'];
    const duplicated = [...twice, 'function again() {', '  return undefined;', '}'];
    assert.equal((await resolveLink(link(BEFORE, line, {}), source(duplicated))).kind, 'stale');
    // A unique one-liner that moved is still followed.
    assert.deepEqual(where(await resolveLink(link(BEFORE, line, {}), source(twice))), { how: 'moved', lines: { start: twice.length - 1, end: twice.length - 1 } });
  });

  it('finds symbols whose path has <function> or <unknown> segments', async () => {
    assert.deepEqual(symbolSegments('<function>'), ['<function>']);
    assert.deepEqual(symbolSegments("describe('orders') callback.<function>"), ["describe('orders') callback", '<function>']);
    assert.deepEqual(symbolSegments('Box<T>'), ['Box']);
    const tree: SymbolNode[] = [
      { name: "describe('orders') callback", startLine: 1, endLine: 20, children: [
        { name: '<function>', startLine: 2, endLine: 8, children: [] },
        { name: '<function>', startLine: 10, endLine: 19, children: [] },
      ] },
      { name: '<unknown>', startLine: 22, endLine: 30, children: [] },
    ];
    assert.deepEqual(findSymbol(tree, '<unknown>', 1), { start: 22, end: 30 });
    assert.deepEqual(findSymbol(tree, "describe('orders') callback.<function>", 11), { start: 10, end: 19 });
  });

  it('picks among same-named symbols the one git history says the link went to', async () => {
    const callback = (n: number): string[] => [`app.get('/v${n}', function (request, response) {`, `  response.send('v${n}');`, '});'];
    const before = [...callback(1), ...callback(2)];
    const after = [...callback(0), '', ...callback(1), '', ...callback(2)];
    const symbols: SymbolNode[] = [0, 4, 8].map((start) => ({ name: '<function>', startLine: start + 1, endLine: start + 3, children: [] }));
    const secondThen = { start: 4, end: 6 };
    const resolution = await resolveLink(link(before, secondThen, { symbol: '<function>', commit: COMMIT }), source(after, before, symbols));
    assert.deepEqual(where(resolution), { how: 'symbol', lines: { start: 9, end: 11 } });
  });

  it('marks lines that make no sense for the file stale at once, or clamps them when the text is the whole rest of the file', async () => {
    const nonsense: Link = { path: PATH, lines: { start: 1, end: 1_000_000 }, fingerprint: '0badf00d', role: 'related' };
    assert.deepEqual(where(await resolveLink(nonsense, source(BEFORE))), { stale: `lines 1-1000000 do not fit the file (${BEFORE.length} lines)` });
    const wholeFile = { ...createLink({ path: PATH, lines: BEFORE }, { start: 1, end: BEFORE.length }, {}), lines: { start: 1, end: 1_000_000 }, role: 'related' as const };
    assert.deepEqual(where(await resolveLink(wholeFile, source(BEFORE))), { how: 'unchanged', lines: { start: 1, end: BEFORE.length } });
  });

  it('links a whole symbol without searching inside it, and finds a few lines inside it by history', async () => {
    const symbols: SymbolNode[] = [{ name: 'showOrder', startLine: SHOW.start + 1, endLine: SHOW.end + 1, children: [] }];
    const after = ['// header', ...BEFORE.map((line) => line.replace('metrics.observe', 'stats.observe'))];
    const whole = await resolveLink(link(BEFORE, SHOW, { symbol: 'showOrder' }), source(after, undefined, symbols));
    assert.deepEqual(where(whole), { how: 'symbol', lines: { start: SHOW.start + 1, end: SHOW.end + 1 } });
    const inside = await resolveLink(link(BEFORE, { start: 8, end: 10 }, { symbol: 'showOrder', commit: COMMIT }), source(after, BEFORE, symbols));
    assert.deepEqual(where(inside), { how: 'symbol', lines: { start: 9, end: 11 } });
  });

  it('reads each file once and runs few git questions at once for many links into one file', async () => {
    let reads = 0;
    let running = 0;
    let most = 0;
    const inner: LinkSource = {
      read: async (path): Promise<SourceFile> => {
        reads++;
        return { path, lines: BEFORE };
      },
      readAt: async (commit) => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return commit === COMMIT ? BEFORE.join('\n') : undefined;
      },
    };
    const shared = cachedSource(inner, 4);
    const links = Array.from({ length: 1000 }, (_, i) => ({ ...link(BEFORE, SHOW), commit: `c0ffee${String(i % 50).padStart(2, '0')}` }));
    const results = await Promise.all(links.map((l) => resolveLink(l, shared)));
    assert.equal(reads, 1);
    assert.equal(most, 4);
    assert.ok(results.every((r) => r.kind === 'resolved'));
    const order: number[] = [];
    const limit = limiter(1);
    await Promise.all([3, 1, 2].map((n) => limit(async () => { order.push(n); })));
    assert.deepEqual(order, [3, 1, 2]);
  });

  it('aligns lines like a diff, and reads the same alignment from git\'s unified diff', () => {
    const before = ['a', 'b', 'c', 'd', 'e'];
    const after = ['a', 'x', 'c', 'd', 'y', 'e'];
    assert.deepEqual([...alignLines(before, after)], [0, -1, 2, 3, 5]);
    const diff = ['--- a/f', '+++ b/f', '@@ -2 +2 @@', '-b', '+x', '@@ -4,0 +5 @@', '+y'].join('\n');
    const parsed = alignFromUnifiedDiff(diff, after);
    assert.deepEqual(parsed && { before: parsed.before, map: [...parsed.map] }, { before, map: [0, -1, 2, 3, 5] });
  });
});
