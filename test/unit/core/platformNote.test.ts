import * as assert from 'node:assert/strict';
import { deepLink } from '../../../src/core/deepLinks';
import { codeRefUrl, parseRemote } from '../../../src/core/permalinks';
import { platformNoteText } from '../../../src/core/platformNote';

describe('a note as posted to a platform', () => {
  const note = { at: '2026-11-13T14:07:11Z', author: 'alice', kind: 'observation' as const, text: 'p99 on /charge jumped to 30s', code: { path: 'src/payments/charge.ts', lines: { start: 36, end: 39 }, commit: '3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b' } };

  it('carries the code permalink and the deep link that opens the note in the reader\'s editor', () => {
    const codeUrl = codeRefUrl(note.code, { remote: parseRemote('git@github.com:acme/checkout.git') });
    const editorUrl = deepLink('vscode://incident-lens.incident-lens', { incident: 'INC-142', note: 0 });
    assert.equal(platformNoteText(note, { codeUrl, ...(editorUrl ? { editorUrl } : {}) }), [
      '[observation] (alice) p99 on /charge jumped to 30s',
      'src/payments/charge.ts:36-39 @ 3f2a9c1d5e6f https://github.com/acme/checkout/blob/3f2a9c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b/src/payments/charge.ts#L36-L39',
      'Open in your editor: vscode://incident-lens.incident-lens/open?incident=INC-142&note=0',
    ].join('\n'));
  });

  it('is the note alone without links or code', () => {
    assert.equal(platformNoteText({ at: note.at, kind: 'decision', text: 'Roll back' }), '[decision] Roll back');
  });
});
