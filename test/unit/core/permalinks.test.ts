import * as assert from 'node:assert/strict';
import { blobUrl, codeRefUrl, parseRemote } from '../../../src/core/permalinks';

const COMMIT = '3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const LINES = { start: 51, end: 53 };

describe('permalinks from git remotes', () => {
  it('reads GitHub remotes over ssh and https, with and without .git', () => {
    const expected = { host: 'github', webUrl: 'https://github.com/acme/checkout' };
    for (const url of [
      'git@github.com:acme/checkout.git',
      'git@github.com:acme/checkout',
      'ssh://git@github.com/acme/checkout.git',
      'ssh://git@ssh.github.com:443/acme/checkout.git',
      'https://github.com/acme/checkout.git',
      'https://github.com/acme/checkout',
      'https://github.com/acme/checkout.git/',
      'git+ssh://git@github.com/acme/checkout.git',
      ' https://GitHub.com/acme/checkout.git\n',
    ]) {
      assert.deepEqual(parseRemote(url), expected, url);
    }
  });

  it('never carries credentials from the remote URL into a link', () => {
    assert.deepEqual(parseRemote('https://alice:ghp_secret@github.com/acme/checkout.git'), { host: 'github', webUrl: 'https://github.com/acme/checkout' });
    assert.deepEqual(parseRemote('https://x-token-auth:secret@bitbucket.org/acme/checkout.git'), { host: 'bitbucket', webUrl: 'https://bitbucket.org/acme/checkout' });
  });

  it('reads GitLab remotes with subgroups, self-hosted, and drops ssh ports but keeps web ports', () => {
    assert.deepEqual(parseRemote('git@gitlab.com:acme/payments/checkout.git'), { host: 'gitlab', webUrl: 'https://gitlab.com/acme/payments/checkout' });
    assert.deepEqual(parseRemote('ssh://git@gitlab.acme.io:2222/team/checkout.git'), { host: 'gitlab', webUrl: 'https://gitlab.acme.io/team/checkout' });
    assert.deepEqual(parseRemote('https://gitlab.acme.io:8443/team/checkout'), { host: 'gitlab', webUrl: 'https://gitlab.acme.io:8443/team/checkout' });
    assert.deepEqual(parseRemote('git@github.acme.com:team/checkout.git'), { host: 'github', webUrl: 'https://github.acme.com/team/checkout' });
  });

  it('reads Bitbucket Cloud remotes, not Bitbucket Server ones', () => {
    assert.deepEqual(parseRemote('git@bitbucket.org:acme/checkout.git'), { host: 'bitbucket', webUrl: 'https://bitbucket.org/acme/checkout' });
    assert.deepEqual(parseRemote('https://alice@bitbucket.org/acme/checkout.git'), { host: 'bitbucket', webUrl: 'https://bitbucket.org/acme/checkout' });
    assert.equal(parseRemote('ssh://git@bitbucket.acme.com:7999/proj/checkout.git'), undefined);
  });

  it('knows nothing about other hosts, local paths and nonsense', () => {
    for (const url of ['git@example.com:acme/checkout.git', '/srv/git/checkout.git', 'file:///srv/git/checkout.git', 'C:\\repos\\checkout', '', 'github.com', 'https://github.com/acme', 'https://github.com/acme/%E0%A4%A']) {
      assert.equal(parseRemote(url), undefined, url);
    }
  });

  it('builds each host\'s blob URL with its own line anchors', () => {
    const github = parseRemote('git@github.com:acme/checkout.git')!;
    const gitlab = parseRemote('git@gitlab.com:acme/checkout.git')!;
    const bitbucket = parseRemote('git@bitbucket.org:acme/checkout.git')!;
    assert.equal(blobUrl(github, COMMIT, 'src/payments/charge.ts', LINES), `https://github.com/acme/checkout/blob/${COMMIT}/src/payments/charge.ts#L51-L53`);
    assert.equal(blobUrl(github, COMMIT, 'src/a.ts', { start: 7, end: 7 }), `https://github.com/acme/checkout/blob/${COMMIT}/src/a.ts#L7`);
    assert.equal(blobUrl(gitlab, COMMIT, 'src/payments/charge.ts', LINES), `https://gitlab.com/acme/checkout/-/blob/${COMMIT}/src/payments/charge.ts#L51-53`);
    assert.equal(blobUrl(gitlab, COMMIT, 'src/a.ts', { start: 7, end: 7 }), `https://gitlab.com/acme/checkout/-/blob/${COMMIT}/src/a.ts#L7`);
    assert.equal(blobUrl(bitbucket, COMMIT, 'src/payments/charge.ts', LINES), `https://bitbucket.org/acme/checkout/src/${COMMIT}/src/payments/charge.ts#lines-51:53`);
    assert.equal(blobUrl(bitbucket, COMMIT, 'src/a.ts', { start: 7, end: 7 }), `https://bitbucket.org/acme/checkout/src/${COMMIT}/src/a.ts#lines-7`);
    assert.equal(blobUrl(github, COMMIT, 'docs/read me#1.md'), `https://github.com/acme/checkout/blob/${COMMIT}/docs/read%20me%231.md`);
  });

  it('pins a reference at its own commit, else HEAD, else gives the relative path', () => {
    const remote = parseRemote('git@github.com:acme/checkout.git');
    const ref = { path: 'src/payments/charge.ts', lines: LINES };
    assert.equal(codeRefUrl({ ...ref, commit: 'abc1234' }, { remote, head: COMMIT }), 'https://github.com/acme/checkout/blob/abc1234/src/payments/charge.ts#L51-L53');
    assert.equal(codeRefUrl(ref, { remote, head: COMMIT }), `https://github.com/acme/checkout/blob/${COMMIT}/src/payments/charge.ts#L51-L53`);
    assert.equal(codeRefUrl(ref, { remote }), 'src/payments/charge.ts#L51');
    assert.equal(codeRefUrl(ref, { head: COMMIT, relativePrefix: '../' }), '../src/payments/charge.ts#L51');
    // A commit field that is not a commit id never reaches a URL.
    assert.equal(codeRefUrl({ ...ref, commit: 'main/../../evil' }, { remote }), 'src/payments/charge.ts#L51');
  });
});
