import * as assert from 'node:assert/strict';
import { ownersOf, parseCodeowners, patternRegex } from '../../../src/core/codeowners';

// Pattern -> path -> matches, from GitHub's documented CODEOWNERS rules (gitignore syntax without
// negation or ranges; a directory match covers everything below it).
const TABLE: Record<string, Record<string, boolean>> = {
  'foo': { 'foo': true, 'foo.txt': false, 'foo/bar': true, 'bar/foo': true, 'bar/foo/baz': true, 'bar/baz': false },
  '/foo': { 'foo': true, 'foo/bar/baz': true, 'bar/foo': false, 'fool': false },
  'foo/': { 'foo': false, 'foo/bar': true, 'bar/foo/baz': true, 'bar/foo': false },
  '/foo/': { 'foo/bar': true, 'bar/foo/baz': false },
  'foo/bar': { 'foo/bar': true, 'foo/bar/baz': true, 'foo/bart': false, 'baz/foo/bar': false },
  '*': { 'foo': true, 'foo/bar/baz': true },
  '*.js': { 'a.js': true, 'src/a.js': true, 'a.jsx': false },
  '/*': { 'foo': true, 'foo/bar': false },
  'docs/*': { 'docs/a.md': true, 'docs/deep/a.md': false, 'docs': false },
  'f*/': { 'foo': false, 'foo/bar': true, 'bar/foo/baz': true },
  'foo/*.txt': { 'foo/a.txt': true, 'foo/a/b.txt': false, 'x/foo/a.txt': false },
  'foo/*/baz': { 'foo/bar/baz': true, 'foo/bar/baz/qux': true, 'foo/baz': false },
  'f?o': { 'foo': true, 'fo': false, 'fooo': false },
  'f\\*o': { 'f*o': true, 'foo': false },
  '**/foo/bar': { 'foo/bar': true, 'x/y/foo/bar/baz': true, 'foo/x/bar': false },
  'foo/bar/**': { 'foo/bar': false, 'foo/bar/baz/qux': true, 'x/foo/bar/baz': false },
  'foo/**/bar': { 'foo/bar': true, 'foo/a/b/bar/c': true, 'x/foo/bar': false },
  'foo/**/': { 'foo': false, 'foo/bar': true },
  'Docs/': { 'docs/a': false, 'Docs/a': true },
};

describe('CODEOWNERS', () => {
  it('matches paths as GitHub does', () => {
    for (const [pattern, paths] of Object.entries(TABLE)) {
      for (const [path, expected] of Object.entries(paths)) assert.equal(patternRegex(pattern).test(path), expected, `${pattern} vs ${path}`);
    }
  });

  it('lets the last matching rule win, a rule without owners unowns, and reports unsupported lines', () => {
    const parsed = parseCodeowners([
      '# comment',
      '*            @org/everyone  # trailing comment',
      'src/         @bob',
      'src/billing/ @alice alice@corp.example',
      'src/billing/generated/',
      '!src/keep    @x',
      'src/[ab].ts  @y',
      'src/c.ts     not-an-owner',
      '',
    ].join('\n'));
    assert.deepEqual(parsed.problems.map((p) => p.line), [6, 7, 8]);
    const owners = (path: string) => {
      const rule = ownersOf(parsed, path);
      return rule && [rule.line, rule.owners];
    };
    assert.deepEqual(owners('README.md'), [2, ['@org/everyone']]);
    assert.deepEqual(owners('src/api/routes.ts'), [3, ['@bob']]);
    assert.deepEqual(owners('src/billing/charge.ts'), [4, ['@alice', 'alice@corp.example']]);
    assert.deepEqual(owners('src/billing/generated/x.ts'), [5, []]);
    assert.equal(ownersOf(parseCodeowners('src/ @bob\n'), 'lib/a.ts'), undefined);
  });
});
