import * as assert from 'node:assert/strict';
import { mapFramePath, type FileNameIndex } from '../../../src/services/stackTracePaths';

const FILES = [
  'src/payments/charge.ts',
  'src/payments/ledger.ts',
  'src/index.mjs',
  'main.go',
  'payments/charge.go',
  'services/billing/src/main/java/com/acme/payments/ChargeService.java',
  'app/models/charge.rb',
  'src/a/util.ts',
  'src/b/util.ts',
  'lib/index.js',
];

function index(files: readonly string[]): FileNameIndex {
  return {
    withName: (name, caseInsensitive) => files.filter((f) => {
      const base = f.slice(f.lastIndexOf('/') + 1);
      return caseInsensitive ? base.toLowerCase() === name.toLowerCase() : base === name;
    }),
  };
}

const ROOT = '/home/dev/app';
const map = (file: string, preferred?: Set<string>) => mapFramePath(file, ROOT, index(FILES), preferred);

describe('stack frame paths', () => {
  it('maps a path under the workspace root directly', () => {
    assert.deepEqual(map('/home/dev/app/src/payments/charge.ts'), { kind: 'workspace', path: 'src/payments/charge.ts' });
    assert.deepEqual(map('/home/dev/app/src/gone.ts'), { kind: 'skipped', reason: 'src/gone.ts is not in the workspace' });
  });

  it('maps a path from another machine or container by its longest matching suffix', () => {
    assert.deepEqual(map('/srv/app/src/payments/charge.ts'), { kind: 'workspace', path: 'src/payments/charge.ts' });
    assert.deepEqual(map('/go/src/github.com/acme/app/payments/charge.go'), { kind: 'workspace', path: 'payments/charge.go' });
  });

  it('reads Windows paths, case-insensitively, with either slash', () => {
    assert.deepEqual(map('C:\\Users\\dev\\App\\SRC\\Payments\\Charge.ts'), { kind: 'workspace', path: 'src/payments/charge.ts' });
    assert.deepEqual(map('C:/Users/dev/app/main.go'), { kind: 'workspace', path: 'main.go' });
  });

  it('strips file://, webpack:///, webpack://name/, webpack-internal:/// and URL hosts', () => {
    assert.deepEqual(map('file:///home/dev/app/src/index.mjs'), { kind: 'workspace', path: 'src/index.mjs' });
    assert.deepEqual(map('file:///C:/work/app/src/payments/ledger.ts'), { kind: 'workspace', path: 'src/payments/ledger.ts' });
    assert.deepEqual(map('file:///srv/app/src/my%20payments/../payments/charge.ts'), { kind: 'workspace', path: 'src/payments/charge.ts' });
    assert.deepEqual(map('webpack:///./src/payments/ledger.ts'), { kind: 'workspace', path: 'src/payments/ledger.ts' });
    assert.deepEqual(map('webpack://shop/./src/payments/ledger.ts'), { kind: 'workspace', path: 'src/payments/ledger.ts' });
    assert.deepEqual(map('webpack-internal:///(app-pages-browser)/./src/payments/ledger.ts'), { kind: 'workspace', path: 'src/payments/ledger.ts' });
    assert.deepEqual(map('https://shop.example/src/payments/charge.ts?v=3'), { kind: 'workspace', path: 'src/payments/charge.ts' });
  });

  it('finds a JVM package path under any source root', () => {
    assert.deepEqual(map('com/acme/payments/ChargeService.java'), { kind: 'workspace', path: 'services/billing/src/main/java/com/acme/payments/ChargeService.java' });
  });

  it('takes a relative path as it is', () => {
    assert.deepEqual(map('app/models/charge.rb'), { kind: 'workspace', path: 'app/models/charge.rb' });
  });

  it('skips library code, runtime internals and non-file URLs, saying why', () => {
    assert.deepEqual(map('/home/dev/app/node_modules/express/lib/router/index.js'), { kind: 'skipped', reason: 'library code (node_modules)' });
    assert.deepEqual(map('/usr/lib/python3.12/site-packages/requests/api.py'), { kind: 'skipped', reason: 'library code (site-packages)' });
    assert.deepEqual(map('node:internal/process/task_queues'), { kind: 'skipped', reason: 'runtime internals' });
    assert.deepEqual(map('<frozen importlib._bootstrap>'), { kind: 'skipped', reason: 'runtime internals' });
    assert.deepEqual(map('chrome-extension://abc/x.js'), { kind: 'skipped', reason: 'not a file (chrome-extension:)' });
  });

  it('does not match on a file name alone when both sides have folders', () => {
    assert.deepEqual(map('/usr/share/other/index.js'), { kind: 'skipped', reason: 'outside the workspace' });
    assert.deepEqual(map('/usr/local/go/src/net/http/server.go'), { kind: 'skipped', reason: 'outside the workspace' });
  });

  it('prefers a linked file among equal matches and names the others', () => {
    assert.deepEqual(map('/x/util.ts', new Set(['src/b/util.ts'])), { kind: 'skipped', reason: 'outside the workspace' });
    assert.deepEqual(map('util.ts', new Set(['src/b/util.ts'])), { kind: 'workspace', path: 'src/b/util.ts', ambiguous: ['src/a/util.ts'] });
  });
});
